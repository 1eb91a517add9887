/*
 * M0: encrypt data block.
 *
 * Request: "M0" + mode flag 2N (00 ECB, 01 CBC) + input format 1N (0 binary, 1 hex, 2 text) + output format 1N
 * (same codes) + key type 3H (00A ZEK under LMK 30-31, 00B DEK/TEK under LMK 32-33) + key (16H, or 'Z' + 16H,
 * 'U'/'X' + 32H, 'T'/'Y' + 48H under the LMK pair of the type; or 'S' + key block under the key-block LMK) + [IV
 * 16H, mode 01 only] + message length 4H (the number of characters of the message as sent: bytes for binary or
 * text, hex characters for hex) + message + [optional '%' + 2N LMK identifier: the LMK slot of the call, selected
 * before the key is read].
 * Reply: "M1" "00" + [IV 16H, mode 01 only: the last cipher block, to chain the next call] + length 4H (the
 * number of characters of the data that follow) + encrypted data in the output format.
 * No padding is applied: the message must be a multiple of 8 bytes, else error 06 (invalid message length).
 * Errors: 02 mode flag, 03 input format, 04 output format, 05 key type, 06 message length (not hex, zero, odd
 * hex length, not a multiple of 8 bytes, or the reply would exceed 32000 bytes), 80 message shorter than its
 * length, 15 a missing field, a non-hex IV or hex message, or data after the message, 13 no LMK in the slot the
 * identifier names, 10 key parity, 26/27 key scheme or length, the key-block codes (A1, A4, A6, A8...) as the host
 * answers them. Shared code in data_util.h; metadata (description "Encrypt data block") in M0.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "data_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    return data_crypt_execute(request, length, 1, "M1");
}
