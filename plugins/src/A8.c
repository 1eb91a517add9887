/*
 * A8: export a key from encryption under the LMK to encryption under a ZMK.
 *
 * Request: "A8" + key type 3H (FFF for a key block: its usage gives the type) + ZMK (16H or 1A+32H/48H, under LMK
 * 04-05; or 'S' + key block) + key (16H or 1A+32H/48H, under the LMK pair of the key type; or 'S' + key block under
 * the key-block LMK) + key scheme (ZMK) 1A (R: a TR-31 key block) + optional Atalla variant 1N/2N (not with R) +
 * optional '%' + LMK identifier 2N (the LMK slot of the call, selected before the ZMK is read) + optional '!' + key
 * block version 1A (with R only: B, the default, or C; D needs an AES ZMK).
 * Reply: "A9" "00" + key under the ZMK (with R: 'R' + TR-31 key block) + KCV 6H.
 * Errors (the host enforces 17 and 29): 17 any key type but 001 (ZPK) outside the authorised activity export; 15
 * malformed, missing or trailing data, an Atalla variant with R, or a version without R; 13 no LMK in the slot the
 * identifier names; 10 ZMK parity; 11 key parity; 04 invalid key type; 26 invalid key scheme; 27 the ZMK scheme does
 * not fit the key's length; AA a key block that is not exportable (in TR-31 form: exportability N, or E or S under
 * a ZMK that is not a key block; in any other form, every key block); BE a TR-31 version the ZMK cannot write; the
 * other key-block codes (A1, A6, A8) as the host answers them.
 * Metadata (description "Export a key") in A8.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A9"
#define REPLY_CAPACITY (4 + KEYS_TR31_FIELD_MAX + 6)

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    keys_transfer t;
    int32_t version = keys_take_transfer(&c, &t) ? keys_take_end_version(&c) : -1;
    int tr31 = t.scheme == 'R';
    if (version < 0 || (tr31 && t.atalla_given) || (!tr31 && version > 0)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }

    return keys_export(RESPONSE, t.zmk, t.zmk_length, t.key, t.key_length, (const char *)t.type, t.scheme, t.atalla,
            version, 6, REPLY_CAPACITY);
}
