/*
 * BU: generate a key check value.
 *
 * Request: "BU" + key type code 2 (variant digit + LMK pair code, e.g. 00 ZMK, 01 ZPK, 02 TMK/TPK/PVK, 42 CVK; FF:
 * the key type follows the key) + key length flag 1N (0 single, 1 double, 2 triple) + key (16H, 32H, 48H or
 * 1A+32H/48H, under the LMK pair of the key type; or 'S' + key block under the key-block LMK) + [if the code is
 * FF: ';' + key type 3H, FFF for a key block whose usage gives the type] + optional (';' + reserved 1A + reserved
 * 1A + KCV type 1N: 0 16H, 1 6H) + optional '%' + LMK identifier 2N (the LMK slot of the call). A key block is
 * normally sent as BUFF + flag + S + block + ;FFF, and its length is the block's own: the key length flag must
 * still be 0, 1 or 2 but is not compared with it.
 * Reply: "BV" "00" + KCV (16H, or 6H with KCV type 1).
 * Errors: 15 malformed, missing or trailing data (a key block whose length digits are not digits, or give more than
 * was sent), or an unknown KCV type; 05 invalid key length flag or one that does not match a variant key; 13 no LMK
 * in the slot the identifier names; 04 invalid key type; 10 key parity; 26/27 and the key-block codes (A1, A4, A6...)
 * as the host returns them.
 * Metadata (description "Generate a key check value") in BU.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "BV"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t key_length;
    int32_t flag_bytes;
    char type[3];
    const char *error;
    const uint8_t *key_field = keys_take_typed_key(&c, type, &key_length, &flag_bytes, &error);
    if (!key_field) {
        return hsm_error_reply(RESPONSE, error);
    }
    int32_t kcv_digits = 16;
    if (hsm_take_if(&c, ';')) {
        const uint8_t *options = hsm_take(&c, 3);
        kcv_digits = options ? keys_check_value_digits(options[2]) : -1;
    }
    if (!keys_at_end(&c) || kcv_digits < 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    if (key_field[0] != 'S' && keys_field_key_length(key_length) != flag_bytes) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_KEY_LENGTH_FLAG);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t key = hsm_key_from_lmk(type, key_field, key_length);
    if (key < 0) {
        return hsm_fail_code(RESPONSE, key);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, 4 + 16);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = keys_put_check_value(&r, key, kcv_digits);
    if (result < 0) {
        return hsm_fail_code(RESPONSE, result);
    }

    return hsm_reply_done(&r);
}
