/*
 * Test plugin ZC (response ZD): Execute returns reply pointer 0xFFFFFFF0 and length 0x20, far outside memory;
 * pointer plus length also overflows 32 bits, so the host must check the range with 64-bit arithmetic.
 * Metadata in garbage.meta.
 */
#include "hsm_plugin.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;

    return (int64_t)0xFFFFFFF000000020ull;
}
