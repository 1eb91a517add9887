/*
 * J8: get health check accumulated counts.
 *
 * Request: "J8" (any data after the command code is ignored).
 * Reply: "J9" "00" + serial, start, end and current date and time, reboots (10N), tampers (10N), PIN verifications in the last minute (7N) and hour (5N), PIN attacks (8N).
 * The host makes the figures from the engine's counters (hsm.status kind '8'); error 41 if it keeps none.
 * Layout in docs/commands.md. Metadata (description "Get health check accumulated counts", imports hsm.status) in J8.meta.
 */
#include "status_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;

    return status_reply("J9", '8');
}
