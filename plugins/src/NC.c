/*
 * NC: perform diagnostics.
 *
 * Request: "NC" + optional '%' + LMK identifier 2N (the LMK slot to report). Anything else after the command code
 * (a '%' without two digits, or data after them, included) is ignored.
 * Reply: "ND" "00" + LMK check value (16H) + firmware number (9A, config key firmware). The check value of slot nn
 * is config key lmk.check.nn: with '%' + nn, that slot's; without, the default slot's (config key lmk.default, 2N),
 * or config key lmk.check where the host gives no lmk.default (older hosts).
 * Errors: 13 no check value for the slot (no LMK in it); 41 (internal error) if lmk.default is not 2 digits, or the
 * check value or firmware number is unknown, has the wrong length, or the check value is not hex.
 * Metadata (description "Perform diagnostics", imports hsm.config) in NC.meta.
 */
#include "hsm_plugin.h"

#define CHECK_LENGTH 16
#define FIRMWARE_LENGTH 9
#define REPLY_LENGTH (4 + CHECK_LENGTH + FIRMWARE_LENGTH)

/* Config key of a slot's LMK check value: "lmk.check." and the 2 digits of the slot. */
#define SLOT_KEY_PREFIX "lmk.check."
#define SLOT_KEY_LENGTH 12

/* Writes config value key into out; returns 1 if it exists and is exactly expected bytes long, else 0. */
static int read_config(const char *key, int32_t key_length, uint8_t *out, int32_t expected)
{
    return hsm_config(key, key_length, out, expected) == expected;
}

/*
 * Writes the check value of the LMK the request names (the slot after '%', else the default slot) into out.
 * Returns "00", or the error code: "13" if the slot has no check value, "41" if the config values are not usable.
 */
static const char *read_check_value(const uint8_t *request, int32_t length, uint8_t *out)
{
    char key[SLOT_KEY_LENGTH];
    for (int32_t i = 0; i < SLOT_KEY_LENGTH - 2; i++) {
        key[i] = SLOT_KEY_PREFIX[i];
    }
    int named = length >= 5 && request[2] == '%' && hsm_parse_decimal(request + 3, 2) >= 0;
    if (named) {
        key[SLOT_KEY_LENGTH - 2] = (char)request[3];
        key[SLOT_KEY_LENGTH - 1] = (char)request[4];
    } else {
        uint8_t slot[2];
        int32_t slot_length = hsm_config("lmk.default", 11, slot, 2);
        if (slot_length < 0) {
            /* An older host: one LMK, whose check value is lmk.check. */
            return read_config("lmk.check", 9, out, CHECK_LENGTH) ? HSM_ERR_NO_ERROR : HSM_ERR_INTERNAL_ERROR;
        }
        if (slot_length != 2 || hsm_parse_decimal(slot, 2) < 0) {
            return HSM_ERR_INTERNAL_ERROR;
        }
        key[SLOT_KEY_LENGTH - 2] = (char)slot[0];
        key[SLOT_KEY_LENGTH - 1] = (char)slot[1];
    }
    int32_t check_length = hsm_config(key, SLOT_KEY_LENGTH, out, CHECK_LENGTH);
    if (check_length < 0) {
        return HSM_ERR_INVALID_LMK_IDENTIFIER;
    }

    return check_length == CHECK_LENGTH ? HSM_ERR_NO_ERROR : HSM_ERR_INTERNAL_ERROR;
}

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    uint8_t *reply = hsm_alloc(REPLY_LENGTH);
    if (reply == 0) {
        return hsm_error_reply("ND", HSM_ERR_INTERNAL_ERROR);
    }
    const char *status = read_check_value(request, length, reply + 4);
    if (status[0] != HSM_ERR_NO_ERROR[0] || status[1] != HSM_ERR_NO_ERROR[1]) {
        return hsm_error_reply("ND", status);
    }
    if (!hsm_is_hex(reply + 4, CHECK_LENGTH)
            || !read_config("firmware", 8, reply + 4 + CHECK_LENGTH, FIRMWARE_LENGTH)) {
        return hsm_error_reply("ND", HSM_ERR_INTERNAL_ERROR);
    }
    reply[0] = 'N';
    reply[1] = 'D';
    reply[2] = HSM_ERR_NO_ERROR[0];
    reply[3] = HSM_ERR_NO_ERROR[1];

    return hsm_pack(reply, REPLY_LENGTH);
}
