/*
 * Shared helpers for HSM command plugins, plugin ABI v1 (see docs/plugin-abi.md).
 *
 * Include this header in exactly one translation unit per plugin: it defines the exported functions
 * alloc and reset. The plugin itself defines Execute. Its metadata (command code, description, version,
 * imports...) is not code: it goes in the module's hsm.plugin custom section, which plugins/build.sh adds from
 * the NAME.meta file beside NAME.c. No libc is used; only the compiler's freestanding headers. It includes
 * hsm_errors.h, the error codes by name (HSM_ERR_INVALID_INPUT for 15...): answer with those, not with literals.
 */
#ifndef HSM_PLUGIN_H
#define HSM_PLUGIN_H

#include <stdint.h>

#include "hsm_errors.h"

/* Marks a function as a WebAssembly export with the given name. */
#define HSM_EXPORT(name) __attribute__((export_name(name)))

/* Size of one WebAssembly memory page in bytes. */
#define HSM_PAGE_SIZE 65536u

/*
 * Host import hsm.config: writes the configuration value for the UTF-8 key into out (at most out_cap
 * bytes) and returns the value's full length, or -1 if the key is unknown.
 */
__attribute__((import_module("hsm"), import_name("config")))
int32_t hsm_config(const char *key, int32_t key_len, uint8_t *out, int32_t out_cap);

/* First free byte after data and stack, provided by wasm-ld. */
extern unsigned char __heap_base;

/* Top of the bump arena; reset() rewinds it to __heap_base. */
static uintptr_t hsm_arena_top = (uintptr_t)&__heap_base;

/* Buffer for the 4-byte error replies, so that an error reply never needs to allocate. */
static uint8_t hsm_error_buffer[4];

/*
 * Export alloc: returns a pointer to len writable bytes, 8-byte aligned, or 0 on failure (negative
 * len, or memory cannot grow). The contents are unspecified. Valid until the next reset().
 */
HSM_EXPORT("alloc")
uint8_t *hsm_alloc(int32_t len)
{
    if (len < 0) {
        return 0;
    }
    uint64_t start = ((uint64_t)hsm_arena_top + 7u) & ~(uint64_t)7u;
    uint64_t end = start + (uint64_t)len;
    uint64_t size = (uint64_t)__builtin_wasm_memory_size(0) * HSM_PAGE_SIZE;
    if (end > size) {
        uint64_t pages = (end - size + HSM_PAGE_SIZE - 1u) / HSM_PAGE_SIZE;
        if (pages > 65536u || __builtin_wasm_memory_grow(0, (uintptr_t)pages) == (uintptr_t)-1) {
            return 0;
        }
    }
    hsm_arena_top = (uintptr_t)end;

    return (uint8_t *)(uintptr_t)start;
}

/* Export reset: zeroes and releases everything alloc handed out since the previous reset. */
HSM_EXPORT("reset")
void hsm_reset(void)
{
    /* Zero what the call used (request, reply, scratch), so nothing of one request outlives it in this instance. */
    __builtin_memset(&__heap_base, 0, hsm_arena_top - (uintptr_t)&__heap_base);
    hsm_arena_top = (uintptr_t)&__heap_base;
}

/* Packs a pointer and a length into the i64 that Execute returns: pointer in the high 32 bits, length low. */
static inline int64_t hsm_pack(const void *ptr, uint32_t len)
{
    return (int64_t)(((uint64_t)(uintptr_t)ptr << 32) | (uint64_t)len);
}

/* Returns the value of one hex character (0-9, A-F, a-f), or -1 if it is not one. */
static inline int32_t hsm_hex_value(uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}

/* Returns 1 if the n bytes at p are all hex characters, else 0. */
static inline int hsm_is_hex(const uint8_t *p, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        if (hsm_hex_value(p[i]) < 0) {
            return 0;
        }
    }

    return 1;
}

/* Parses n (at most 7) hex characters at p; returns the value, or -1 if one is not a hex character. */
static inline int32_t hsm_parse_hex(const uint8_t *p, int32_t n)
{
    int32_t value = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t digit = hsm_hex_value(p[i]);
        if (digit < 0) {
            return -1;
        }
        value = value * 16 + digit;
    }

    return value;
}

/* Parses n (at most 9) decimal digits at p; returns the value, or -1 if one is not a digit 0-9. */
static inline int32_t hsm_parse_decimal(const uint8_t *p, int32_t n)
{
    int32_t value = 0;
    for (int32_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        value = value * 10 + (p[i] - '0');
    }

    return value;
}

/* Writes value as digits upper-case hex characters at out, most significant first. */
static inline void hsm_put_hex(uint8_t *out, uint32_t value, int32_t digits)
{
    static const char hex[] = "0123456789ABCDEF";
    for (int32_t i = digits - 1; i >= 0; i--) {
        out[i] = (uint8_t)hex[value & 15u];
        value >>= 4;
    }
}

/*
 * Returns the packed 4-byte error reply response_code (2 chars) followed by error_code (2 chars, an HSM_ERR_
 * constant such as HSM_ERR_INVALID_INPUT).
 */
static inline int64_t hsm_error_reply(const char *response_code, const char *error_code)
{
    hsm_error_buffer[0] = (uint8_t)response_code[0];
    hsm_error_buffer[1] = (uint8_t)response_code[1];
    hsm_error_buffer[2] = (uint8_t)error_code[0];
    hsm_error_buffer[3] = (uint8_t)error_code[1];

    return hsm_pack(hsm_error_buffer, 4u);
}

#endif
