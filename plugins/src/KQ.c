/*
 * KQ: ARQC verification and/or ARPC generation (EMV option A key derivation).
 *
 * Request (payShield KQ layout; B fields are raw bytes, so requests are binary):
 *   "KQ"
 *   mode flag 1N: 0 verify the ARQC only, 1 verify the ARQC and generate the ARPC, 2 generate the ARPC only
 *   scheme ID 1N: 0 Visa VSDC (CVN 10): the ARQC and ARPC use the card key (UDK) directly;
 *                 1 EMV common session key (EMV 4.x Book 2 A1.3, from the card key and the ATC): the ARQC and
 *                 ARPC use the session key. (A real payShield uses the MasterCard proprietary derivation here,
 *                 with the UN; this server derives the EMV common session key and ignores the UN.)
 *   MK-AC 32H or 'U'/'X' + 32H: the issuer master key under LMK 28-29 variant 1 (key type 109); or 'S' + a key
 *         block under the key-block LMK
 *   PAN/PSN 8B: the right-most 16 digits of PAN || PAN sequence number, packed BCD (option A derivation input)
 *   ATC 2B, unpredictable number 4B (present for every mode and scheme; the UN is not used)
 *   modes 0 and 1 only: transaction data length 2H (1 to 255 bytes) + transaction data nB + delimiter ';'
 *   ARQC 8B (for mode 2, the ARQC the ARPC answers)
 *   modes 1 and 2 only: ARC 2B
 *   [optional '%' + 2N LMK identifier: the LMK slot of the call, selected before the MK-AC is read]
 * The ARQC is the ISO 9797-1 algorithm 3 MAC (retail MAC) of the transaction data with zero padding to a multiple
 * of 8 bytes (none when it already is one), as the payShield KQ does: the host adds any scheme padding such as
 * X'80 itself. The ARPC is ARPC method 1: 3DES(key, ARQC xor (ARC || 6 zero bytes)).
 * Reply: "KR" "00" (mode 0); "KR" "00" + ARPC 8B (modes 1 and 2); "KR" "01" if the ARQC does not verify.
 * Errors: 01 ARQC verification failure, 04 invalid mode, 05 invalid scheme ID, 10 MK-AC parity, 27 MK-AC not
 * double length, 26 key scheme, 80 transaction data shorter than its length or not followed by ';', 81 zero length
 * transaction data, 15 a missing field, a non-hex length, or data after the last field, 13 no LMK in the slot the
 * identifier names, and the key-block codes (A1, A4, A6, A8...) as the host answers them for the MK-AC.
 * Metadata (description "ARQC verification and/or ARPC generation") in KQ.meta.
 */
#include "hsm_plugin.h"
#include "hsm_host.h"
#include "hsm_fields.h"
#include "data_util.h"

#define RESPONSE "KR"

HSM_EXPORT("Execute")
int64_t execute(const uint8_t *request, int32_t length)
{
    hsm_cursor c = hsm_cursor_after_code(request, length);
    int32_t mode = data_take_flag(&c, 2);
    if (mode < 0) {
        return hsm_error_reply(RESPONSE, c.ok ? HSM_ERR_INVALID_OUTPUT_FORMAT : HSM_ERR_INVALID_INPUT);
    }
    int32_t scheme = data_take_flag(&c, 1);
    if (scheme < 0) {
        return hsm_error_reply(RESPONSE, c.ok ? HSM_ERR_INVALID_KEY_TYPE_FIELD : HSM_ERR_INVALID_INPUT);
    }
    int32_t mk_length;
    const uint8_t *mk_field = hsm_take_key(&c, 32, &mk_length);
    const uint8_t *pan_psn = hsm_take(&c, 8);
    const uint8_t *atc = hsm_take(&c, 2);
    hsm_take(&c, 4);
    const uint8_t *data = 0;
    int32_t data_length = 0;
    if (mode != 2) {
        const uint8_t *length_field = hsm_take_hex(&c, 2);
        if (!c.ok) {
            return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
        }
        data_length = hsm_parse_hex(length_field, 2);
        if (data_length == 0) {
            return hsm_error_reply(RESPONSE, HSM_ERR_ZERO_DATA_LENGTH);
        }
        data = hsm_take(&c, data_length);
        if (!data || !hsm_take_if(&c, ';')) {
            return hsm_error_reply(RESPONSE, HSM_ERR_DATA_LENGTH);
        }
    }
    const uint8_t *arqc = hsm_take(&c, 8);
    const uint8_t *arc = mode != 0 ? hsm_take(&c, 2) : 0;
    if (!c.ok || !data_at_end(&c)) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INVALID_INPUT);
    }

    int32_t selected = hsm_take_lmk(&c);
    if (selected < 0) {
        return hsm_fail_code(RESPONSE, selected);
    }
    int32_t mk = hsm_key_from_lmk("109", mk_field, mk_length);
    if (mk < 0) {
        return hsm_fail_code(RESPONSE, mk);
    }
    int32_t key = hsm_emv_card_key(mk, pan_psn);
    if (key >= 0 && scheme == 1) {
        key = hsm_emv_session_key(key, atc);
    }
    if (key < 0) {
        return hsm_fail_code(RESPONSE, key);
    }
    if (mode != 2) {
        /* The host compares: the true ARQC never enters this plugin's memory. */
        int32_t verified = hsm_emv_arqc_verify(key, data, data_length, arqc);
        if (verified < 0) {
            return hsm_fail_code(RESPONSE, verified);
        }
        if (!verified) {
            return hsm_error_reply(RESPONSE, HSM_ERR_VERIFICATION_FAILED);
        }
    }
    hsm_reply r = hsm_reply_start(RESPONSE, 4 + 8);
    if (!r.start) {
        return hsm_error_reply(RESPONSE, HSM_ERR_INTERNAL_ERROR);
    }
    if (mode != 0) {
        int32_t result = hsm_emv_arpc(key, arqc, arc, hsm_reply_space(&r, 8));
        if (result != 8) {
            return hsm_fail_code(RESPONSE, result);
        }
    }

    return hsm_reply_done(&r);
}
