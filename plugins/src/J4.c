/*
 * J4: get host command volumes.
 *
 * Request: "J4" (any data after the command code is ignored).
 * Reply: "J5" "00" + serial, start, end and current date and time, seconds sampled, then each command answered since the start (2A) with its count (12N).
 * The host makes the figures from the engine's counters (hsm.status kind '4'); error 41 if it keeps none.
 * Layout in docs/commands.md. Metadata (description "Get host command volumes", imports hsm.status) in J4.meta.
 */
#include "status_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;

    return status_reply("J5", '4');
}
