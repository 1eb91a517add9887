/*
 * Test plugin ZO (response ZP): computes for as long as asked, so host tests can check call deadlines with a call
 * that does finish.
 *
 * Request: "ZO" + n (9N, a number of iterations), nothing else.
 * Reply: "ZP00" + the xorshift32 state after n steps from 0x12345678 (8H). Each step depends on the previous one
 * and the result is in the reply, so the compiler cannot remove or shorten the loop.
 * Error 15 if n is missing, not 9 digits or followed by more data. Metadata in spin.meta.
 */
#include "hsm_plugin.h"

static uint8_t reply[12] = {'Z', 'P', '0', '0'};

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    if (length != 11) {
        return hsm_error_reply("ZP", HSM_ERR_INVALID_INPUT);
    }
    int32_t iterations = hsm_parse_decimal(request + 2, 9);
    if (iterations < 0) {
        return hsm_error_reply("ZP", HSM_ERR_INVALID_INPUT);
    }
    uint32_t state = 0x12345678u;
    for (int32_t i = 0; i < iterations; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
    }
    hsm_put_hex(reply + 4, state, 8);

    return hsm_pack(reply, sizeof(reply));
}
