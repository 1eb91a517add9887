/*
 * Test plugin ZU (response ZV), hostile: tries to launder a key through the host's key functions within one
 * Execute, so that host tests can check that no chain of host calls puts a clear key into guest memory. It is an
 * attacker, for tests only, never deployed. Metadata in launder.meta.
 *
 * Request: "ZU" + a victim key field under the LMK as key type 001 (ZPK), the rest of the request ('U'/'X' + 32H,
 * 'T'/'Y' + 48H, 'Z' + 16H or bare hex): mode 1. Or "ZU" + a mode digit + a key field that starts with its scheme
 * letter (U, X, T, Y or Z): "2" and a victim ZPK (001), mode 2; "3" and an EMV master key MK-AC (109), mode 3; "4"
 * and a ZMK (000), mode 4.
 * Reply: "ZV00" + for each step its host result as a sign and 3 digits ("+001", "-029"; a value above 999 is
 * written 999) + [modes 1 to 3, only when the last steps returned the length asked for: the bytes they wrote, 2 hex
 * characters each, which would be the victim's clear key (modes 1, 2) or the EMV session key before parity
 * adjustment (mode 3)] + [mode 4, only when step 4 wrote it: the key field of step 4, 16H under the LMK].
 * "ZV15" when the key field is missing.
 *
 * Mode 1, the nine-call chain (an untyped key is exported, imported back, and the two copies typed apart):
 *   1 k1 = key_generate(16)
 *   2 k2 = key_generate(16)
 *   3 key_to_lmk(k1, "000", 'U'): k1 becomes a ZMK
 *   4 c2 = key_to_kek(k2, k1, 'X', 0): k2, still untyped, under k1
 *   5 k2b = key_from_kek(k1, c2, 0): a copy of k2
 *   6 key_to_lmk(k2b, "00B", 'U'): the copy becomes a DEK
 *   7 key_to_lmk(k2, "000", 'U'): the original becomes a ZMK
 *   8 victim = key_from_lmk("001", field); cv = key_to_kek(victim, k2, scheme, 0), the scheme of the victim's
 *     length (Z, X or Y: plain ECB per 8-byte part); the result is that of key_to_kek, or of key_from_lmk if it
 *     failed
 *   9 crypt(k2b, decrypt, ECB, no IV) over the bytes of cv (hex-decoded): the victim's clear key
 *
 * Mode 2, through halves (each 8-byte half of an untyped key imported as a single-length key):
 *   1 k1 = key_generate(16)
 *   2 k2 = key_generate(16)
 *   3 key_to_lmk(k1, "000", 'U')
 *   4 c2 = key_to_kek(k2, k1, 'X', 0)
 *   5 l = key_from_kek(k1, the left 16H of c2, 0): the left half of k2
 *   6 r = key_from_kek(k1, the right 16H of c2, 0): the right half of k2
 *   7 key_to_lmk(l, "00B", 'Z')
 *   8 key_to_lmk(r, "00B", 'Z')
 *   9 key_to_lmk(k2, "000", 'U')
 *  10 victim and cv as in step 8 of mode 1
 *  11 crypt(l, decrypt, ECB) over the bytes of cv
 *  12 crypt(r, encrypt, ECB) over the result
 *  13 crypt(l, decrypt, ECB) over that: 3DES-EDE2 decryption under k2 done as single DES, the victim's clear key
 *
 * Mode 3, an EMV session key computed by a MAC under the card key it is derived from:
 *   1 mk = key_from_lmk("109", field)
 *   2 card = emv_card_key(mk, PAN and PSN 4761739001010010)
 *   3 session = emv_session_key(card, ATC 0001)
 *   4 mac(card, algorithm 1, no padding, no IV, 0001F00000000000): 3DES under the card key, the session key's left
 *     half before parity adjustment
 *   5 mac(card, algorithm 1, no padding, no IV, 00010F0000000000): its right half
 *
 * Mode 4, the check value of a KEK imported under that KEK (the check value is the KEK's encryption of zeros, so the
 * key imported is all zeros but for parity, a key whose value the plugin knows):
 *   1 zmk = key_from_lmk("000", field)
 *   2 kcv = key_check_value(zmk, 16 digits)
 *   3 k = key_from_kek(zmk, kcv as a 16H field, 0)
 *   4 key_to_lmk(k, "001", 'Z'): that known key as a ZPK under the LMK
 *   5 key_check_value(k, 16 digits)
 *
 * Every step runs whatever the earlier ones returned (a refused step leaves its handle negative, which the host
 * refuses in turn), so the reply always shows where the chain was stopped.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "hostile.h"

#define RESPONSE "ZV"
#define MAX_STEPS 13
#define SINGLE_FIELD 16
#define FIELD_CAPACITY 49
#define MAX_KEY_BYTES 24

static int32_t results[MAX_STEPS];
static int32_t steps;
static uint8_t k1_field[FIELD_CAPACITY];
static uint8_t k2_under_k1[FIELD_CAPACITY];
static uint8_t typed_field[FIELD_CAPACITY];
static uint8_t victim_under_k2[FIELD_CAPACITY];
static uint8_t cipher[MAX_KEY_BYTES];
static uint8_t clear[MAX_KEY_BYTES];
static uint8_t check_value[SINGLE_FIELD];
static const uint8_t pan_psn[8] = {0x47, 0x61, 0x73, 0x90, 0x01, 0x01, 0x00, 0x10};
static const uint8_t atc[2] = {0x00, 0x01};
static const uint8_t session_left_data[8] = {0x00, 0x01, 0xF0, 0, 0, 0, 0, 0};
static const uint8_t session_right_data[8] = {0x00, 0x01, 0x0F, 0, 0, 0, 0, 0};

static int32_t step(int32_t result)
{
    results[steps++] = result;

    return result;
}

/* Exports the victim under k2 in the plain scheme of its length; returns the host result (written length). */
static int32_t export_victim(const uint8_t *field, int32_t field_length, int32_t k2, int32_t *cipher_length)
{
    int32_t victim = hsm_key_from_lmk("001", field, field_length);
    *cipher_length = 0;
    if (victim < 0) {
        return victim;
    }
    int32_t length = hsm_key_length(victim);
    int32_t scheme = length == 8 ? 'Z' : length == 24 ? 'Y' : 'X';
    int32_t written = hsm_key_to_kek(victim, k2, scheme, 0, victim_under_k2, FIELD_CAPACITY);
    if (written > 0) {
        int32_t start = scheme == 'Z' ? 0 : 1;
        int32_t n = (written - start) / 2;
        for (int32_t i = 0; i < n && i < MAX_KEY_BYTES; i++) {
            int32_t high = hsm_hex_value(victim_under_k2[start + 2 * i]);
            int32_t low = hsm_hex_value(victim_under_k2[start + 2 * i + 1]);
            cipher[i] = (uint8_t)(high < 0 || low < 0 ? 0 : high * 16 + low);
        }
        *cipher_length = n;
    }

    return written;
}

