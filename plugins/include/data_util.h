/*
 * Shared parsing for the data plugins: M0/M2 (encrypt/decrypt data block) and M6/M8 (generate/verify MAC), whose
 * request layouts are the same for each pair, and the binary/hex helpers KQ also uses. Include after
 * hsm_plugin.h, hsm_host.h and hsm_fields.h. Every function is static inline, so a plugin links (and imports)
 * only the host functions of the parts it calls.
 *
 * Error codes (docs/protocol.md, "Error codes"; their names in hsm_errors.h): 02 invalid mode flag, 03 invalid input
 * format, 04 invalid output format (M0/M2) or MAC algorithm (M6/M8), 05 invalid key type, 06 invalid message
 * length (not hex, zero, odd number of hex characters, not a multiple of 8 bytes where no padding applies, or a
 * reply that would exceed 32000 bytes), 09 invalid padding method, 80 message length greater than the data sent,
 * 15 a missing field, a non-hex IV, MAC or hex message, or data after the last field (other than a `%` + 2N LMK
 * identifier, the LMK slot of the call, which hsm_take_lmk selects before the key is read), 13 no LMK in that slot,
 * 10/26/27 and the key-block codes as the host returns them for the key.
 */
#ifndef DATA_UTIL_H
#define DATA_UTIL_H

#include <stdint.h>

/* The host refuses replies longer than this (maxReplyLength). */
#define DATA_MAX_REPLY 32000

/* Decodes n hex characters (n even) at hex into n / 2 bytes at out; returns 1, or 0 if one is not hex. */
static inline int data_hex_decode(const uint8_t *hex, int32_t n, uint8_t *out)
{
    for (int32_t i = 0; i + 1 < n; i += 2) {
        int32_t high = hsm_hex_value(hex[i]);
        int32_t low = hsm_hex_value(hex[i + 1]);
        if (high < 0 || low < 0) {
            return 0;
        }
        out[i / 2] = (uint8_t)(high * 16 + low);
    }

    return 1;
}

/* Writes n bytes at in as 2n upper-case hex characters at out. */
static inline void data_hex_encode(const uint8_t *in, int32_t n, uint8_t *out)
{
    for (int32_t i = 0; i < n; i++) {
        hsm_put_hex(out + 2 * i, in[i], 2);
    }
}

/*
 * Returns 1 if nothing is left after the last field but an optional `%` + 2N LMK identifier (the cursor stays on it,
 * for hsm_take_lmk), else 0.
 */
static inline int data_at_end(const hsm_cursor *c)
{
    if (c->left == 0) {
        return 1;
    }

    return c->left == 3 && c->p[0] == '%' && hsm_parse_decimal(c->p + 1, 2) >= 0;
}

/* Returns 1 if the n bytes at a and b are equal, without an early exit. */
static inline int data_equal(const uint8_t *a, const uint8_t *b, int32_t n)
{
    uint8_t diff = 0;
    for (int32_t i = 0; i < n; i++) {
        diff |= (uint8_t)(a[i] ^ b[i]);
    }

    return diff == 0;
}

/* Takes a one-digit flag; returns 0 to max, or -1 if it is not one (ok stays set: the caller answers the code). */
static inline int32_t data_take_flag(hsm_cursor *c, int32_t max)
{
    const uint8_t *field = hsm_take(c, 1);
    if (!field || field[0] < '0' || field[0] > '0' + max) {
        return -1;
    }

    return field[0] - '0';
}

/*
 * Takes a 3H key type and checks it is one of the two allowed codes (case-insensitive); writes the upper-case
 * code with a terminating zero to type. Returns 1, or 0 if it is not allowed.
 */
