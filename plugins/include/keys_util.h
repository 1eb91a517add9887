/*
 * Helpers shared by the key management plugins (A0, A6, A8, BU, FA, GC, HC): key scheme letters, the optional
 * Atalla variant, the end of a request (up to its optional LMK identifier, which hsm_take_lmk in hsm_fields.h
 * selects, and the TR-31 version of an export), and writing keys, TR-31 key blocks and check values into a reply.
 * Include after hsm_plugin.h, hsm_host.h and hsm_fields.h. Every function is static inline, so a plugin links only
 * what it calls and imports only the host functions those use.
 */
#ifndef KEYS_UTIL_H
#define KEYS_UTIL_H

#include <stdint.h>

/* Key type code of a ZMK (LMK pair 04-05). */
#define KEYS_TYPE_ZMK "000"

/* Key type code of a ZPK (LMK pair 06-07). */
#define KEYS_TYPE_ZPK "001"

/*
 * The longest key field the host writes under the LMK: 'S' + a Thales key block of an AES-256 key under an AES
 * key-block LMK with no optional block (header 16, encrypted key data 96H, authenticator 16H).
 */
#define KEYS_LMK_FIELD_MAX 129

/*
 * The longest key field the host writes under a KEK: 'R' + a TR-31 key block of version D of an AES-256 key with no
 * optional block (header 16, encrypted key data 96H, authenticator 32H).
 */
#define KEYS_TR31_FIELD_MAX 145

/* The TR-31 key block version of an export whose request names none. */
#define KEYS_TR31_VERSION 'B'

/*
 * Writes the key type code of a TMK under the host's security profile into out (3 characters and a NUL): "80D"
 * with key type 002 separation (the PCI profile), "002" without (config key keytype.tmk, which the host sets).
 * Returns 1, or 0 if the host gave no such value.
 */
static inline int keys_tmk_type(char out[4])
{
    out[3] = 0;

    return hsm_config("keytype.tmk", 11, (uint8_t *)out, 3) == 3;
}

/* Returns the key length in bytes that a key scheme letter stands for (Z 8, U/X 16, T/Y 24), or -1 if unknown. */
static inline int32_t keys_scheme_length(uint8_t scheme)
{
    switch (scheme) {
    case 'Z':
        return 8;
    case 'U':
    case 'X':
        return 16;
    case 'T':
    case 'Y':
        return 24;
    default:
        return -1;
    }
}

/*
 * Returns the key scheme letter of a key field as it arrived (bare hex counts as 'Z' when 16H, else as 'X'), for
 * commands that keep the scheme of the input key when the request names none.
 */
static inline int32_t keys_field_scheme(const uint8_t *field, int32_t length)
{
    if (keys_scheme_length(field[0]) > 0) {
        return field[0];
    }

    return length == 16 ? 'Z' : 'X';
}

/* Returns the key length in bytes of a key field of length characters (16H, Z+16H, 32H, U/X+32H, T/Y+48H...). */
static inline int32_t keys_field_key_length(int32_t length)
{
    return (length - (length & 1)) / 2;
}

/* Tells whether an Atalla variant (a digit) is next, for the key forms that take none (a TR-31 key block). */
static inline int keys_atalla_next(const hsm_cursor *c)
{
    return c->ok && c->left > 0 && c->p[0] >= '0' && c->p[0] <= '9';
}

/* Takes an optional Atalla variant (1 or 2 digits) and returns it, or 0 if there is none. */
static inline int32_t keys_take_atalla(hsm_cursor *c)
{
    int32_t digits = 0;
    while (c->ok && digits < 2 && c->left > digits && c->p[digits] >= '0' && c->p[digits] <= '9') {
        digits++;
    }

    return digits > 0 ? hsm_take_decimal(c, digits) : 0;
}

/*
 * Takes the key of BU and BW: key type code 2 (a variant digit and an LMK pair code; FF: the type follows the key
 * after ';' as 3H) + key length flag 1N (0 single, 1 double, 2 triple) + key field. Writes the 3-character type and
 * sets the key field's length and the flag's key length in bytes. Returns the key field, or 0 with *error set to
 * HSM_ERR_INVALID_KEY_LENGTH_FLAG for a flag other than 0 to 2, else HSM_ERR_INVALID_INPUT.
 */
