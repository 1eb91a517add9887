/*
 * M8: verify MAC.
 *
 * Request: as M6 (mode 1N, input format 1N, MAC algorithm 2N or MAC size 1N + algorithm 1N, padding 1N, key type
 * 3H 003/008, key, [IV 16H for modes 2 and 3], message length 4H, message), then for modes 0 and 3 the MAC to
 * verify (8H, or 16H with MAC size 1; hex in either case) + [optional '%' + 2N LMK identifier: the LMK slot of the
 * call, selected before the key is read].
 * Reply: "M9" "00" if the MAC matches, "M9" "01" if it does not (modes 0 and 3); "M9" "00" + IV 16H (the
 * chaining value for the next call, as M6) for modes 1 and 2, which carry no MAC.
 * Errors as M6: 02 mode, 03 input format, 04 MAC algorithm or size, 09 padding, 05 key type, 06 message length,
 * 80 message shorter than its length, 15 a missing field or MAC, a non-hex IV, MAC or hex message, or trailing
 * data, 13 no LMK in the slot the identifier names, 10 key parity, 26, 27, the key-block codes. Shared code in
 * data_util.h; metadata (description "Verify MAC") in M8.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "data_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    return data_mac_execute(request, length, 1, "M9");
}
