/*
 * The health and utilisation commands (JK, J2, J4, J8): the host makes the figures from the engine's own counters
 * (hsm.status, see hsm_host.h and docs/commands.md); a plugin frames them after its response and error codes.
 * Included by those plugins only.
 */
#ifndef STATUS_UTIL_H
#define STATUS_UTIL_H

#include "hsm_host.h"
#include "hsm_plugin.h"

#define STATUS_CAP 16384

/* Answers response code `response` (2 characters) with the host's figures for `kind`; error 41 if it has none. */
static inline int64_t status_reply(const char *response, int32_t kind)
{
    uint8_t *reply = hsm_alloc(4 + STATUS_CAP);
    if (reply == 0) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t length = hsm_status(kind, reply + 4, STATUS_CAP);
    if (length < 0 || length > STATUS_CAP) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = (uint8_t)response[0];
    reply[1] = (uint8_t)response[1];
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, (uint32_t)(4 + length));
}

#endif
