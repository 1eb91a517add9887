/*
 * Host cryptography for HSM command plugins (plugin ABI v1, see docs/plugin-abi.md, "Host cryptography").
 *
 * Keys never enter guest memory in the clear: a plugin hands the host a key field exactly as it arrived on the
 * wire (encrypted under the LMK or under a ZMK) and gets back an opaque handle, a small positive integer that is
 * valid until the end of the current Execute call. Every function returns a negative payShield error code on
 * failure (-10 is error 10, -15 is error 15, and so on), so a plugin can answer with it directly; the codes each
 * function returns are listed with it. Each function is an import of module "hsm"; a plugin declares the ones it
 * uses in its metadata (imports=hsm.key_from_lmk,hsm.key_check_value,...), and the host links only those.
 *
 * Conventions: text fields are ASCII as on the wire (hex in upper or lower case); "scheme" is a key scheme letter
 * ('Z' single DES, 'U' double variant, 'T' triple variant, 'X' double X9.17, 'Y' triple X9.17); "type" is a
 * 3-character variant-LMK key type code such as "001" (ZPK); an "account" is the 12 right-most PAN digits
 * excluding the check digit; PIN block formats are the Thales codes (1 ISO 0, 3 IBM 3624 F-padded, 5 ISO 1,
 * 47 ISO 3, 48 ISO 4 AES).
 *
 * Key roles (the host enforces them; a check in a plugin is a convenience, never the protection): the host records
 * what each handle is, and refuses a use its role does not permit with -29 (error 29, key function not permitted).
 * A key from hsm_key_from_lmk has the type it was decrypted under; a key from hsm_key_generate or hsm_key_from_kek
 * is untyped until hsm_key_to_lmk writes it under a type, which types it for good. An untyped key may have its
 * check value, length and parity read and be written under the LMK, nothing else: it is never exported. One clear
 * value has one type in a call: keys that share an 8-byte part share their type, so typing one copy types every
 * copy, and a value met under a second type is refused with -29. The roles (docs/plugin-abi.md, "Key roles"): KEK
 * 000 ZMK and 80D TMK (and 002 without key type 002 separation); PIN key 001 ZPK and 70D TPK (and 002 without
 * separation); PVK 002; CVK 402; MAC key 003 TAK and 008 ZAK; data key 00A ZEK and 00B DEK; EMV master key 109 (MK-AC)
 * only. Keys from hsm_emv_card_key and hsm_emv_session_key are EMV keys, for hsm_emv_arqc_verify and
 * hsm_emv_arpc only.
 *
 * Security profile (hsm.security.profile; docs/operations.md): in the default PCI profile the host refuses
 * single-length keys (-27), keys whose halves repeat (-75), KEKs shorter than the keys they wrap (-27), schemes
 * other than U and T under the LMK (-26), and PIN translations from a PAN-bound format (ISO 0, 3, 4, or a PIN under
 * the LMK) to an unbound one (ISO 1, IBM 3624) (-69); 16-digit check values come restricted (6 digits and ten
 * zeros). The config values keytype.tpk and keytype.tmk give the TPK and TMK type codes of the profile.
 *
 * Authorised activities (-17 outside them; entered through JMX, see docs/operations.md): writing a generated key
 * as a ZMK (generate.zmk); writing an imported key under the LMK as anything but a ZPK that came in under a ZMK
 * (import); writing a key under a KEK, but a ZPK under a ZMK or a terminal key (TPK, TMK, TAK) generated in the
 * call under a TMK (export).
 *
 * Verification: hsm_cvv_verify, hsm_pvv_verify, hsm_mac_verify and hsm_emv_arqc_verify answer 1 or 0, and the true
 * value never enters guest memory; a verify command uses them, not the functions that compute the value.
 *
 * LMK slots and key blocks (docs/protocol.md, "Key blocks"): the variant LMK is slot 00, key-block LMKs are slots 01
 * to 99, and each call starts on the server's default slot. A plugin that finds the '%' LMK identifier in its
 * request passes it to hsm_lmk_select before it reads any key. Under a key-block LMK, a key field is 'S' followed
 * by a Thales key block (hsm_key_field_length in hsm_fields.h knows its length); the host verifies the block and
 * enforces its header: the usage gives the key its type, which must be the type the plugin names (-A6; "FFF" takes
 * it), the mode of use each operation (-A8), and a key-block key is never exported in variant form (-AA). A block under a variant LMK, or a
 * variant key field under a key-block LMK, is -A1. An error code with a letter comes back as -(c0 << 8 | c1) of its
 * two characters ("A6" is -0x4136); hsm_fail_code in hsm_fields.h turns any result into its two characters.
 */
