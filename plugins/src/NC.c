/*
 * NC: perform diagnostics.
 *
 * Request: "NC" (any data after the command code is ignored).
 * Reply: "ND" "00" + LMK check value (16H, config key lmk.check) + firmware number (9A, config key firmware).
 * Error 41 (internal error) if a config value is unknown, has the wrong length, or the check value is not hex.
 * Metadata (description "Perform diagnostics", imports hsm.config) in NC.meta.
 */
#include "hsm_plugin.h"

#define CHECK_LENGTH 16
#define FIRMWARE_LENGTH 9
#define REPLY_LENGTH (4 + CHECK_LENGTH + FIRMWARE_LENGTH)

/* Writes config value key into out; returns 1 if it exists and is exactly expected bytes long, else 0. */
static int read_config(const char *key, int32_t key_length, uint8_t *out, int32_t expected)
{
    return hsm_config(key, key_length, out, expected) == expected;
}

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    (void)request;
    (void)length;
    uint8_t *reply = hsm_alloc(REPLY_LENGTH);
    if (reply == 0) {
        return hsm_error_reply("ND", HSM_ERR_INTERNAL_ERROR);
    }
    if (!read_config("lmk.check", 9, reply + 4, CHECK_LENGTH) || !hsm_is_hex(reply + 4, CHECK_LENGTH)
            || !read_config("firmware", 8, reply + 4 + CHECK_LENGTH, FIRMWARE_LENGTH)) {
        return hsm_error_reply("ND", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'N';
    reply[1] = 'D';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, REPLY_LENGTH);
}
