/*
 * JE: translate a PIN from ZPK to LMK encryption.
 *
 * Request: "JE" + ZPK (16H or 1A+32H or 1A+48H, key type 001: LMK 06-07; or 'S' + key block under the key-block LMK) +
 * PIN block (16H) + PIN block format (2N) + account number (12N) + optional '%' + LMK identifier (2N: the LMK slot of
 * the call, selected before the ZPK is read).
 * Reply: "JF" "00" + PIN under LMK 02-03 (16H, the host's form).
 * Errors: 10 ZPK parity, 13 no LMK in the slot the identifier names, 15 malformed or missing field, 20 PIN block
 * content invalid, 23 unsupported PIN block format, 24 PIN length, 26/27 key scheme or length, and the key-block codes
 * (A1, A4, A6, A8...) as the host answers them.
 * Metadata (description "Translate a PIN from ZPK to LMK Encryption") in JE.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

#define RESPONSE "JF"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t zpk_length;
    const uint8_t *zpk_field = hsm_take_key(&c, 16, &zpk_length);
    const uint8_t *block = hsm_take_hex(&c, 16);
    int32_t format = hsm_take_decimal(&c, 2);
    const uint8_t *account = pins_take_digits(&c, 12);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t zpk = pins_key("001", zpk_field, zpk_length, HSM_ERR_SOURCE_KEY_PARITY);
    if (zpk < 0) {
        return hsm_fail_code(RESPONSE, zpk);
    }
    hsm_reply reply = hsm_reply_start(RESPONSE, 4 + PINS_LMK_PIN_LENGTH);
    uint8_t *pin = hsm_reply_space(&reply, PINS_LMK_PIN_LENGTH);
    if (!pin) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = hsm_pin_to_lmk(zpk, block, format, account, pin, PINS_LMK_PIN_LENGTH);
    if (result != PINS_LMK_PIN_LENGTH) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&reply);
}