#ifndef HSM_HOST_H
#define HSM_HOST_H

#include <stdint.h>

#define HSM_IMPORT(name) __attribute__((import_module("hsm"), import_name(name)))

/*
 * Selects the LMK of the rest of the call: id is 2 digits, the slot a request names after '%'; call it before any
 * key is held. Returns 0, or -13 (no LMK in that slot), -15 (not two digits, or a key is held already).
 */
HSM_IMPORT("lmk_select")
int32_t hsm_lmk_select(const uint8_t *id);

/*
 * Decrypts a key field encrypted under the LMK pair of the key type: 16H (single), 32H (double, as X), 'U'/'X' +
 * 32H, 'T'/'Y' + 48H. field_len must be exactly the field's length. Returns a handle, or -4 (invalid key type),
 * -10 (key parity error), -15 (malformed field), -26 (invalid scheme), -27 (length does not fit the scheme, or a
 * single-length key in the PCI profile), -75 (halves repeat, PCI), -29 (the value is held as another type).
 */
HSM_IMPORT("key_from_lmk")
int32_t hsm_key_from_lmk(const char *type, const uint8_t *field, int32_t field_len);

/*
 * Decrypts a key field (same forms as above) encrypted under the key kek (a ZMK or TMK), scheme 'U' applying the
 * ZMK variant, with the optional Atalla variant (0 for none). A key with bad parity is NOT refused, so that a
 * command can answer 01 (parity advice) and go on: the host adjusts it to odd parity as it stores it behind the
 * handle, and hsm_key_parity_ok reports the parity it arrived with. Everything later done with the handle uses
 * the adjusted key (the check value is the same either way: DES ignores the parity bits). The kek must be a KEK
 * (ZMK 000, TMK 80D, or 002 without key type 002 separation); the key returned is untyped (see "Key roles" above),
 * and may be written under the LMK without the activity import only as a ZPK that came in under a ZMK. Returns a handle, or -10 (kek
 * invalid, or kek imported with bad parity), -29 (kek not a KEK, untyped kek included), -15, -26, -27 (also: the
 * key is longer than the kek, or single length, in the PCI profile), -75.
 */
HSM_IMPORT("key_from_kek")
int32_t hsm_key_from_kek(int32_t kek, const uint8_t *field, int32_t field_len, int32_t atalla_variant);

/*
 * Generates a random key of 8, 16 or 24 bytes with odd parity; the key is untyped until hsm_key_to_lmk. Returns a
 * handle, or -5 (invalid length), -27 (8 bytes in the PCI profile).
 */
HSM_IMPORT("key_generate")
int32_t hsm_key_generate(int32_t length_bytes);

/*
 * Writes the key encrypted under the LMK pair of the type, in the given scheme ('Z' writes bare 16H; 'U', 'T',
 * 'X', 'Y' write the letter and the hex), into out (capacity cap). An untyped key takes the type for good once
 * written; a typed key may only be written under its own type, an EMV key not at all. Returns the number of
 * characters written, or -4, -26 (invalid scheme, or not U/T in the PCI profile), -27 (scheme does not fit the
 * key's length), -15 (cap too small), -29 (the key has another type, or is an EMV key), -17 (a generated ZMK or an
 * imported key other than a ZPK, outside the authorised activity generate.zmk / import).
 */
HSM_IMPORT("key_to_lmk")
int32_t hsm_key_to_lmk(int32_t key, const char *type, int32_t scheme, uint8_t *out, int32_t cap);
/* With scheme 'S', type may be "FFF": the key is written as the type it has (from a key block, or loaded). */

/*
 * Writes the key as 'S' and a key block under the call's key-block LMK, with the attributes of a payShield '#'
 * field (attrs_len 10: key usage 2, algorithm 2 such as "T2" or "T3", mode of use 1, key version 2,
 * exportability 1, number of optional blocks 2, "00" only). type is the variant key type the key is written as, or
 * "FFF" to take it from the usage. A key that came from a key block keeps attributes no looser than its own (the
 * same usage, a mode of use that allows no more, exportability no wider). Returns the number of characters written,
 * or -A1 (variant LMK selected), -A5/-A7 (algorithm does not fit the key), -A6, -A8, -A9, -AA, -AB, -15, -29, -17
 * as hsm_key_to_lmk.
 */
