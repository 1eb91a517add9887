/*
 * BW: migrate a key from the variant LMK to a key-block LMK.
 *
 * Request: "BW" + key type code 2 (as BU: variant digit + LMK pair code, e.g. 00 ZMK, 01 ZPK, 02 TMK/TPK/PVK, 42
 * CVK; FF: the key type follows the key) + key length flag 1N (0 single, 1 double, 2 triple) + key (16H, 32H, 48H or
 * 1A+32H/48H, under the variant LMK pair of the key type) + [if the code is FF: ';' + key type 3H] + '%' + the slot
 * of the destination key-block LMK 2N + optional '#' + key-block attributes (key usage 2A, algorithm 2A, mode of use
 * 1A, key version 2N, exportability 1A, number of optional blocks 2N). Without '#' the key gets the default
 * attributes of its type (its usage, mode of use N, exportability E).
 * Reply: "BX" "00" + 'S' + the key block under the destination LMK.
 * The usage must give exactly the key's type (the host checks it), so a key never gains a role in the move; the mode
 * of use and exportability can only restrict it.
 * Errors: 15 malformed, missing or trailing data, or no '%' slot; 05 invalid key length flag or one that does not
 * match the key; 04 invalid key type; 10 key parity; 13 no LMK in the destination slot; A1 the destination is the
 * variant LMK, or the key is a key block already; A5, A6, A7, A8, A9, AA, AB attributes the host refuses.
 * Metadata (description "Migrate a key to a key-block LMK") in BW.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "keys_util.h"

#define RESPONSE "BX"
#define ATTRIBUTES_LENGTH 10
#define BLOCK_CAPACITY 129

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
    const uint8_t *slot = hsm_take_if(&c, '%') ? hsm_take(&c, 2) : 0;
    const uint8_t *attributes = hsm_take_if(&c, '#') ? hsm_take(&c, ATTRIBUTES_LENGTH) : 0;
    if (!c.ok || !slot || c.left != 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    /* The key's own length must match the flag; a key block has its own and is refused by the host (A1). */
    if (key_field[0] != 'S' && keys_field_key_length(key_length) != flag_bytes) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_KEY_LENGTH_FLAG);
    }
    hsm_reply r = hsm_reply_start(RESPONSE, 4 + BLOCK_CAPACITY);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t written = hsm_key_migrate(type, key_field, key_length, slot, attributes ? attributes : slot,
            attributes ? ATTRIBUTES_LENGTH : 0, hsm_reply_space(&r, 0), BLOCK_CAPACITY);
    if (written < 0) {
        return hsm_fail_code(RESPONSE, written);
    }
    hsm_reply_space(&r, written);

    return hsm_reply_done(&r);
}
