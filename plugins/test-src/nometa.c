/*
 * Test plugin ZS (response ZT): a valid plugin with no metadata. It has no nometa.meta, so plugins/build.sh adds
 * no hsm.plugin custom section and the host must reject it when loading.
 *
 * Otherwise valid: request "ZS" + any data; reply "ZT00" + the data.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    int32_t data_length = length > 2 ? length - 2 : 0;
    uint8_t *reply = hsm_alloc(4 + data_length);
    if (reply == 0) {
        return hsm_error_reply("ZT", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'Z';
    reply[1] = 'T';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];
    for (int32_t i = 0; i < data_length; i++) {
        reply[4 + i] = request[2 + i];
    }

    return hsm_pack(reply, (uint32_t)(4 + data_length));
}
