/*
 * A0: generate a key.
 *
 * Request: "A0" + mode 1H ('0' generate, '1' generate and also encrypt under a ZMK) + key type 3H (a key type code
 * such as 001, or FFF for a key block whose usage gives the type) + key scheme (LMK) 1A (Z single, U/X double, T/Y
 * triple: it sets the key's length; S a key block under the key-block LMK) + [mode 1: ZMK (16H or 1A+32H/48H
 * under LMK 04-05, or 'S' + key block) + key scheme (ZMK) 1A + optional Atalla variant 1N/2N] +
 * optional '%' + LMK identifier 2N (the LMK slot of the call) + [scheme S only: optional '#' + key-block attributes:
 * key usage 2A, algorithm 2A, mode of use 1A, key version 2N, exportability 1A, number of optional blocks 2N].
 * With scheme S and '#' the algorithm sets the key's length (T2 16 bytes, T3 24; any other, AES A1 to A3 among
 * them, 16 for the host to refuse) and the key is written with those attributes; with scheme S and no '#' the key
 * is double length, written under its key type with the host's default attributes. Example: A00FFFS#72T2N00N00
 * generates a double-length ZPK as a key block.
 * Reply: "A1" "00" + key under the LMK pair of the key type (or 'S' + key block) + [mode 1: key under the ZMK] +
 * KCV 6H.
 * Errors (the host enforces 17, 27, 75, 29 and the key-block codes): 17 a ZMK (key type 000), or in mode 1 any key
 * but a ZPK, outside the authorised activities generate.zmk / export; 27 a single-length key in the PCI profile;
 * 15 malformed, missing or trailing data (a '#' field after a scheme other than S included), or a mode other than
 * 0/1; 13 no LMK in the slot the identifier names; 26 unknown key scheme or one the key type does not allow; 04
 * invalid key type; 10 ZMK parity; 27 ZMK scheme does not fit the key's length; A1 a key block under the variant
 * LMK (or a variant key under a key-block LMK); A6, A7 (AES included: the host writes 3DES key blocks only), A8,
 * A9, AA, AB a key-block attribute the host refuses; AA also a mode 1 export of a key that is not exportable.
 * Metadata (description "Generate a key") in A0.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A1"
#define REPLY_CAPACITY (4 + KEYS_LMK_FIELD_MAX + 49 + 6)

/* Length of the key-block attributes after '#'. */
#define ATTRIBUTES_LENGTH 10

/*
 * Returns the key length in bytes for a key block: 24 for the algorithm T3 of the '#' attributes (triple-length
 * 3DES), else 16 (T2, or no attributes). The host generates DES keys only: for any other algorithm (AES A1 to A3
 * among them) the double-length key goes to hsm_key_to_lmk_block, which refuses the algorithm (A7).
 */
static int32_t block_key_length(const uint8_t *attributes)
{
    if (attributes && attributes[2] == 'T' && attributes[3] == '3') {
        return 24;
    }

    return 16;
}

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
    const uint8_t *zmk_field = 0;
    int32_t zmk_length = 0;
    int32_t zmk_scheme = 0;
    int32_t atalla = 0;
    if (mode[0] == '1') {
        zmk_field = hsm_take_key(&c, 16, &zmk_length);
        const uint8_t *zmk_scheme_field = hsm_take(&c, 1);
        zmk_scheme = zmk_scheme_field ? zmk_scheme_field[0] : 0;
        atalla = keys_take_atalla(&c);
    }
    /* The LMK identifier is selected once the whole request is checked; the attributes follow it. */
    hsm_cursor lmk = c;
    if (hsm_take_if(&c, '%')) {
        hsm_take_decimal(&c, 2);
    }
    const uint8_t *attributes = scheme[0] == 'S' && hsm_take_if(&c, '#') ? hsm_take(&c, ATTRIBUTES_LENGTH) : 0;
    if (!c.ok || c.left != 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&lmk);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t zmk = 0;
    if (zmk_field) {
        zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
        if (zmk < 0) {
            return hsm_fail_code(RESPONSE, zmk);
        }
    }
    int32_t key_length = scheme[0] == 'S' ? block_key_length(attributes) : keys_scheme_length(scheme[0]);
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
    int32_t result = attributes ? keys_put_under_lmk_block(&r, key, (const char *)type, attributes, ATTRIBUTES_LENGTH)
            : keys_put_under_lmk(&r, key, (const char *)type, scheme[0]);
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
