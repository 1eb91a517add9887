/*
 * M6: generate MAC.
 *
 * Request: "M6" + mode 1N (0 only block, 1 first, 2 middle, 3 last block) + input format 1N (0 binary, 1 hex,
 * 2 text) + MAC algorithm, in either generation's form: 2N "01"/"03" (HSM 8000), or MAC size 1N (0 = 8H, 1 = 16H)
 * + algorithm 1N (1, 3) (payShield 9000/10K); algorithm 1 is ISO 9797-1 algorithm 1 (X9.9 with a single key),
 * 3 is algorithm 3 (X9.19 retail MAC, double-length key) + padding 1N (0 none, 1 ISO 9797-1 method 1 zeros,
 * 2 method 2 X'80 then zeros) + key type 3H (003 TAK under LMK 16-17, 008 ZAK under LMK 26-27) + key (16H, or
 * 'Z' + 16H, 'U'/'X' + 32H, 'T'/'Y' + 48H; or 'S' + key block under the key-block LMK) + [IV 16H, modes 2 and 3:
 * the value a mode 1 or 2 call returned] + message length 4H (characters of the message as sent; hex characters
 * for hex) + message + [optional '%' + 2N LMK identifier: the LMK slot of the call, selected before the key is
 * read].
 * Reply: "M7" "00" + MAC (8H, or 16H with size 1) for modes 0 and 3; "M7" "00" + IV 16H (the CBC chaining value
 * to pass to the next call) for modes 1 and 2. For algorithm 3 the chaining value is the single-DES chain under
 * the key's left half, as ISO 9797-1 defines it, so that a message MACed in parts gives the MAC of the whole;
 * under the PCI profile the host gives it encrypted under the key (opaque: pass it back unchanged), so that no
 * single-DES value of the key leaves the HSM.
 * Modes 1 and 2, and padding 0, need a multiple of 8 bytes (error 06).
 * Errors: 02 mode, 03 input format, 04 MAC algorithm or size, 09 padding, 05 key type, 06 message length (not
 * hex, zero, odd hex length, not a multiple of 8 bytes where no padding applies), 80 message shorter than its
 * length, 15 a missing field, non-hex IV or hex message, or trailing data, 13 no LMK in the slot the identifier
 * names, 10 key parity, 26, 27 (algorithm 3 with a single-length key), the key-block codes (A1, A4, A6, A8...) as
 * the host answers them. Shared code in data_util.h; metadata (description "Generate MAC") in M6.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "data_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    return data_mac_execute(request, length, 0, "M7");
}
