/*
 * J2: get HSM loading.
 *
 * Request: "J2" (any data after the command code is ignored).
 * Reply: "J3" "00" + serial, start, end and current date and time, seconds sampled, then ten blocks of start percentage (3N), end percentage (3N), seconds in that range (10N) and ';'.
 * The host makes the figures from the engine's counters (hsm.status kind '2'); error 41 if it keeps none.
 * Layout in docs/commands.md. Metadata (description "Get HSM loading", imports hsm.status) in J2.meta.
 */
#include "status_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;

    return status_reply("J3", '2');
}
