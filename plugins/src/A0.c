/*
 * A0: generate a key.
 *
 * Request: "A0" + mode 1H ('0' generate, '1' generate and also encrypt under a ZMK) + key type 3H + key scheme (LMK)
 * 1A (Z single, U/X double, T/Y triple: it sets the key's length) + [mode 1: ZMK (16H or 1A+32H/48H, under LMK
 * 04-05) + key scheme (ZMK) 1A + optional Atalla variant 1N/2N] + optional '%' + LMK identifier 2N (ignored).
 * Reply: "A1" "00" + key under the LMK pair of the key type + [mode 1: key under the ZMK] + KCV 6H.
 * Errors (the host enforces 17, 27, 75 and 29): 17 a ZMK (key type 000), or in mode 1 any key but a ZPK, outside
 * the authorised activities generate.zmk / export; 27 a single-length key in the PCI profile;
 * 15 malformed, missing or trailing data, or a mode other than 0/1; 26 unknown key scheme or one the key
 * type does not allow; 04 invalid key type; 10 ZMK parity; 27 ZMK scheme does not fit the key's length.
 * Metadata (description "Generate a key") in A0.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A1"
#define REPLY_CAPACITY 128

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    const uint8_t *mode = hsm_take(&c, 1);
    const uint8_t *type = hsm_take(&c, 3);
    const uint8_t *scheme = hsm_take(&c, 1);
    if (!c.ok || (mode[0] != '0' && mode[0] != '1')) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t zmk = 0;
    int32_t zmk_scheme = 0;
    int32_t atalla = 0;
    if (mode[0] == '1') {
        int32_t zmk_length;
        const uint8_t *zmk_field = hsm_take_key(&c, 16, &zmk_length);
        const uint8_t *zmk_scheme_field = hsm_take(&c, 1);
        atalla = keys_take_atalla(&c);
        if (!keys_take_end(&c)) {
            return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
        }
        zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
        if (zmk < 0) {
            return hsm_fail_code(RESPONSE, zmk);
        }
        zmk_scheme = zmk_scheme_field[0];
    } else if (!keys_take_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t key_length = keys_scheme_length(scheme[0]);
    if (key_length < 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_KEY_SCHEME);
    }
    int32_t key = hsm_key_generate(key_length);
    if (key < 0) {
        return hsm_fail_code(RESPONSE, key);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, REPLY_CAPACITY);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = keys_put_under_lmk(&r, key, (const char *)type, scheme[0]);
    if (result >= 0 && zmk > 0) {
        result = keys_put_under_kek(&r, key, zmk, zmk_scheme, atalla);
    }
    if (result >= 0) {
        result = keys_put_check_value(&r, key, 6);
    }
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&r);
}