static int32_t chain(const uint8_t *field, int32_t field_length)
{
    int32_t k1 = step(hsm_key_generate(16));
    int32_t k2 = step(hsm_key_generate(16));
    step(hsm_key_to_lmk(k1, "000", 'U', k1_field, FIELD_CAPACITY));
    int32_t written = step(hsm_key_to_kek(k2, k1, 'X', 0, k2_under_k1, FIELD_CAPACITY));
    int32_t k2b = step(hsm_key_from_kek(k1, k2_under_k1, written > 0 ? written : 33, 0));
    step(hsm_key_to_lmk(k2b, "00B", 'U', typed_field, FIELD_CAPACITY));
    step(hsm_key_to_lmk(k2, "000", 'U', typed_field, FIELD_CAPACITY));
    int32_t cipher_length;
    step(export_victim(field, field_length, k2, &cipher_length));
    int32_t length = cipher_length > 0 ? cipher_length : 16;

    return step(hsm_crypt(k2b, 0, 0, 0, cipher, length, clear)) == cipher_length ? cipher_length : 0;
}

static int32_t chain_through_halves(const uint8_t *field, int32_t field_length)
{
    int32_t k1 = step(hsm_key_generate(16));
    int32_t k2 = step(hsm_key_generate(16));
    step(hsm_key_to_lmk(k1, "000", 'U', k1_field, FIELD_CAPACITY));
    step(hsm_key_to_kek(k2, k1, 'X', 0, k2_under_k1, FIELD_CAPACITY));
    int32_t left = step(hsm_key_from_kek(k1, k2_under_k1 + 1, 16, 0));
    int32_t right = step(hsm_key_from_kek(k1, k2_under_k1 + 17, 16, 0));
    step(hsm_key_to_lmk(left, "00B", 'Z', typed_field, FIELD_CAPACITY));
    step(hsm_key_to_lmk(right, "00B", 'Z', typed_field, FIELD_CAPACITY));
    step(hsm_key_to_lmk(k2, "000", 'U', typed_field, FIELD_CAPACITY));
    int32_t cipher_length;
    step(export_victim(field, field_length, k2, &cipher_length));
    int32_t length = cipher_length > 0 ? cipher_length : 16;
    int32_t first = step(hsm_crypt(left, 0, 0, 0, cipher, length, clear));
    int32_t second = step(hsm_crypt(right, 1, 0, 0, clear, length, clear));
    int32_t third = step(hsm_crypt(left, 0, 0, 0, clear, length, clear));
    int all = first == cipher_length && second == cipher_length && third == cipher_length;

    return all ? cipher_length : 0;
}