HSM_IMPORT("key_to_lmk_block")
int32_t hsm_key_to_lmk_block(int32_t key, const char *type, const uint8_t *attrs, int32_t attrs_len, uint8_t *out,
        int32_t cap);

/*
 * Key migration (BW): decrypts a key field under the variant LMK (type and field as hsm_key_from_lmk takes them) and
 * writes it as 'S' and a key block under the key-block LMK of slot lmk_id (2 digits), with the 10 attribute
 * characters of a '#' field (attrs_len 10) or, with attrs_len 0, the defaults of its type. The usage must give exactly
 * the key's type, so a key never gains a role in the move. Returns the number of characters written, or the codes
 * of hsm_key_from_lmk, -13 (no LMK in that slot), -A1 (a key-block slot is not named, or the field is a key block),
 * -A5, -A6, -A7, -A8, -A9, -AA, -AB, -15.
 */
HSM_IMPORT("key_migrate")
int32_t hsm_key_migrate(const char *type, const uint8_t *field, int32_t field_len, const uint8_t *lmk_id,
        const uint8_t *attrs, int32_t attrs_len, uint8_t *out, int32_t cap);

/*
 * Reads a TR-31 key block (the characters after 'R': version B or C under a 3DES kek, which must be a KEK) and
 * returns a handle whose type comes from the block's usage; type is the variant key type the command names, or
 * "FFF" to take it from the usage. The key keeps the block's mode of use and exportability, and is written under the
 * LMK only as a key block (hsm_key_to_lmk with scheme 'S' and type "FFF" writes it with its own attributes). Anything
 * but a ZPK under a ZMK is read only inside the authorised activity import (-17 otherwise). Returns a handle,
 * or -10 (kek parity), -29 (kek not a KEK), -A4 (authenticator), -A5, -A6, -A7, -BE (a version the kek cannot
 * open: D needs an AES kek), -B2 (malformed), -15.
 */
HSM_IMPORT("key_from_tr31")
int32_t hsm_key_from_tr31(int32_t kek, const uint8_t *block, int32_t block_len, const char *type);

/*
 * Writes the key as 'R' and a TR-31 key block of version ('B' or 'C'; 'D' needs an AES kek, -BE) under the KEK
 * kek, with the key's own key-block attributes (the Thales usages unchanged) or the defaults of its type. Refused:
 * a key whose exportability is N (-AA), E or S under a kek that is not a key block from the LMK (-AA), and, as hsm_key_to_kek, an untyped key (-29) or an export that needs the activity export (-17).
 * Returns the number of characters written, or those codes, -15 (cap too small), -11 (kek parity).
 */
HSM_IMPORT("key_to_tr31")
int32_t hsm_key_to_tr31(int32_t key, int32_t kek, int32_t version, uint8_t *out, int32_t cap);

/*
 * Writes the key encrypted under the key kek (ZMK or TMK) in the given scheme ('Z' bare 16H, 'X'/'Y' plain ECB,
 * 'U'/'T' with the ZMK variants), with the optional Atalla variant, into out. The kek must be a KEK; the key must be
 * typed (written under the LMK in this call, or loaded from it). Returns the number of characters written, or -26,
 * -27 (also: the kek is shorter than the key, PCI), -15, -11 (kek parity), -29 (kek not a KEK, or the key untyped
 * or an EMV key), -17 (outside the authorised activity export, for anything but a ZPK under a ZMK or a terminal
 * key generated in the call under a TMK).
 */
HSM_IMPORT("key_to_kek")
int32_t hsm_key_to_kek(int32_t key, int32_t kek, int32_t scheme, int32_t atalla_variant, uint8_t *out, int32_t cap);

/*
 * Writes the key check value as hex_digits (6 or 16) hex characters; in the PCI profile a 16-digit value is
 * restricted (its 6 most significant digits and ten '0'). Returns hex_digits, or -15.
 */
HSM_IMPORT("key_check_value")
int32_t hsm_key_check_value(int32_t key, uint8_t *out, int32_t hex_digits);

/* Returns the key's length in bytes (8, 16 or 24), or -15 for an unknown handle. */
HSM_IMPORT("key_length")
int32_t hsm_key_length(int32_t key);

