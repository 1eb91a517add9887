/*
 * A6: import a key from encryption under a ZMK to encryption under the LMK.
 *
 * Request: "A6" + key type 3H (FFF for a TR-31 key block: its usage gives the type) + ZMK (16H or 1A+32H/48H,
 * under LMK 04-05; or 'S' + key block under the key-block LMK) + key under the ZMK (16H or 1A+32H/48H; 'U'/'T' use
 * the ZMK variants; or 'R' + TR-31 key block, version B or C) + key scheme (LMK) 1A (S: a key block with the host's
 * default attributes for the key type, or a TR-31 key's own attributes; the host writes a TR-31 key as S only) +
 * optional Atalla variant 1N/2N (not with a TR-31 key) + optional '%' + LMK identifier 2N (the LMK slot of the
 * call, selected before the ZMK is read).
 * Reply: "A7" "00" + key under the LMK pair of the key type (or 'S' + key block) + KCV 6H; "A7" "01" with the same
 * fields when the imported key's parity is not odd (advice only; never for a TR-31 key).
 * Errors (the host enforces 17, 27, 75 and 29): 17 any key type but 001 (ZPK) outside the authorised activity
 * import; 27 a single-length key in the PCI profile; 75 a key whose halves repeat;
 * 15 malformed, missing or trailing data, or an Atalla variant with a TR-31 key; 13 no LMK in the slot the
 * identifier names; 10 ZMK parity; 26 invalid key scheme; 27 a scheme does not fit the key's length; 04 invalid key
 * type; A4 a TR-31 block whose authenticator does not verify, A6 a block whose usage is not the key type, BE a
 * block version the ZMK cannot open, B2 a malformed block, and the other key-block codes (A1...) as the host
 * answers them.
 * Metadata (description "Import a key") in A6.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "A7"
#define REPLY_CAPACITY (4 + KEYS_LMK_FIELD_MAX + 6)

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    keys_transfer t;
    if (!keys_take_transfer(&c, &t) || !keys_at_end(&c) || (t.key[0] == 'R' && t.atalla_given)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }

    return keys_import(RESPONSE, t.zmk, t.zmk_length, t.key, t.key_length, t.atalla, (const char *)t.type, t.scheme,
            6, REPLY_CAPACITY);
}