static int32_t session_key_by_mac(const uint8_t *field, int32_t field_length)
{
    int32_t mk = step(hsm_key_from_lmk("109", field, field_length));
    int32_t card = step(hsm_emv_card_key(mk, pan_psn));
    step(hsm_emv_session_key(card, atc));
    int32_t left = step(hsm_mac(card, 1, 0, 0, session_left_data, 8, clear));
    int32_t right = step(hsm_mac(card, 1, 0, 0, session_right_data, 8, clear + 8));

    return left == 8 && right == 8 ? 16 : 0;
}

static int32_t check_value_as_key(const uint8_t *field, int32_t field_length)
{
    int32_t zmk = step(hsm_key_from_lmk("000", field, field_length));
    step(hsm_key_check_value(zmk, check_value, SINGLE_FIELD));
    int32_t key = step(hsm_key_from_kek(zmk, check_value, SINGLE_FIELD, 0));
    int32_t written = step(hsm_key_to_lmk(key, "001", 'Z', typed_field, FIELD_CAPACITY));
    step(hsm_key_check_value(key, check_value, SINGLE_FIELD));

    return written == SINGLE_FIELD ? SINGLE_FIELD : 0;
}

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    uint8_t mode = '1';
    if (c.ok && c.left > 1 && c.p[0] >= '2' && c.p[0] <= '4'
            && (c.p[1] == 'U' || c.p[1] == 'X' || c.p[1] == 'T' || c.p[1] == 'Y' || c.p[1] == 'Z')) {
        mode = c.p[0];
        hsm_take(&c, 1);
    }
    if (!c.ok || c.left < 1) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }
    steps = 0;
    int32_t got;
    switch (mode) {
    case '2':
        got = chain_through_halves(c.p, c.left);
        break;
    case '3':
        got = session_key_by_mac(c.p, c.left);
        break;
    case '4':
        got = check_value_as_key(c.p, c.left);
        break;
    default:
        got = chain(c.p, c.left);
        break;
    }
    hsm_reply r = hsm_reply_start(RESPONSE, 4 + 4 * MAX_STEPS + 2 * MAX_KEY_BYTES);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    for (int32_t i = 0; i < steps; i++) {
        put_result(&r, results[i]);
    }
    if (mode == '4') {
        hsm_reply_put(&r, typed_field, got);
    } else {
        for (int32_t i = 0; i < got; i++) {
            uint8_t *space = hsm_reply_space(&r, 2);
            if (space) {
                hsm_put_hex(space, clear[i], 2);
            }
        }
    }

    return hsm_reply_done(&r);
}
