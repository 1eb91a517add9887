/*
 * Request parsing shared by the PIN and card verification plugins (CW, CY, CA, CC, DC, EC, DG, JE, JG). Include
 * after hsm_plugin.h, hsm_host.h and hsm_fields.h. No libc.
 */
#ifndef PINS_UTIL_H
#define PINS_UTIL_H

#include <stdint.h>

/* Length of a PIN encrypted under LMK 02-03 as the host writes and reads it (16H). */
#define PINS_LMK_PIN_LENGTH 16

/* Longest primary account number of CW and CY. */
#define PINS_PAN_MAX 19

/* Takes n decimal digits, checking they are digits; returns a pointer to them, or 0 (and clears ok). */
static inline const uint8_t *pins_take_digits(hsm_cursor *c, int32_t n)
{
    const uint8_t *field = hsm_take(c, n);
    if (!field) {
        return 0;
    }
    for (int32_t i = 0; i < n; i++) {
        if (field[i] < '0' || field[i] > '9') {
            c->ok = 0;

            return 0;
        }
    }

    return field;
}

/*
 * Takes the primary account number of CW and CY: 1 to 19 digits followed by the delimiter ';', which is taken
 * too. Sets *length to the number of digits and returns a pointer to them, or 0 (and clears ok).
 */
static inline const uint8_t *pins_take_pan(hsm_cursor *c, int32_t *length)
{
    *length = 0;
    if (!c->ok) {
        return 0;
    }
    int32_t n = 0;
    while (n < c->left && n <= PINS_PAN_MAX && c->p[n] >= '0' && c->p[n] <= '9') {
        n++;
    }
    if (n < 1 || n > PINS_PAN_MAX || n >= c->left || c->p[n] != ';') {
        c->ok = 0;

        return 0;
    }
    const uint8_t *pan = hsm_take(c, n);
    hsm_take(c, 1);
    *length = n;

    return pan;
}

/*
 * Returns 1 if the request is complete at the cursor: nothing left, or only a '%' + LMK identifier (2N) suffix,
 * which the cursor stays on for hsm_take_lmk (hsm_fields.h) to select before the first key is read. Returns 0 for
 * anything else.
 */
static inline int pins_at_end(const hsm_cursor *c)
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
 * Decrypts a key field under the LMK pair of type. Returns the handle, or the host's negative error code, except
 * that a parity error becomes parity_code: the source key parity error for a source key, the destination key
 * parity error where the command reports the key's parity as error 11 (destination keys, PVKs).
 */
/*
 * Writes the key type code of a TPK under the host's security profile into out (3 characters and a NUL): "70D"
 * with key type 002 separation (the PCI profile), "002" without (config key keytype.tpk, which the host sets).
 * Returns 1, or 0 if the host gave no such value.
 */
static inline int pins_tpk_type(char out[4])
{
    out[3] = 0;

    return hsm_config("keytype.tpk", 11, (uint8_t *)out, 3) == 3;
}

static inline int32_t pins_key(const char *type, const uint8_t *field, int32_t length, const char *parity_code)
{
    int32_t key = hsm_key_from_lmk(type, field, length);

    return key == HSM_HOST_ERROR(HSM_ERR_SOURCE_KEY_PARITY) ? HSM_HOST_ERROR(parity_code) : key;
}

/*
 * CA and CC: translates a PIN block from the source key (key type src_type: "002" TPK or "001" ZPK) to a
 * destination ZPK. Request after the code: source key (16H or 1A+32H or 1A+48H) + destination ZPK (same forms) +
 * maximum PIN length (2N: a longer PIN gives error 24) + PIN block (16H) + source format (2N) + destination format (2N) +
 * account (12N) + optional '%' + LMK identifier (2N, the LMK slot of the call). Reply: response + "00" + PIN length
 * (2N) + PIN block (16H) + destination format (2N, as received).
 */