static inline int data_take_key_type(hsm_cursor *c, const char *first, const char *second, char *type)
{
    const uint8_t *field = hsm_take(c, 3);
    if (!field) {
        return 0;
    }
    for (int32_t i = 0; i < 3; i++) {
        uint8_t ch = field[i];
        type[i] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    }
    type[3] = 0;
    int is_first = type[0] == first[0] && type[1] == first[1] && type[2] == first[2];
    int is_second = type[0] == second[0] && type[1] == second[1] && type[2] == second[2];

    return is_first || is_second;
}

/* A message field as sent (data, chars) and decoded to binary (bytes, length). */
typedef struct {
    const uint8_t *data;
    int32_t chars;
    uint8_t *bytes;
    int32_t length;
} data_message;

/*
 * Takes the message length (4H, the number of characters of the message as sent) and the message, in input
 * format 0 (binary), 1 (hex) or 2 (text), and decodes it. Returns "00", or the error code: "15" if a field is
 * missing or the hex message is not hex, "06" if the length is not hex, zero or an odd number of hex characters,
 * "80" if fewer characters follow than the length says.
 */
static inline const char *data_take_message(hsm_cursor *c, int32_t input_format, data_message *m)
{
    const uint8_t *field = hsm_take(c, 4);
    if (!field) {
        return HSM_ERR_INVALID_INPUT;
    }
    m->chars = hsm_parse_hex(field, 4);
    if (m->chars <= 0 || (input_format == 1 && m->chars % 2 != 0)) {
        return HSM_ERR_INVALID_MESSAGE_LENGTH;
    }
    m->data = hsm_take(c, m->chars);
    if (!m->data) {
        return HSM_ERR_DATA_LENGTH;
    }
    if (input_format != 1) {
        m->bytes = (uint8_t *)m->data;
        m->length = m->chars;

        return HSM_ERR_NO_ERROR;
    }
    m->length = m->chars / 2;
    m->bytes = hsm_alloc(m->length);
    if (!m->bytes) {
        return HSM_ERR_INTERNAL_ERROR;
    }

    return data_hex_decode(m->data, m->chars, m->bytes) ? HSM_ERR_NO_ERROR : HSM_ERR_INVALID_INPUT;
}

/* The key and message fields shared by M0/M2 and M6/M8: key type, key, the optional IV, the message. */
typedef struct {
    char type[4];
    const uint8_t *key;
    int32_t key_length;
    uint8_t iv[8];
    data_message m;
} data_keyed_message;

/*
 * Takes key type 3H (first or second, case-insensitive), the key, an IV 16H if with_iv (else zeros), then the
 * message (data_take_message). Returns "00", or the error code: "05" for another key type, "15" for a missing or
 * malformed field, or the message's code.
 */
static inline const char *data_take_keyed_message(hsm_cursor *c, const char *first, const char *second, int with_iv,
        int32_t input_format, data_keyed_message *k)
{
    if (!data_take_key_type(c, first, second, k->type)) {
        return c->ok ? HSM_ERR_INVALID_KEY_TYPE_FIELD : HSM_ERR_INVALID_INPUT;
    }
    k->key = hsm_take_key(c, 16, &k->key_length);
    for (int32_t i = 0; i < 8; i++) {
        k->iv[i] = 0;
    }
    if (with_iv) {
        const uint8_t *iv_field = hsm_take_hex(c, 16);
        if (iv_field) {
            data_hex_decode(iv_field, 16, k->iv);
        }
    }
    if (!c->ok) {
        return HSM_ERR_INVALID_INPUT;
    }

    return data_take_message(c, input_format, &k->m);
}

/* Writes n bytes at in to out in output format 0/2 (as they are) or 1 (hex); returns the characters written. */
static inline int32_t data_put_output(int32_t output_format, const uint8_t *in, int32_t n, uint8_t *out)
{
    if (output_format == 1) {
        data_hex_encode(in, n, out);

        return 2 * n;
    }
    for (int32_t i = 0; i < n; i++) {
        out[i] = in[i];
    }

    return n;
}