/*
 * Returns 1 if every byte of the key had odd parity when it arrived, 0 if not (only a key from hsm_key_from_kek can
 * arrive with bad parity; the handle holds it adjusted to odd parity), or -15.
 */
HSM_IMPORT("key_parity_ok")
int32_t hsm_key_parity_ok(int32_t key);

/*
 * Computes the Visa CVV with a double-length CVK for a PAN (pan_len digits, 12 to 19), expiry 4N (YYMM as sent)
 * and service code 3N; writes 3 digits to out. The CVK must be typed "402". Returns 3, or -27 (CVK not double
 * length), -15, -29 (CVK not typed 402).
 */
HSM_IMPORT("cvv")
int32_t hsm_cvv(int32_t cvk, const uint8_t *pan, int32_t pan_len, const uint8_t *expiry, const uint8_t *service_code,
        uint8_t *out);

/* Verifies a Visa CVV (3 digits at cvv) as hsm_cvv computes it. Returns 1 if it matches, 0 if not, or as hsm_cvv. */
HSM_IMPORT("cvv_verify")
int32_t hsm_cvv_verify(int32_t cvk, const uint8_t *pan, int32_t pan_len, const uint8_t *expiry,
        const uint8_t *service_code, const uint8_t *cvv);

/*
 * Decrypts a PIN block (16H) under src_key in src_format and re-encrypts it under dst_key in dst_format; writes
 * 16H to out. Both keys must be PIN keys. Returns the PIN length (4 to 12), or -20 (PIN block content invalid),
 * -23 (format), -24 (PIN length), -15, -29 (a key that is not a PIN key), -69 (a PAN-bound format to an unbound
 * one, PCI).
 */
HSM_IMPORT("pin_translate")
int32_t hsm_pin_translate(int32_t src_key, const uint8_t *block, int32_t src_format, const uint8_t *account,
        int32_t dst_key, int32_t dst_format, uint8_t *out);

/*
 * Decrypts a PIN block under key and writes the PIN encrypted under LMK 02-03, bound to the account (16H, see
 * docs/plugin-abi.md) to out (cap >= 16); the account is read for every format. The key must be a PIN key.
 * Returns 16, or -20, -23, -24, -15, -29.
 */
HSM_IMPORT("pin_to_lmk")
int32_t hsm_pin_to_lmk(int32_t key, const uint8_t *block, int32_t format, const uint8_t *account, uint8_t *out,
        int32_t cap);

/*
 * Decrypts a PIN under LMK 02-03 (pin_len characters, 16H) of the account and writes it as a PIN block (16H) in
 * format under key. The key must be a PIN key. Returns the PIN length, or -14 (PIN under LMK invalid, or of another
 * account), -23, -15, -29, -69 (an unbound format, PCI).
 */
HSM_IMPORT("pin_from_lmk")
int32_t hsm_pin_from_lmk(const uint8_t *pin_lmk, int32_t pin_len, int32_t key, int32_t format,
        const uint8_t *account, uint8_t *out);

/*
 * Computes the Visa PVV (4 digits) of the PIN in a PIN block under key, with a double-length PVK and the PVK
 * index 0-9; writes 4 digits to out. The PVK must be a PVK (002), the key a PIN key. Returns 4, or -20, -23, -24,
 * -27 (PVK not double length), -15, -29 (a key of another role).
 */
HSM_IMPORT("pvv_from_block")
int32_t hsm_pvv_from_block(int32_t pvk, int32_t key, const uint8_t *block, int32_t format, const uint8_t *account,
        int32_t pvki, uint8_t *out);

/* The same for a PIN under LMK 02-03 (16H) of the account; the PVK must be a PVK. Returns 4, or -14, -27, -15, -29. */
HSM_IMPORT("pvv_from_lmk")
int32_t hsm_pvv_from_lmk(int32_t pvk, const uint8_t *pin_lmk, int32_t pin_len, const uint8_t *account, int32_t pvki,
        uint8_t *out);

/*
 * Verifies a Visa PVV (4 digits at pvv) of the PIN in a PIN block, as hsm_pvv_from_block computes it. Returns 1 if
 * it matches, 0 if not, or as hsm_pvv_from_block.
 */
HSM_IMPORT("pvv_verify")
int32_t hsm_pvv_verify(int32_t pvk, int32_t key, const uint8_t *block, int32_t format, const uint8_t *account,
        int32_t pvki, const uint8_t *pvv);

