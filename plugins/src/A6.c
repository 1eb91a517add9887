/*
 * A6: import a key from encryption under a ZMK to encryption under the LMK.
 *
 * Request: "A6" + key type 3H + ZMK (16H or 1A+32H/48H, under LMK 04-05) + key under the ZMK (16H or 1A+32H/48H;
 * 'U'/'T' use the ZMK variants) + key scheme (LMK) 1A + optional Atalla variant 1N/2N + optional '%' + LMK
 * identifier 2N (ignored).
 * Reply: "A7" "00" + key under the LMK pair of the key type + KCV 6H; "A7" "01" with the same fields when the
 * imported key's parity is not odd (advice only).
 * Errors: 17 key type 000 (ZMK) outside the authorised state (hsm.config.authorised);
 * 15 malformed, missing or trailing data; 10 ZMK parity; 26 invalid key scheme; 27 a scheme does not fit
 * the key's length; 04 invalid key type.
 * Metadata (description "Import a key") in A6.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A7"
#define REPLY_CAPACITY 64

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t zmk_length;
    int32_t key_length;
    const uint8_t *type = hsm_take(&c, 3);
    const uint8_t *zmk_field = hsm_take_key(&c, 16, &zmk_length);
    const uint8_t *key_field = hsm_take_key(&c, 16, &key_length);
    const uint8_t *scheme = hsm_take(&c, 1);
    int32_t atalla = keys_take_atalla(&c);
    if (!keys_take_end(&c)) {
        return hsm_error_reply(RESPONSE, "15");
    }
    if (keys_is_zmk_type(type) && !keys_authorised()) {
        return hsm_error_reply(RESPONSE, "17");
    }
    int32_t zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
    if (zmk < 0) {
        return hsm_fail_code(RESPONSE, zmk);
    }
    int32_t key = hsm_key_from_kek(zmk, key_field, key_length, atalla);
    if (key < 0) {
        return hsm_fail_code(RESPONSE, key);
    }
    int32_t parity = hsm_key_parity_ok(key);
    if (parity < 0) {
        return hsm_fail_code(RESPONSE, parity);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, REPLY_CAPACITY);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, "41");
    }
    int32_t result = keys_put_under_lmk(&r, key, (const char *)type, scheme[0]);
    if (result >= 0) {
        result = keys_put_check_value(&r, key, 6);
    }
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }
    if (!parity) {
        hsm_reply_error(&r, "01");
    }

    return hsm_reply_done(&r);
}
