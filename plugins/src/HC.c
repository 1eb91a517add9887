/*
 * HC: generate a TMK, TPK or PVK.
 *
 * Request: "HC" + current TMK (16H or 1A+32H/48H, key type 80D under the PCI profile's key type 002 separation,
 * else 002 under LMK 14-15; or 'S' + key block under the key-block LMK) + optional (';' + key scheme (TMK) 1A + key
 * scheme (LMK) 1A + reserved 1A) + optional '%' + LMK identifier 2N (the LMK slot of the call, selected before the
 * current key is read). Without the ';' options the new key is double length (scheme U under both keys); otherwise
 * the key scheme (LMK) sets its length (Z, U/X, T/Y: the new key is not written as a key block).
 * Reply: "HD" "00" + new key under the current key + new key under the LMK as a TMK (80D, or 002).
 * Errors: 15 malformed, missing or trailing data; 13 no LMK in the slot the identifier names; 10 current key
 * parity; 26 invalid key scheme (the PCI profile writes U and T only under the LMK, and S is not one this command
 * writes); 27 the key scheme (TMK) does not fit the new key's length, or a single-length key in the PCI profile; 29
 * the current key is not a TMK; A1 a key-block LMK selected (the new key is written as a variant key) and the other
 * key-block codes as the host answers them.
 * Metadata (description "Generate a TMK, TPK or PVK") in HC.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "HD"
#define REPLY_CAPACITY 128
#define LMK_FIELD_CAPACITY 49

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t current_length;
    const uint8_t *current_field = hsm_take_key(&c, 16, &current_length);
    int32_t tmk_scheme = 'U';
    int32_t lmk_scheme = 'U';
    if (hsm_take_if(&c, ';')) {
        const uint8_t *options = hsm_take(&c, 3);
        tmk_scheme = options ? options[0] : 0;
        lmk_scheme = options ? options[1] : 0;
    }
    if (!keys_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    char tmk_type[4];
    if (!keys_tmk_type(tmk_type)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t current = hsm_key_from_lmk(tmk_type, current_field, current_length);
    if (current < 0) {
        return hsm_fail_code(RESPONSE, current);
    }
    int32_t key_length = keys_scheme_length((uint8_t)lmk_scheme);
    if (key_length < 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_KEY_SCHEME);
    }
    int32_t key = hsm_key_generate(key_length);
    if (key < 0) {
        return hsm_fail_code(RESPONSE, key);
    }
    /* The host exports only a key written under the LMK: write it there first, then under the current key. */
    uint8_t under_lmk[LMK_FIELD_CAPACITY];
    int32_t lmk_length = hsm_key_to_lmk(key, tmk_type, lmk_scheme, under_lmk, LMK_FIELD_CAPACITY);
    if (lmk_length < 0) {
        return hsm_fail_code(RESPONSE, lmk_length);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, REPLY_CAPACITY);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = keys_put_under_kek(&r, key, current, tmk_scheme, 0);
    uint8_t *out = result >= 0 ? hsm_reply_space(&r, lmk_length) : 0;
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }
    if (!out) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    for (int32_t i = 0; i < lmk_length; i++) {
        out[i] = under_lmk[i];
    }

    return hsm_reply_done(&r);
}
