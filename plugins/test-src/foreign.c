/*
 * Test plugin ZR (response ZS): imports env.now, a function the host does not provide, and declares it in its
 * metadata (foreign.meta: imports=env.now), so the host must reject it when loading.
 *
 * Otherwise valid: request "ZR"; reply "ZS00" + the value env.now() returned (16H).
 */
#include "hsm_plugin.h"

/* A host function no HSM host provides: () -> i64. */
__attribute__((import_module("env"), import_name("now")))
int64_t env_now(void);

static uint8_t reply[20] = {'Z', 'S', '0', '0'};

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;
    uint64_t now = (uint64_t)env_now();
    hsm_put_hex(reply + 4, (uint32_t)(now >> 32), 8);
    hsm_put_hex(reply + 12, (uint32_t)now, 8);

    return hsm_pack(reply, sizeof(reply));
}
