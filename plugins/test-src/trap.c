/*
 * Test plugin ZA (response ZB): Execute traps (unreachable), so the host must answer with its error reply and
 * drop the instance. Metadata in trap.meta.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;
    __builtin_trap();
}
