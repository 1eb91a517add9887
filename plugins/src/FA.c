/*
 * FA: translate a ZPK from encryption under a ZMK to encryption under the LMK.
 *
 * Request: "FA" + ZMK (16H or 1A+32H/48H, under LMK 04-05; or 'S' + key block under the key-block LMK) + ZPK under
 * the ZMK (16H or 1A+32H/48H; or 'R' + TR-31 key block, version B or C, usage P0 or 72) + optional Atalla variant
 * 1N/2N (not with a TR-31 ZPK) + optional (';' + reserved 1A + key scheme (LMK) 1A (S: a key block with the host's
 * default ZPK attributes, or a TR-31 ZPK's own attributes; the host writes a TR-31 ZPK as S only) + KCV type 1N: 0
 * 16H, 1 6H) + optional '%' + LMK identifier 2N (the LMK slot of the call, selected before the ZMK is read). Without
 * the ';' options the ZPK keeps its scheme (bare 16H: single; a TR-31 ZPK: S) and the KCV is 16H.
 * Reply: "FB" "00" + ZPK under LMK 06-07 (or 'S' + key block) + KCV (16H or 6H); "FB" "01" with the same fields
 * when the ZPK's parity is not odd (advice only; never for a TR-31 ZPK).
 * Errors: 15 malformed, missing or trailing data, an unknown KCV type, or an Atalla variant with a TR-31 ZPK; 13 no
 * LMK in the slot the identifier names; 10 ZMK parity; 26 invalid key scheme; 27 a scheme does not fit the key's
 * length; A4 a TR-31 block whose authenticator does not verify, A6 a block whose usage is not a ZPK's, BE a block
 * version the ZMK cannot open, B2 a malformed block, and the other key-block codes (A1...) as the host answers them.
 * Metadata (description "Translate a ZPK from ZMK to LMK encryption") in FA.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "FB"
#define REPLY_CAPACITY (4 + KEYS_LMK_FIELD_MAX + 16)

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t zmk_length;
    int32_t zpk_length;
    const uint8_t *zmk_field = hsm_take_key(&c, 16, &zmk_length);
    const uint8_t *zpk_field = hsm_take_key(&c, 16, &zpk_length);
    int tr31 = zpk_field && zpk_field[0] == 'R';
    int atalla_given = keys_atalla_next(&c);
    int32_t atalla = keys_take_atalla(&c);
    /* A TR-31 ZPK is written under the LMK only as a key block. */
    int32_t scheme = tr31 ? 'S' : zpk_field ? keys_field_scheme(zpk_field, zpk_length) : 0;
    int32_t kcv_digits = 16;
    if (hsm_take_if(&c, ';')) {
        const uint8_t *options = hsm_take(&c, 3);
        scheme = options ? options[1] : 0;
        kcv_digits = options ? keys_check_value_digits(options[2]) : -1;
    }
    if (!keys_at_end(&c) || kcv_digits < 0 || (tr31 && atalla_given)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }

    return keys_import(RESPONSE, zmk_field, zmk_length, zpk_field, zpk_length, atalla, KEYS_TYPE_ZPK, scheme,
            kcv_digits, REPLY_CAPACITY);
}