static inline const uint8_t *keys_take_typed_key(hsm_cursor *c, char type[3], int32_t *key_length,
        int32_t *flag_bytes, const char **error)
{
    const uint8_t *code = hsm_take(c, 2);
    const uint8_t *flag = hsm_take(c, 1);
    *error = HSM_ERR_INVALID_INPUT;
    if (!c->ok) {
        return 0;
    }
    if (flag[0] < '0' || flag[0] > '2') {
        *error = HSM_ERR_INVALID_KEY_LENGTH_FLAG;

        return 0;
    }
    *flag_bytes = 8 * (flag[0] - '0' + 1);
    const uint8_t *key_field = hsm_take_key(c, 2 * *flag_bytes, key_length);
    type[0] = (char)code[0];
    type[1] = '0';
    type[2] = (char)code[1];
    if (code[0] == 'F' && code[1] == 'F') {
        const uint8_t *full_type = hsm_take_if(c, ';') ? hsm_take(c, 3) : 0;
        if (!full_type) {
            c->ok = 0;

            return 0;
        }
        type[0] = (char)full_type[0];
        type[1] = (char)full_type[1];
        type[2] = (char)full_type[2];
    }

    return c->ok ? key_field : 0;
}

/*
 * Checks the end of a request: nothing left, or only an LMK identifier ('%' + 2N), which the cursor stays on for
 * hsm_take_lmk to select once the command has checked the rest. Returns 1 if the request ends there and every field
 * so far was well formed, else 0.
 */
static inline int keys_at_end(const hsm_cursor *c)
{
    if (!c->ok) {
        return 0;
    }
    if (c->left == 0) {
        return 1;
    }

    return c->left == 3 && c->p[0] == '%' && hsm_parse_decimal(c->p + 1, 2) >= 0;
}

/*
 * Checks the end of a request that may name the version of a TR-31 export: as keys_at_end, but the request may end
 * in '!' + the key block version 1A (a digit or a capital letter, which the host checks), after the LMK identifier
 * when there is one. Takes the version off the end, so that the cursor stays on the LMK identifier alone. Returns
 * the version, 0 if the request names none, or -1 if it does not end there or a field so far was malformed.
 */
static inline int32_t keys_take_end_version(hsm_cursor *c)
{
    if (!c->ok) {
        return -1;
    }
    int32_t lmk = c->left >= 3 && c->p[0] == '%' ? 3 : 0;
    int32_t version = 0;
    if (c->left == lmk + 2 && c->p[lmk] == '!') {
        version = c->p[lmk + 1];
        if (!hsm_is_code_char(version)) {
            return -1;
        }
        c->left -= 2;
    }

    return keys_at_end(c) ? version : -1;
}

/* Returns the error reply for a negative host result on the destination key: -10 (its parity) becomes 11. */
static inline int64_t keys_destination_fail(const char *response_code, int32_t result)
{
    if (result == HSM_HOST_ERROR(HSM_ERR_SOURCE_KEY_PARITY)) {
        return hsm_error_reply(response_code, HSM_ERR_DESTINATION_KEY_PARITY);
    }

    return hsm_fail_code(response_code, result);
}

/* Appends the key encrypted under the LMK pair of type in scheme; returns the characters written or a host error. */
static inline int32_t keys_put_under_lmk(hsm_reply *r, int32_t key, const char *type, int32_t scheme)
{
    int32_t n = hsm_key_to_lmk(key, type, scheme, r->start + r->length, r->capacity - r->length);
    if (n > 0) {
        r->length += n;
    }

    return n;
}

/*
 * Appends the key as 'S' + a key block under the key-block LMK with the attributes of a '#' field (attrs_length
 * characters), written as type ("FFF": the usage gives it); returns the characters written or a host error.
 */
static inline int32_t keys_put_under_lmk_block(hsm_reply *r, int32_t key, const char *type, const uint8_t *attrs,
        int32_t attrs_length)
{
    int32_t n = hsm_key_to_lmk_block(key, type, attrs, attrs_length, r->start + r->length, r->capacity - r->length);
    if (n > 0) {
        r->length += n;
    }

    return n;
}

/* Appends the key encrypted under kek in scheme; returns the characters written or a host error. */
static inline int32_t keys_put_under_kek(hsm_reply *r, int32_t key, int32_t kek, int32_t scheme, int32_t atalla)
{
    int32_t n = hsm_key_to_kek(key, kek, scheme, atalla, r->start + r->length, r->capacity - r->length);
    if (n > 0) {
        r->length += n;
    }

    return n;
}

/* Appends the key as 'R' + a TR-31 key block of version under kek; returns the characters written or a host error. */
static inline int32_t keys_put_under_tr31(hsm_reply *r, int32_t key, int32_t kek, int32_t version)
{
    int32_t n = hsm_key_to_tr31(key, kek, version, r->start + r->length, r->capacity - r->length);
    if (n > 0) {
        r->length += n;
    }

    return n;
}

/* Appends the key's check value, hex_digits (6 or 16) characters; returns hex_digits or a host error. */
static inline int32_t keys_put_check_value(hsm_reply *r, int32_t key, int32_t hex_digits)
{
    uint8_t *out = hsm_reply_space(r, hex_digits);
    if (!out) {
        return HSM_HOST_ERROR(HSM_ERR_INVALID_INPUT);
    }

    return hsm_key_check_value(key, out, hex_digits);
}