/* Returns the error reply for a failed key field: the host's code, except that -4 (key type) is this command's 05. */
static inline int64_t data_key_fail(const char *response, int32_t result)
{
    if (result == HSM_HOST_ERROR(HSM_ERR_INVALID_KEY_TYPE)) {
        return hsm_error_reply(response, HSM_ERR_INVALID_KEY_TYPE_FIELD);
    }

    return hsm_fail_code(response, result);
}

/*
 * M0 (encrypt = 1) and M2 (encrypt = 0): see the layout in M0.c. Data must be a multiple of 8 bytes: this form
 * applies no padding.
 */
static inline int64_t data_crypt_execute(const uint8_t *request, int32_t length, int32_t encrypt,
        const char *response)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    const uint8_t *mode_field = hsm_take(&c, 2);
    if (!mode_field) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    if (mode_field[0] != '0' || (mode_field[1] != '0' && mode_field[1] != '1')) {
        return hsm_error_reply(response, HSM_ERR_INVALID_MODE_FLAG);
    }
    int32_t mode = mode_field[1] - '0';
    int32_t input_format = data_take_flag(&c, 2);
    if (input_format < 0) {
        return hsm_error_reply(response, c.ok ? HSM_ERR_INVALID_INPUT_FORMAT : HSM_ERR_INVALID_INPUT);
    }
    int32_t output_format = data_take_flag(&c, 2);
    if (output_format < 0) {
        return hsm_error_reply(response, c.ok ? HSM_ERR_INVALID_OUTPUT_FORMAT : HSM_ERR_INVALID_INPUT);
    }
    data_keyed_message k;
    const char *status = data_take_keyed_message(&c, "00A", "00B", mode == 1, input_format, &k);
    if (status[0] != HSM_ERR_NO_ERROR[0] || status[1] != HSM_ERR_NO_ERROR[1]) {
        return hsm_error_reply(response, status);
    }
    if (!data_at_end(&c)) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    int32_t out_chars = output_format == 1 ? 2 * k.m.length : k.m.length;
    int32_t capacity = 4 + (mode == 1 ? 16 : 0) + 4 + out_chars;
    if (k.m.length % 8 != 0 || out_chars > 0xFFFF || capacity > DATA_MAX_REPLY) {
        return hsm_error_reply(response, HSM_ERR_INVALID_MESSAGE_LENGTH);
    }

    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(response, selected);
    }
    int32_t key = hsm_key_from_lmk(k.type, k.key, k.key_length);
    if (key < 0) {
        return data_key_fail(response, key);
    }
    uint8_t *out = hsm_alloc(k.m.length);
    hsm_reply r = hsm_reply_start(response, capacity);
    if (!out || !r.start) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = hsm_crypt(key, encrypt, mode, k.iv, k.m.bytes, k.m.length, out);
    if (result != k.m.length) {
        return hsm_fail_code(response, result);
    }
    if (mode == 1) {
        data_hex_encode(k.iv, 8, hsm_reply_space(&r, 16));
    }
    hsm_put_hex(hsm_reply_space(&r, 4), (uint32_t)out_chars, 4);
    data_put_output(output_format, out, k.m.length, hsm_reply_space(&r, out_chars));

    return hsm_reply_done(&r);
}

/*
 * The mac algorithm codes the host answers the chaining value of ISO 9797-1 algorithm 1 or 3 for (modes 1 and 2);
 * under the PCI profile the value is opaque (encrypted under the key), and the IV of modes 2 and 3 is such a value.
 */
#define DATA_MAC_CHAIN_ALGORITHM_1 11
#define DATA_MAC_CHAIN_ALGORITHM_3 13

/*
 * M6 (verify = 0) and M8 (verify = 1): see the layout in M6.c. Modes 1 and 2 answer the chaining value (IV 16H)
 * for the next call; modes 0 and 3 answer the MAC (M6) or verify it (M8: 00, or 01 on a mismatch).
 */
