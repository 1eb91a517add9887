/*
 * A8: export a key from encryption under the LMK to encryption under a ZMK.
 *
 * Request: "A8" + key type 3H (FFF for a key block: its usage gives the type) + ZMK (16H or 1A+32H/48H, under LMK
 * 04-05; or 'S' + key block) + key (16H or 1A+32H/48H, under the LMK pair of the key type; or 'S' + key block under
 * the key-block LMK) + key scheme (ZMK) 1A + optional Atalla variant 1N/2N + optional '%' + LMK identifier 2N (the
 * LMK slot of the call, selected before the ZMK is read).
 * Reply: "A9" "00" + key under the ZMK + KCV 6H.
 * Errors (the host enforces 17 and 29): 17 any key type but 001 (ZPK) outside the authorised activity export; 15
 * malformed, missing or trailing data; 13 no LMK in the slot the identifier names; 10 ZMK parity; 11 key parity; 04
 * invalid key type; 26 invalid key scheme; 27 the ZMK scheme does not fit the key's length; AA a key block that is
 * not exportable, and the other key-block codes (A1, A6, A8) as the host answers them.
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
    keys_transfer t;
    if (!keys_take_transfer(&c, &t)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }

    return keys_export(RESPONSE, t.zmk, t.zmk_length, t.key, t.key_length, (const char *)t.type, t.scheme, t.atalla,
            6, REPLY_CAPACITY);
}