/* Returns the number of check value hex digits for a KCV type option: '0' 16, '1' 6, anything else -1. */
static inline int32_t keys_check_value_digits(uint8_t kcv_type)
{
    if (kcv_type == '0') {
        return 16;
    }

    return kcv_type == '1' ? 6 : -1;
}

/*
 * The fields of a key import (A6) or export (A8): key type 3H, ZMK, key, key scheme 1A, Atalla variant, and
 * whether the request gave one (a TR-31 key block takes none).
 */
typedef struct {
    const uint8_t *type;
    const uint8_t *zmk;
    int32_t zmk_length;
    const uint8_t *key;
    int32_t key_length;
    int32_t scheme;
    int32_t atalla;
    int atalla_given;
} keys_transfer;

/*
 * Takes the request of A6 and A8 after the command code, up to its end: key type 3H + ZMK + key + key scheme 1A +
 * optional Atalla variant. The command checks the end (keys_at_end, keys_take_end_version). Returns 1 if the fields
 * are well formed, else 0.
 */
static inline int keys_take_transfer(hsm_cursor *c, keys_transfer *t)
{
    t->type = hsm_take(c, 3);
    t->zmk = hsm_take_key(c, 16, &t->zmk_length);
    t->key = hsm_take_key(c, 16, &t->key_length);
    const uint8_t *scheme = hsm_take(c, 1);
    t->scheme = scheme ? scheme[0] : 0;
    t->atalla_given = keys_atalla_next(c);
    t->atalla = keys_take_atalla(c);

    return c->ok;
}

/*
 * Imports a key from encryption under a ZMK (A6, FA): the reply is response + "00" + the key under the LMK pair of
 * type in scheme + its check value (kcv_digits), or "01" with the same fields when the key's parity was not odd
 * (advice only: the host keeps it adjusted to odd parity). A key field 'R' + a TR-31 key block is read with its
 * header (type "FFF" takes the type from its usage; the atalla variant is not used) and has no parity advice: it is
 * written under the LMK only as a key block (scheme 'S', which the host enforces).
 */
static inline int64_t keys_import(const char *response, const uint8_t *zmk_field, int32_t zmk_length,
        const uint8_t *key_field, int32_t key_length, int32_t atalla, const char *type, int32_t scheme,
        int32_t kcv_digits, int32_t capacity)
{
    int32_t zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
    if (zmk < 0) {
        return hsm_fail_code(response, zmk);
    }
    int tr31 = key_field[0] == 'R';
    int32_t key = tr31 ? hsm_key_from_tr31(zmk, key_field + 1, key_length - 1, type)
            : hsm_key_from_kek(zmk, key_field, key_length, atalla);
    if (key < 0) {
        return hsm_fail_code(response, key);
    }
    int32_t parity = tr31 ? 1 : hsm_key_parity_ok(key);
    if (parity < 0) {
        return hsm_fail_code(response, parity);
    }
    hsm_reply r = hsm_reply_start(response, capacity);
    if (!r.start) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = keys_put_under_lmk(&r, key, type, scheme);
    if (result >= 0) {
        result = keys_put_check_value(&r, key, kcv_digits);
    }
    if (result < 0) {
        return hsm_fail_code(response, result);
    }
    if (!parity) {
        hsm_reply_error(&r, HSM_ERR_VERIFICATION_FAILED);
    }

    return hsm_reply_done(&r);
}

/*
 * Exports a key from encryption under the LMK pair of type to encryption under a ZMK (A8, GC): the reply is
 * response + "00" + the key under the ZMK in scheme + its check value (kcv_digits). Scheme 'R' writes 'R' + a TR-31
 * key block of version (0 for KEYS_TR31_VERSION; the atalla variant is not used). The key's parity error is 11.
 */
static inline int64_t keys_export(const char *response, const uint8_t *zmk_field, int32_t zmk_length,
        const uint8_t *key_field, int32_t key_length, const char *type, int32_t scheme, int32_t atalla,
        int32_t version, int32_t kcv_digits, int32_t capacity)
{
    int32_t zmk = hsm_key_from_lmk(KEYS_TYPE_ZMK, zmk_field, zmk_length);
    if (zmk < 0) {
        return hsm_fail_code(response, zmk);
    }
    int32_t key = hsm_key_from_lmk(type, key_field, key_length);
    if (key < 0) {
        return keys_destination_fail(response, key);
    }
    hsm_reply r = hsm_reply_start(response, capacity);
    if (!r.start) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t result = scheme == 'R' ? keys_put_under_tr31(&r, key, zmk, version > 0 ? version : KEYS_TR31_VERSION)
            : keys_put_under_kek(&r, key, zmk, scheme, atalla);
    if (result >= 0) {
        result = keys_put_check_value(&r, key, kcv_digits);
    }
    if (result < 0) {
        return hsm_fail_code(response, result);
    }

    return hsm_reply_done(&r);
}

#endif
