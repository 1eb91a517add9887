/*
 * Test plugin ZI (response ZJ): grows memory, so host tests can check the memory cap.
 *
 * Request: "ZI" + n (4N, a number of 64 KiB pages), nothing else.
 * Reply: "ZJ00Y" if memory.grow(n) succeeded, "ZJ00N" if it returned -1 (past the host's cap).
 * Error 15 if n is missing, not 4 digits, or followed by more data. Metadata in grow.meta.
 */
#include "hsm_plugin.h"

/* The reply, so that replying never allocates after growing. */
static uint8_t reply[5] = {'Z', 'J', '0', '0', '?'};

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    if (length != 6) {
        return hsm_error_reply("ZJ", HSM_ERR_INVALID_INPUT);
    }
    int32_t pages = hsm_parse_decimal(request + 2, 4);
    if (pages < 0) {
        return hsm_error_reply("ZJ", HSM_ERR_INVALID_INPUT);
    }
    reply[4] = __builtin_wasm_memory_grow(0, (uintptr_t)pages) == (uintptr_t)-1 ? 'N' : 'Y';

    return hsm_pack(reply, sizeof(reply));
}
