/*
 * GC: translate a ZPK from encryption under the LMK to encryption under a ZMK.
 *
 * Request: "GC" + ZMK (16H or 1A+32H/48H, under LMK 04-05) + ZPK (16H or 1A+32H/48H, under LMK 06-07; either may
 * be 'S' + key block under the key-block LMK) + optional (';' + key scheme (ZMK) 1A (R: a TR-31 key block) +
 * reserved 1A + KCV type 1N: 0 16H, 1 6H) + optional '%' + LMK identifier 2N (the LMK slot of the call, selected
 * before the keys are read) + optional '!' + key block version 1A (with R only: B, the default, or C; D needs an
 * AES ZMK). Without the ';' options the ZPK keeps its scheme (bare 16H: single; bare 32H and a key block: X) and the
 * KCV is 16H.
 * Reply: "GD" "00" + ZPK under the ZMK (with R: 'R' + TR-31 key block) + KCV (16H or 6H).
 * Errors: 15 malformed, missing or trailing data, an unknown KCV type, or a version without R; 13 no LMK in the
 * slot the identifier names; 10 ZMK parity; 11 ZPK parity; 26 invalid key scheme; 27 the scheme does not fit the
 * ZPK's length; AA a ZPK key block that is not exportable (in TR-31 form: exportability N, or E or S under a ZMK
 * that is not a key block; in any other form, every key block); BE a TR-31 version the ZMK cannot write; the other
 * key-block codes as the host answers them.
 * Metadata (description "Translate a ZPK from LMK to ZMK encryption") in GC.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "GD"
#define REPLY_CAPACITY (4 + KEYS_TR31_FIELD_MAX + 16)

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t zmk_length;
    int32_t zpk_length;
    const uint8_t *zmk_field = hsm_take_key(&c, 16, &zmk_length);
    const uint8_t *zpk_field = hsm_take_key(&c, 16, &zpk_length);
    int32_t scheme = zpk_field ? keys_field_scheme(zpk_field, zpk_length) : 0;
    int32_t kcv_digits = 16;
    if (hsm_take_if(&c, ';')) {
        const uint8_t *options = hsm_take(&c, 3);
        scheme = options ? options[0] : 0;
        kcv_digits = options ? keys_check_value_digits(options[2]) : -1;
    }
    int32_t version = keys_take_end_version(&c);
    if (version < 0 || kcv_digits < 0 || (scheme != 'R' && version > 0)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }

    return keys_export(RESPONSE, zmk_field, zmk_length, zpk_field, zpk_length, KEYS_TYPE_ZPK, scheme, 0, version,
            kcv_digits, REPLY_CAPACITY);
}
