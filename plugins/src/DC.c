/*
 * DC: verify a terminal PIN using the Visa PVV method.
 *
 * Request: "DC" + TPK (16H or 1A+32H or 1A+48H, key type 002: LMK 14-15) + PVK pair (32H or 1A+32H, key type 002) + PIN
 * block (16H, under the TPK) + PIN block format (2N) + account number (12N) + PVKI (1N) + PVV (4N) + optional '%' + LMK
 * identifier (2N: the LMK slot of the call, selected before the keys are read). Under a key-block LMK each key is 'S' +
 * a key block instead, whose usage the host checks against the key type.
 * Reply: "DD" "00" if the PVV of the PIN matches, "DD" "01" if it does not.
 * Errors: 10 TPK parity, 11 PVK parity, 13 no LMK in the slot the identifier names, 15 malformed or missing field, 20
 * PIN block content invalid, 23 unsupported PIN block format, 24 PIN length, 26 key scheme, 27 PVK not double length,
 * and the key-block codes (A1, A4, A6, A8...) as the host answers them.
 * The parsing and verification are pins_verify_pvv in pins_util.h, shared with EC.
 * Metadata (description "Verify a Terminal PIN Using the VISA Method") in DC.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    char tpk[4];
    if (!pins_tpk_type(tpk)) {
        return hsm_error_reply("DD", HSM_ERR_INTERNAL_ERROR);
    }

    return pins_verify_pvv(request, length, "DD", tpk);
}
