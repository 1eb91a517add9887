/*
 * A8: export a key from encryption under the LMK to encryption under a ZMK.
 *
 * Request: "A8" + key type 3H + ZMK (16H or 1A+32H/48H, under LMK 04-05) + key (16H or 1A+32H/48H, under the LMK
 * pair of the key type) + key scheme (ZMK) 1A + optional Atalla variant 1N/2N + optional '%' + LMK identifier 2N
 * (ignored).
 * Reply: "A9" "00" + key under the ZMK + KCV 6H.
 * Errors (the host enforces 17 and 29): 17 any key type but 001 (ZPK) outside the authorised activity export; 15
 * malformed, missing or trailing
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
    keys_transfer t;
    if (!keys_take_transfer(&c, &t)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }

    return keys_export(RESPONSE, t.zmk, t.zmk_length, t.key, t.key_length, (const char *)t.type, t.scheme, t.atalla,
            6, REPLY_CAPACITY);
}
