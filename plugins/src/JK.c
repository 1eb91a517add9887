/*
 * JK: instantaneous health check.
 *
 * Request: "JK" (any data after the command code is ignored).
 * Reply: "JL" "00" + serial, date, time, the console, manager and host port states, tamper state, LMK counts and list, fraud and PIN attack flags.
 * The host makes the figures from the engine's counters (hsm.status kind 'K'); error 41 if it keeps none.
 * Layout in docs/commands.md. Metadata (description "Instantaneous health check", imports hsm.status) in JK.meta.
 */
#include "status_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;

    return status_reply("JL", 'K');
}
