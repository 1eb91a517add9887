/*
 * Test plugin ZW (response ZX), hostile: tries to use a key of any type as a key-encrypting key, so that host
 * tests can check that a PIN key or a PVK is refused as a KEK. It is an attacker, for tests only, never deployed.
 * Metadata in pinkek.meta.
 *
 * Request: "ZW" + key type 3H + a key field under the LMK as that type + a victim key field under the LMK as key
 * type 001 (ZPK). Each field is 'U'/'X' + 32H, 'T'/'Y' + 48H, 'Z' + 16H or bare 32H.
 * Reply: "ZX00" + for each step its host result as a sign and 3 digits ("+001", "-029"; a value above 999 is
 * written 999). "ZX15" when a field is missing or data follows the victim field.
 *
 *   1 key = key_from_lmk(type, field)
 *   2 victim = key_from_lmk("001", victim field)
 *   3 key_to_kek(victim, key, 'X', 0): the victim under the key
 *   4 key_from_kek(key, 'X' + 32H, 0), the 32H being the first 32 hex characters after the scheme letter of the
 *     cryptogram of step 3 if it wrote one, else of the victim field: a key imported from under the key
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "hostile.h"

#define RESPONSE "ZX"
#define STEPS 4
#define FIELD_CAPACITY 49
#define IMPORT_LENGTH 33

static uint8_t victim_under_key[FIELD_CAPACITY];
static uint8_t import_field[IMPORT_LENGTH];

/* Fills import_field with 'X' and 32 characters of source, skipping its scheme letter if it has one. */
static void build_import_field(const uint8_t *source, int32_t source_length)
{
    int32_t start = source_length > 0 && hsm_hex_value(source[0]) < 0 ? 1 : 0;
    import_field[0] = 'X';
    for (int32_t i = 0; i < IMPORT_LENGTH - 1; i++) {
        import_field[1 + i] = start + i < source_length ? source[start + i] : '0';
    }
}

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    const uint8_t *type = hsm_take(&c, 3);
    int32_t key_length;
    const uint8_t *key_field = hsm_take_key(&c, 32, &key_length);
    int32_t victim_length;
    const uint8_t *victim_field = hsm_take_key(&c, 32, &victim_length);
    if (!c.ok || c.left != 0) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    static char type_code[3];
    type_code[0] = (char)type[0];
    type_code[1] = (char)type[1];
    type_code[2] = (char)type[2];
    int32_t results[STEPS];
    int32_t key = results[0] = hsm_key_from_lmk(type_code, key_field, key_length);
    int32_t victim = results[1] = hsm_key_from_lmk("001", victim_field, victim_length);
    int32_t written = results[2] = hsm_key_to_kek(victim, key, 'X', 0, victim_under_key, FIELD_CAPACITY);
    if (written > 0) {
        build_import_field(victim_under_key, written);
    } else {
        build_import_field(victim_field, victim_length);
    }
    results[3] = hsm_key_from_kek(key, import_field, IMPORT_LENGTH, 0);
    hsm_reply r = hsm_reply_start(RESPONSE, 4 + 4 * STEPS);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    for (int32_t i = 0; i < STEPS; i++) {
        put_result(&r, results[i]);
    }

    return hsm_reply_done(&r);
}
