/*
 * Test plugin ZE (response ZF): Execute never returns, so the host must interrupt it at its deadline.
 * Metadata in loop.meta.
 */
#include "hsm_plugin.h"

/* Counter the loop writes, so the compiler keeps the loop. */
static volatile uint32_t spins;

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;
    for (;;) {
        spins++;
    }
}
