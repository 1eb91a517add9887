/*
 * B2: echo.
 *
 * Request: "B2" + length (4H, number of data bytes that follow) + data.
 * Reply: "B3" "00" + data.
 * Error 15 if the length field is missing or not hex, or the length is less than the data; error 80 if the
 * length is greater than the data. The reply is built in place over the request buffer, so it never allocates.
 * Metadata (description "Echo") in B2.meta.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(uint8_t *request, int32_t length)
{
    if (length < 6) {
        return hsm_error_reply("B3", HSM_ERR_INVALID_INPUT);
    }
    int32_t declared = hsm_parse_hex(request + 2, 4);
    if (declared < 0) {
        return hsm_error_reply("B3", HSM_ERR_INVALID_INPUT);
    }
    int32_t actual = length - 6;
    if (declared > actual) {
        return hsm_error_reply("B3", HSM_ERR_DATA_LENGTH);
    }
    if (declared < actual) {
        return hsm_error_reply("B3", HSM_ERR_INVALID_INPUT);
    }
    uint8_t *reply = request + 2;
    reply[0] = 'B';
    reply[1] = '3';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, (uint32_t)(length - 2));
}
