/*
 * N0: generate a random value.
 *
 * Request: "N0" + length (3N, decimal: the number of random bytes, 001 to 999).
 * Reply: "N1" "00" + that many random bytes, binary, from the host's random source.
 * Error 15 if the length field is missing, not three digits, or followed by more data; error 01 if the length is 000.
 * Metadata (description "Generate a random value", imports hsm.random) in N0.meta.
 */
#include "hsm_host.h"
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    if (length != 5) {
        return hsm_error_reply("N1", HSM_ERR_INVALID_INPUT);
    }
    int32_t count = hsm_parse_decimal(request + 2, 3);
    if (count < 0) {
        return hsm_error_reply("N1", HSM_ERR_INVALID_INPUT);
    }
    if (count == 0) {
        return hsm_error_reply("N1", HSM_ERR_VERIFICATION_FAILED);
    }
    uint8_t *reply = hsm_alloc(4 + count);
    if (reply == 0 || hsm_random(reply + 4, count) != count) {
        return hsm_error_reply("N1", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'N';
    reply[1] = '1';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, (uint32_t)(4 + count));
}
