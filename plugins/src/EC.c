/*
 * EC: verify an interchange PIN using the Visa PVV method.
 *
 * Request: "EC" + ZPK (16H or 1A+32H or 1A+48H, key type 001: LMK 06-07) + PVK pair (32H or 1A+32H, key type 002: LMK
 * 14-15) + PIN block (16H, under the ZPK) + PIN block format (2N) + account number (12N) + PVKI (1N) + PVV (4N) +
 * optional '%' + LMK identifier (2N: the LMK slot of the call, selected before the keys are read). Under a key-block
 * LMK each key is 'S' + a key block instead, whose usage the host checks against the key type. The payShield 10K
 * verification-PAN extension is not supported.
 * Reply: "ED" "00" if the PVV of the PIN matches, "ED" "01" if it does not.
 * Errors: 10 ZPK parity, 11 PVK parity, 13 no LMK in the slot the identifier names, 15 malformed or missing field, 20
 * PIN block content invalid, 23 unsupported PIN block format, 24 PIN length, 26 key scheme, 27 PVK not double length,
 * and the key-block codes (A1, A4, A6, A8...) as the host answers them.
 * The parsing and verification are pins_verify_pvv in pins_util.h, shared with DC.
 * Metadata (description "Verify an Interchange PIN Using the VISA Method") in EC.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "pins_util.h"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    return pins_verify_pvv(request, length, "ED", "001");
}