/*
 * Encrypts (encrypt = 1) or decrypts (0) len bytes (a multiple of 8) with DES/3DES in mode 0 (ECB) or 1 (CBC,
 * iv 8 bytes, updated in place to the last cipher block); out may equal in. The key must be a data key (00A ZEK,
 * 00B DEK/TEK). Returns len, or -15, -29 (any other key, untyped included).
 */
HSM_IMPORT("crypt")
int32_t hsm_crypt(int32_t key, int32_t encrypt, int32_t mode, uint8_t *iv, const uint8_t *in, int32_t len,
        uint8_t *out);

/*
 * Computes an ISO 9797-1 MAC, algorithm 1 (CBC-MAC) or 3 (retail MAC, double-length key), padding method 0
 * (none: len a multiple of 8), 1 (zeros) or 2 (0x80 then zeros), over len bytes, with an optional 8-byte initial
 * value (0 for zeros); writes the 8-byte MAC to out. Algorithms 11 and 13 write the chaining value of algorithm 1
 * or 3 for a message that goes on in another call (CBC under the key, or its left part, no padding: M6/M8 modes 1
 * and 2); under the PCI profile that value is opaque (encrypted under the key) and every iv is such a value,
 * decrypted by the host before use. The key must be a MAC key (003 TAK, 008 ZAK). Returns 8, or -15, -27, -29 (any other key, untyped included).
 */
HSM_IMPORT("mac")
int32_t hsm_mac(int32_t key, int32_t algorithm, int32_t padding, const uint8_t *iv, const uint8_t *data, int32_t len,
        uint8_t *out);

/*
 * Verifies a MAC: whether the first mac_len bytes (4 or 8) of the MAC hsm_mac would compute are those at mac.
 * Returns 1 if they match, 0 if not, or as hsm_mac (-15 also for another mac_len).
 */
HSM_IMPORT("mac_verify")
int32_t hsm_mac_verify(int32_t key, int32_t algorithm, int32_t padding, const uint8_t *iv, const uint8_t *data,
        int32_t len, const uint8_t *mac, int32_t mac_len);

/*
 * EMV option A: derives the card's unique key from an issuer master key (double length) and 8 bytes of PAN and
 * PAN sequence number (binary, as in the KQ command). The master key must be an MK-AC ("109"; the other EMV master
 * keys have no host function yet); the card key is an EMV key. Returns a handle, or -27, -15, -29 (master key of
 * another type).
 */
HSM_IMPORT("emv_card_key")
int32_t hsm_emv_card_key(int32_t master_key, const uint8_t *pan_psn);

/*
 * Derives the EMV common session key (EMV 4.x, A1.3) from a card key (from hsm_emv_card_key) and the 2-byte ATC;
 * the session key is an EMV key. Returns a handle, or -15, -29 (not a card key).
 */
HSM_IMPORT("emv_session_key")
int32_t hsm_emv_session_key(int32_t card_key, const uint8_t *atc);

/*
 * Verifies an ARQC (8 bytes): whether it is the ISO 9797-1 algorithm 3 MAC, zero padded (method 1), of len bytes
 * of transaction data under an EMV key. Returns 1 if it matches, 0 if not, or -15, -29 (not an EMV key).
 */
HSM_IMPORT("emv_arqc_verify")
int32_t hsm_emv_arqc_verify(int32_t key, const uint8_t *data, int32_t len, const uint8_t *arqc);

/*
 * ARPC method 1: 3DES(key, ARQC xor (ARC || 6 zero bytes)); writes 8 bytes to out. The key must be an EMV key.
 * Returns 8, or -15, -29.
 */
HSM_IMPORT("emv_arpc")
int32_t hsm_emv_arpc(int32_t key, const uint8_t *arqc, const uint8_t *arc, uint8_t *out);

/*
 * Writes the host's answer to a health or utilisation command after its error code: kind 'K' (JK), '2' (J2),
 * '4' (J4) or '8' (J8), at most cap bytes to out. Returns the answer's full length, or -1 for another kind, or when
 * the host keeps no statistics (a plugin run by the plugin tool). Layouts in docs/commands.md.
 */
HSM_IMPORT("status")
int32_t hsm_status(int32_t kind, uint8_t *out, int32_t cap);

/* Writes len random bytes to out. Returns len. */
HSM_IMPORT("random")
int32_t hsm_random(uint8_t *out, int32_t len);

#endif
