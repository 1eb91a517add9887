/*
 * JG: translate a PIN from LMK to ZPK encryption.
 *
 * Request: "JG" + destination ZPK (16H or 1A+32H or 1A+48H, key type 001: LMK 06-07; or 'S' + key block under the
 * key-block LMK) + PIN block format (2N) + account number (12N) + PIN under LMK 02-03 (16H, as JE returns it) +
 * optional '%' + LMK identifier (2N: the LMK slot of the call, selected before the ZPK is read).
 * Reply: "JH" "00" + PIN block (16H, under the ZPK).
 * Errors: 11 ZPK parity (the ZPK is the destination key), 13 no LMK in the slot the identifier names, 14 PIN under LMK
 * invalid, 15 malformed or missing field, 23 unsupported PIN block format, 26/27 key scheme or length, and the
 * key-block codes (A1, A4, A6, A8...) as the host answers them.
 * Metadata (description "Translate a PIN from LMK to ZPK Encryption") in JG.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

#define RESPONSE "JH"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t zpk_length;
    const uint8_t *zpk_field = hsm_take_key(&c, 16, &zpk_length);
    int32_t format = hsm_take_decimal(&c, 2);
    const uint8_t *account = pins_take_digits(&c, 12);
    const uint8_t *pin = hsm_take_hex(&c, PINS_LMK_PIN_LENGTH);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t zpk = pins_key("001", zpk_field, zpk_length, HSM_ERR_DESTINATION_KEY_PARITY);
    if (zpk < 0) {
        return hsm_fail_code(RESPONSE, zpk);
    }
    hsm_reply reply = hsm_reply_start(RESPONSE, 20);
    uint8_t *block = hsm_reply_space(&reply, 16);
    if (!block) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = hsm_pin_from_lmk(pin, PINS_LMK_PIN_LENGTH, zpk, format, account, block);
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&reply);
}
