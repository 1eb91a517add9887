/*
 * M2: decrypt data block.
 *
 * Request: "M2" + mode flag 2N (00 ECB, 01 CBC) + input format 1N (0 binary, 1 hex, 2 text) + output format 1N
 * (same codes) + key type 3H (00A ZEK under LMK 30-31, 00B DEK/TEK under LMK 32-33) + key (16H, or 'Z' + 16H,
 * 'U'/'X' + 32H, 'T'/'Y' + 48H under the LMK pair of the type; or 'S' + key block under the key-block LMK) + [IV
 * 16H, mode 01 only] + message length 4H (the number of characters of the message as sent: bytes for binary or
 * text, hex characters for hex) + encrypted message + [optional '%' + 2N LMK identifier: the LMK slot of the call,
 * selected before the key is read].
 * Reply: "M3" "00" + [IV 16H, mode 01 only: the last cipher block of the message, to chain the next call] +
 * length 4H (the number of characters of the data that follow) + decrypted data in the output format.
 * No padding is removed: the message must be a multiple of 8 bytes, else error 06 (invalid message length).
 * Errors as M0: 02 mode flag, 03 input format, 04 output format, 05 key type, 06 message length, 80 message
 * shorter than its length, 15 a missing field, non-hex IV or hex message, or trailing data, 13 no LMK in the slot
 * the identifier names, 10 key parity, 26/27, the key-block codes.
 * Shared code in data_util.h; metadata (description "Decrypt data block") in M2.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "data_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    return data_crypt_execute(request, length, 0, "M3");
}
