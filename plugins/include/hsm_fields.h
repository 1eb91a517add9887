/*
 * Request parsing and reply building for HSM command plugins: a cursor over the request, key fields, and a reply
 * buffer. Include after hsm_plugin.h (and hsm_host.h for hsm_fail_code and hsm_take_lmk, which is defined only
 * when hsm_host.h came first). No libc.
 */
#ifndef HSM_FIELDS_H
#define HSM_FIELDS_H

#include <stdint.h>

/* A read position in the request; ok drops to 0 at the first field that is missing or malformed. */
typedef struct {
    const uint8_t *p;
    int32_t left;
    int ok;
} hsm_cursor;

/* Tells whether a byte may be a character of an error code: a digit or an upper-case letter. */
static inline int hsm_is_code_char(int32_t b)
{
    return (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z');
}

/* Starts a cursor after the 2-byte command code. */
static inline hsm_cursor hsm_cursor_after_code(const uint8_t *request, int32_t length)
{
    hsm_cursor c = {request + 2, length - 2, length >= 2};

    return c;
}

/* Takes n bytes; returns a pointer to them, or 0 (and clears ok) if fewer are left. */
static inline const uint8_t *hsm_take(hsm_cursor *c, int32_t n)
{
    if (!c->ok || n < 0 || c->left < n) {
        c->ok = 0;

        return 0;
    }
    const uint8_t *field = c->p;
    c->p += n;
    c->left -= n;

    return field;
}

/* Takes n decimal digits and returns their value (n at most 9), or -1 (and clears ok). */
static inline int32_t hsm_take_decimal(hsm_cursor *c, int32_t n)
{
    const uint8_t *field = hsm_take(c, n);
    int32_t value = field ? hsm_parse_decimal(field, n) : -1;
    if (value < 0) {
        c->ok = 0;
    }

    return value;
}

/* Takes n hex characters, checking they are hex; returns a pointer to them, or 0 (and clears ok). */
static inline const uint8_t *hsm_take_hex(hsm_cursor *c, int32_t n)
{
    const uint8_t *field = hsm_take(c, n);
    if (field && !hsm_is_hex(field, n)) {
        c->ok = 0;

        return 0;
    }

    return field;
}

/* Takes one byte if it equals expected; returns 1 if taken, 0 if not (ok unchanged: for optional parts). */
static inline int hsm_take_if(hsm_cursor *c, uint8_t expected)
{
    if (c->ok && c->left > 0 && c->p[0] == expected) {
        c->p++;
        c->left--;

        return 1;
    }

    return 0;
}

/*
 * Returns the length of the key field at the cursor: 'U'/'X' + 32H gives 33, 'T'/'Y' + 48H gives 49, 'Z' + 16H
 * gives 17, 'S' + a Thales key block and 'R' + a TR-31 key block give 1 + the block's length (the 4 decimal digits
 * after the block's version character, the whole block in characters), bare hex gives bare_length (16 for
 * single-length key fields, 32 where the field is a double-length key such as a CVK or PVK), and any other first
 * character 33 (an unknown scheme letter, which the host refuses with 26). Returns -1 if too few characters are
 * left, or for an 'S' or 'R' whose 4 length characters are not all digits or give less than a block header (16).
 */
static inline int32_t hsm_key_field_length(const hsm_cursor *c, int32_t bare_length)
{
    if (!c->ok || c->left < 1) {
        return -1;
    }
    int32_t length;
    switch (c->p[0]) {
    case 'U':
    case 'X':
        length = 33;
        break;
    case 'T':
    case 'Y':
        length = 49;
        break;
    case 'Z':
        length = 17;
        break;
    case 'R':
    case 'S':
        /* A key block ('S' under the LMK, 'R' TR-31 under a KEK): the letter, the version character, then the
           block's length in 4 decimal digits. */
        length = c->left >= 6 ? hsm_parse_decimal(c->p + 2, 4) : -1;
        if (length < 16) {
            return -1;
        }
        length += 1;
        break;
    default:
        /* Bare hex; any other first character is taken as an unknown scheme letter before 32H, so that the host
           answers 26 (invalid key scheme) rather than misreading the rest of the request. */
        length = hsm_hex_value(c->p[0]) >= 0 ? bare_length : 33;
        break;
    }

    return c->left >= length ? length : -1;
}

/* Takes a key field (see hsm_key_field_length); sets *length and returns a pointer, or 0 (and clears ok). */
static inline const uint8_t *hsm_take_key(hsm_cursor *c, int32_t bare_length, int32_t *length)
{
    *length = hsm_key_field_length(c, bare_length);

    return hsm_take(c, *length);
}

#ifdef HSM_HOST_H
/*
 * Takes an optional LMK identifier ('%' + 2N, the LMK slot a payShield 10K request names after its own fields) and
 * selects it with hsm_lmk_select, so that every key the call reads or writes after it is under that LMK. Returns 0
 * if the next byte is not '%' or the LMK was selected, else the host's negative result (-13 no LMK in that slot, -15
 * not two digits: answer it with hsm_fail_code); a '%' without two more bytes clears ok (a malformed field) and
 * returns 0. Call it once the rest of the request is checked, so that a malformed request is error 15 whichever
 * slot it names, and before the first key is read or generated. Defined only when hsm_host.h is included first,
 * for the plugins that import hsm.lmk_select.
 */
static inline int32_t hsm_take_lmk(hsm_cursor *c)
{
    if (!hsm_take_if(c, '%')) {
        return 0;
    }
    const uint8_t *id = hsm_take(c, 2);

    return id ? hsm_lmk_select(id) : 0;
}
#endif

/* A reply being built in memory from hsm_alloc. */
typedef struct {
    uint8_t *start;
    int32_t length;
    int32_t capacity;
} hsm_reply;

/* Starts a reply of at most capacity bytes with the response code and HSM_ERR_NO_ERROR; start is 0 on failure. */
static inline hsm_reply hsm_reply_start(const char *response_code, int32_t capacity)
{
    hsm_reply r = {hsm_alloc(capacity), 4, capacity};
    if (r.start) {
        r.start[0] = (uint8_t)response_code[0];
        r.start[1] = (uint8_t)response_code[1];
        r.start[2] = (uint8_t)HSM_ERR_NO_ERROR[0];
        r.start[3] = (uint8_t)HSM_ERR_NO_ERROR[1];
    }

    return r;
}

/* Returns a pointer to the next n bytes of the reply and counts them, or 0 if they do not fit. */
static inline uint8_t *hsm_reply_space(hsm_reply *r, int32_t n)
{
    if (!r->start || n < 0 || r->length + n > r->capacity) {
        return 0;
    }
    uint8_t *space = r->start + r->length;
    r->length += n;

    return space;
}

/* Appends n bytes to the reply; returns 1, or 0 if they do not fit. */
static inline int hsm_reply_put(hsm_reply *r, const uint8_t *bytes, int32_t n)
{
    uint8_t *space = hsm_reply_space(r, n);
    if (!space) {
        return 0;
    }
    for (int32_t i = 0; i < n; i++) {
        space[i] = bytes[i];
    }

    return 1;
}

/* Sets the reply's error code (2 characters), for the advisory codes such as 01 that carry data. */
static inline void hsm_reply_error(hsm_reply *r, const char *error_code)
{
    r->start[2] = (uint8_t)error_code[0];
    r->start[3] = (uint8_t)error_code[1];
}

/* Packs the finished reply for Execute. */
static inline int64_t hsm_reply_done(const hsm_reply *r)
{
    return hsm_pack(r->start, (uint32_t)r->length);
}

/*
 * Returns the error reply for a negative host function result: -10 gives error "10", -(c0 << 8 | c1) the code with
 * a letter ("A6" from -0x4136), and any other value error 41 (internal error).
 */
static inline int64_t hsm_fail_code(const char *response_code, int32_t result)
{
    static char code[3];
    int32_t error = -result;
    if (error >= 1 && error <= 99) {
        code[0] = (char)('0' + error / 10);
        code[1] = (char)('0' + error % 10);
    } else if (error > 0 && error <= 0xFFFF && hsm_is_code_char(error >> 8) && hsm_is_code_char(error & 0xFF)) {
        /* A code with a letter, such as A6: -(c0 << 8 | c1). */
        code[0] = (char)(error >> 8);
        code[1] = (char)(error & 0xFF);
    } else {
        code[0] = HSM_ERR_INTERNAL_ERROR[0];
        code[1] = HSM_ERR_INTERNAL_ERROR[1];
    }

    return hsm_error_reply(response_code, code);
}

#endif