static inline int64_t pins_translate(const uint8_t *request, int32_t length, const char *response,
        const char *src_type)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t src_length;
    int32_t dst_length;
    const uint8_t *src_field = hsm_take_key(&c, 16, &src_length);
    const uint8_t *dst_field = hsm_take_key(&c, 16, &dst_length);
    int32_t max_pin_length = hsm_take_decimal(&c, 2);
    const uint8_t *block = hsm_take_hex(&c, 16);
    int32_t src_format = hsm_take_decimal(&c, 2);
    const uint8_t *dst_format = pins_take_digits(&c, 2);
    const uint8_t *account = pins_take_digits(&c, 12);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(response, selected);
    }
    int32_t src_key = pins_key(src_type, src_field, src_length, HSM_ERR_SOURCE_KEY_PARITY);
    if (src_key < 0) {
        return hsm_fail_code(response, src_key);
    }
    int32_t dst_key = pins_key("001", dst_field, dst_length, HSM_ERR_DESTINATION_KEY_PARITY);
    if (dst_key < 0) {
        return hsm_fail_code(response, dst_key);
    }
    hsm_reply reply = hsm_reply_start(response, 24);
    uint8_t *out = hsm_reply_space(&reply, 20);
    if (!out) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    int32_t pin_length = hsm_pin_translate(src_key, block, src_format, account, dst_key,
            hsm_parse_decimal(dst_format, 2), out + 2);
    if (pin_length < 0) {
        return hsm_fail_code(response, pin_length);
    }
    if (pin_length > 99) {
        return hsm_error_reply(response, HSM_ERR_INTERNAL_ERROR);
    }
    if (pin_length > max_pin_length) {
        return hsm_error_reply(response, HSM_ERR_INVALID_PIN_LENGTH);
    }
    out[0] = (uint8_t)('0' + pin_length / 10);
    out[1] = (uint8_t)('0' + pin_length % 10);
    out[18] = dst_format[0];
    out[19] = dst_format[1];

    return hsm_reply_done(&reply);
}

/*
 * DC and EC: verifies the PIN in a PIN block under a TPK (key_type "002") or ZPK ("001") against a Visa PVV.
 * Request after the code: TPK or ZPK (16H or 1A+32H or 1A+48H) + PVK pair (32H or 1A+32H, key type 002) + PIN
 * block (16H) + format (2N) + account (12N) + PVKI (1N) + PVV (4N) + optional '%' + LMK identifier (2N, the LMK
 * slot of the call). Reply: response + "00", or "01" if the PVV does not match.
 */
static inline int64_t pins_verify_pvv(const uint8_t *request, int32_t length, const char *response,
        const char *key_type)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t key_length;
    int32_t pvk_length;
    const uint8_t *key_field = hsm_take_key(&c, 16, &key_length);
    const uint8_t *pvk_field = hsm_take_key(&c, 32, &pvk_length);
    const uint8_t *block = hsm_take_hex(&c, 16);
    int32_t format = hsm_take_decimal(&c, 2);
    const uint8_t *account = pins_take_digits(&c, 12);
    int32_t pvki = hsm_take_decimal(&c, 1);
    const uint8_t *pvv = pins_take_digits(&c, 4);
    if (!pins_at_end(&c)) {
        return hsm_error_reply(response, HSM_ERR_INVALID_INPUT);
    }
    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(response, selected);
    }
    int32_t key = pins_key(key_type, key_field, key_length, HSM_ERR_SOURCE_KEY_PARITY);
    if (key < 0) {
        return hsm_fail_code(response, key);
    }
    int32_t pvk = pins_key("002", pvk_field, pvk_length, HSM_ERR_DESTINATION_KEY_PARITY);
    if (pvk < 0) {
        return hsm_fail_code(response, pvk);
    }
    /* The host compares: the true PVV never enters this plugin's memory. */
    int32_t verified = hsm_pvv_verify(pvk, key, block, format, account, pvki, pvv);
    if (verified < 0) {
        return hsm_fail_code(response, verified);
    }

    return hsm_error_reply(response, verified ? HSM_ERR_NO_ERROR : HSM_ERR_VERIFICATION_FAILED);
}

#endif
