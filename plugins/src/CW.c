/*
 * CW: generate a Visa CVV.
 *
 * Request: "CW" + CVK A/B (32H or 'U'/'X' + 32H, key type 402: variant 4 of LMK 14-15; or 'S' + key block under the
 * key-block LMK) + primary account number (1 to 19 digits) + ';' + expiry date (4N) + service code (3N) + optional '%'
 * + LMK identifier (2N: the LMK slot of the call, selected before the CVK is read).
 * Reply: "CX" "00" + CVV (3N).
 * Errors: 10 CVK parity, 13 no LMK in the slot the identifier names, 15 malformed or missing field (or a PAN the host
 * does not accept, fewer than 12 digits), 26 invalid key scheme, 27 CVK not double length, and the key-block codes (A1,
 * A4, A6, A8...) as the host answers them.
 * Metadata (description "Generate a VISA CVV") in CW.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

#define RESPONSE "CX"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t cvk_length;
    int32_t pan_length;
    const uint8_t *cvk_field = hsm_take_key(&c, 32, &cvk_length);
    const uint8_t *pan = pins_take_pan(&c, &pan_length);
    const uint8_t *expiry = pins_take_digits(&c, 4);
    const uint8_t *service_code = pins_take_digits(&c, 3);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t cvk = pins_key("402", cvk_field, cvk_length, HSM_ERR_SOURCE_KEY_PARITY);
    if (cvk < 0) {
        return hsm_fail_code(RESPONSE, cvk);
    }
    hsm_reply reply = hsm_reply_start(RESPONSE, 7);
    uint8_t *cvv = hsm_reply_space(&reply, 3);
    if (!cvv) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = hsm_cvv(cvk, pan, pan_length, expiry, service_code, cvv);
    if (result != 3) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&reply);
}
