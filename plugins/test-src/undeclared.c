/*
 * Test plugin ZQ (response ZR): imports hsm.config but its metadata (undeclared.meta) declares no imports
 * ("imports=" is empty), so the host must reject it when loading.
 *
 * Otherwise valid: request "ZQ"; reply "ZR00" + the firmware number (9A, config key firmware), error 41 if that
 * key is unknown or not 9 bytes long.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;
    uint8_t *reply = hsm_alloc(4 + 9);
    if (reply == 0 || hsm_config("firmware", 8, reply + 4, 9) != 9) {
        return hsm_error_reply("ZR", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'Z';
    reply[1] = 'R';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, 4u + 9u);
}
