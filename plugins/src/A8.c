/*
 * A8: export a key from encryption under the LMK to encryption under a ZMK.
 *
 * Request: "A8" + key type 3H + ZMK (16H or 1A+32H/48H, under LMK 04-05) + key (16H or 1A+32H/48H, under the LMK
 * pair of the key type) + key scheme (ZMK) 1A + optional Atalla variant 1N/2N + optional '%' + LMK identifier 2N
 * (ignored).
 * Reply: "A9" "00" + key under the ZMK + KCV 6H.
 * Errors: 17 the HSM is not in the authorised state (hsm.config.authorised); 15 malformed, missing or trailing
 * data; 10 ZMK parity; 11 key parity; 04 invalid key type; 26 invalid
 * key scheme; 27 the ZMK scheme does not fit the key's length.
 * Metadata (description "Export a key") in A8.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A9"
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
    if (!keys_authorised()) {
        return hsm_error_reply(RESPONSE, "17");
    }
    int32_t zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
    if (zmk < 0) {
        return hsm_fail_code(RESPONSE, zmk);
    }
    int32_t key = hsm_key_from_lmk((const char *)type, key_field, key_length);
    if (key < 0) {
        return keys_destination_fail(RESPONSE, key);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, REPLY_CAPACITY);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, "41");
    }
    int32_t result = keys_put_under_kek(&r, key, zmk, scheme[0], atalla);
    if (result >= 0) {
        result = keys_put_check_value(&r, key, 6);
    }
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&r);
}
