/*
 * DG: generate a Visa PIN verification value from a PIN under the LMK.
 *
 * Request: "DG" + PVK pair (32H or 1A+32H, key type 002: LMK 14-15; or 'S' + key block under the key-block LMK) + PIN
 * under LMK 02-03 (16H, as JE returns it) + account number (12N) + PVKI (1N) + optional '%' + LMK identifier (2N: the
 * LMK slot of the call, selected before the PVK is read).
 * Reply: "DH" "00" + PVV (4N).
 * Errors: 10 PVK parity, 13 no LMK in the slot the identifier names, 14 PIN under LMK invalid, 15 malformed or missing
 * field, 26 key scheme, 27 PVK not double length, and the key-block codes (A1, A4, A6, A8...) as the host answers them.
 * Metadata (description "Generate a VISA PIN Verification Value") in DG.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

#define RESPONSE "DH"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t pvk_length;
    const uint8_t *pvk_field = hsm_take_key(&c, 32, &pvk_length);
    const uint8_t *pin = hsm_take_hex(&c, PINS_LMK_PIN_LENGTH);
    const uint8_t *account = pins_take_digits(&c, 12);
    int32_t pvki = hsm_take_decimal(&c, 1);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t pvk = pins_key("002", pvk_field, pvk_length, HSM_ERR_SOURCE_KEY_PARITY);
    if (pvk < 0) {
        return hsm_fail_code(RESPONSE, pvk);
    }
    hsm_reply reply = hsm_reply_start(RESPONSE, 8);
    uint8_t *pvv = hsm_reply_space(&reply, 4);
    if (!pvv) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = hsm_pvv_from_lmk(pvk, pin, PINS_LMK_PIN_LENGTH, account, pvki, pvv);
    if (result != 4) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&reply);
}