static inline int64_t data_mac_execute(const uint8_t *request, int32_t length, int32_t verify, const char *response)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t mode = data_take_flag(&c, 3);
    if (mode < 0) {
        return hsm_error_reply(response, c.ok ? HSM_ERR_INVALID_MODE_FLAG : HSM_ERR_INVALID_INPUT);
    }
    int32_t input_format = data_take_flag(&c, 2);
    if (input_format < 0) {
        return hsm_error_reply(response, c.ok ? HSM_ERR_INVALID_INPUT_FORMAT : HSM_ERR_INVALID_INPUT);
    }
    /* MAC algorithm 2N (01, 03), or MAC size 1N (0 = 8H, 1 = 16H) + algorithm 1N (1, 3). */
    const uint8_t *algorithm_field = hsm_take(&c, 2);
    if (!algorithm_field) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    if ((algorithm_field[0] != '0' && algorithm_field[0] != '1')
            || (algorithm_field[1] != '1' && algorithm_field[1] != '3')) {
        return hsm_error_reply(response, HSM_ERR_INVALID_OUTPUT_FORMAT);
    }
    int32_t mac_bytes = algorithm_field[0] == '1' ? 8 : 4;
    int32_t algorithm = algorithm_field[1] - '0';
    int32_t padding = data_take_flag(&c, 2);
    if (padding < 0) {
        return hsm_error_reply(response, c.ok ? HSM_ERR_INVALID_PADDING : HSM_ERR_INVALID_INPUT);
    }
    data_keyed_message k;
    const char *status = data_take_keyed_message(&c, "003", "008", mode >= 2, input_format, &k);
    if (status[0] != HSM_ERR_NO_ERROR[0] || status[1] != HSM_ERR_NO_ERROR[1]) {
        return hsm_error_reply(response, status);
    }
    int final_block = mode == 0 || mode == 3;
    uint8_t expected[8];
    if (verify && final_block) {
        const uint8_t *mac_field = hsm_take_hex(&c, 2 * mac_bytes);
        if (!mac_field) {
            return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
        }
        data_hex_decode(mac_field, 2 * mac_bytes, expected);
    }
    if (!data_at_end(&c)) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    if ((!final_block || padding == 0) && k.m.length % 8 != 0) {
        return hsm_error_reply(response, HSM_ERR_INVALID_MESSAGE_LENGTH);
    }

    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(response, selected);
    }
    int32_t key = hsm_key_from_lmk(k.type, k.key, k.key_length);
    if (key < 0) {
        return data_key_fail(response, key);
    }
    hsm_reply r = hsm_reply_start(response, 4 + 16);
    if (!r.start) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    if (verify && final_block) {
        /* The host compares: the true MAC never enters this plugin's memory. */
        int32_t verified = hsm_mac_verify(key, algorithm, padding, k.iv, k.m.bytes, k.m.length, expected, mac_bytes);
        if (verified < 0) {
            return hsm_fail_code(response, verified);
        }
        if (!verified) {
            hsm_reply_error(&r, HSM_ERR_VERIFICATION_FAILED);
        }

        return hsm_reply_done(&r);
    }
    /* The chaining value: CBC over the blocks with the key (algorithm 1) or its left part (algorithm 3). */
    int32_t chain_algorithm = algorithm == 3 ? DATA_MAC_CHAIN_ALGORITHM_3 : DATA_MAC_CHAIN_ALGORITHM_1;
    uint8_t mac[8];
    int32_t result = final_block ? hsm_mac(key, algorithm, padding, k.iv, k.m.bytes, k.m.length, mac)
            : hsm_mac(key, chain_algorithm, 0, k.iv, k.m.bytes, k.m.length, mac);
    if (result != 8) {
        return hsm_fail_code(response, result);
    }
    data_hex_encode(mac, final_block ? mac_bytes : 8, hsm_reply_space(&r, final_block ? 2 * mac_bytes : 16));

    return hsm_reply_done(&r);
}

#endif
