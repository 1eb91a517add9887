/*
 * CA: translate a PIN from TPK to ZPK encryption.
 *
 * Request: "CA" + source TPK (16H or 1A+32H or 1A+48H, key type 70D with the PCI profile's key type 002 separation,
 * else 002) + destination ZPK (same forms, key type 001: LMK 06-07) + maximum PIN length (2N, normally 12; checked as
 * digits, not enforced) + source PIN block (16H) + source format (2N) + destination format (2N) + account number (12N:
 * the 12 right-most PAN digits excluding the check digit) + optional '%' + LMK identifier (2N: the LMK slot of the
 * call, selected before the keys are read). Under a key-block LMK each key is 'S' + a key block instead, whose usage
 * the host checks against the key type.
 * Reply: "CB" "00" + PIN length (2N) + destination PIN block (16H) + destination format (2N, as received).
 * Errors: 10 source TPK parity, 11 destination ZPK parity, 13 no LMK in the slot the identifier names, 15 malformed or
 * missing field, 20 PIN block content invalid, 23 unsupported PIN block format, 24 PIN length, 26/27 key scheme or
 * length, and the key-block codes (A1, A4, A6, A8...) as the host answers them.
 * The parsing and translation are pins_translate in pins_util.h, shared with CC.
 * Metadata (description "Translate a PIN from TPK to ZPK Encryption") in CA.meta.
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
        return hsm_error_reply("CB", HSM_ERR_INTERNAL_ERROR);
    }

    return pins_translate(request, length, "CB", tpk);
}
