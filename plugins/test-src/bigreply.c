/*
 * Test plugin ZK (response ZL): replies with exactly as many bytes as asked, so host tests can check the
 * maximum reply length.
 *
 * Request: "ZK" + n (5N, the reply length, at least 4), nothing else.
 * Reply: "ZL00" followed by n - 4 bytes 'X' (n bytes in all). Error 41 if the reply cannot be allocated; error
 * 15 if n is missing, not 5 digits, less than 4 or followed by more data. Metadata in bigreply.meta.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    if (length != 7) {
        return hsm_error_reply("ZL", HSM_ERR_INVALID_INPUT);
    }
    int32_t size = hsm_parse_decimal(request + 2, 5);
    if (size < 4) {
        return hsm_error_reply("ZL", HSM_ERR_INVALID_INPUT);
    }
    uint8_t *reply = hsm_alloc(size);
    if (reply == 0) {
        return hsm_error_reply("ZL", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'Z';
    reply[1] = 'L';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];
    for (int32_t i = 4; i < size; i++) {
        reply[i] = 'X';
    }

    return hsm_pack(reply, (uint32_t)size);
}
