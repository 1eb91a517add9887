/*
 * The payShield error codes the plugins answer with, each under a name that says what it means: the two
 * characters after the response code in every reply, HSM_ERR_NO_ERROR when nothing went wrong. Included by
 * hsm_plugin.h, so every plugin has it. No libc.
 *
 * The other copy of this table is the Java enum dev.wasmhsm.protocol.ErrorCode (hsm-protocol); hsm_errors.rs
 * beside this file has it for Rust plugins. A test keeps them equal, so change them together: same names, codes
 * and order, one define per line in the form this file uses.
 *
 * Some codes mean one thing in general and another in a few commands (the data commands M0 to M8 number their
 * field errors 02 to 09, and KQ answers 04 and 05 for its mode and scheme). Such a code has a constant for each
 * meaning: answer with the one that says what went wrong.
 */
#ifndef HSM_ERRORS_H
#define HSM_ERRORS_H

/* No error. */
#define HSM_ERR_NO_ERROR "00"

/* Verification failure, or an imported key's parity error (advice only). */
#define HSM_ERR_VERIFICATION_FAILED "01"

/* Invalid mode flag (M0, M2, M6, M8). */
#define HSM_ERR_INVALID_MODE_FLAG "02"

/* Invalid input format flag (M0, M2, M6, M8). */
#define HSM_ERR_INVALID_INPUT_FORMAT "03"

/* Invalid key type code. */
#define HSM_ERR_INVALID_KEY_TYPE "04"

/* Invalid output format flag or MAC algorithm (M0, M2, M6, M8), invalid mode (KQ). */
#define HSM_ERR_INVALID_OUTPUT_FORMAT "04"

/* Invalid key length flag. */
#define HSM_ERR_INVALID_KEY_LENGTH_FLAG "05"

/* Invalid key type field (M0, M2, M6, M8), invalid scheme (KQ). */
#define HSM_ERR_INVALID_KEY_TYPE_FIELD "05"

/* Invalid message length (M0, M2, M6, M8). */
#define HSM_ERR_INVALID_MESSAGE_LENGTH "06"

/* Invalid padding method (M6, M8). */
#define HSM_ERR_INVALID_PADDING "09"

/* Source key parity error. */
#define HSM_ERR_SOURCE_KEY_PARITY "10"

/* Destination key parity error, or a weak key (all zeros). */
#define HSM_ERR_DESTINATION_KEY_PARITY "11"

/* Invalid LMK identifier: no LMK is loaded in that slot. */
#define HSM_ERR_INVALID_LMK_IDENTIFIER "13"

/* PIN encrypted under LMK pair 02-03 is invalid. */
#define HSM_ERR_INVALID_PIN_UNDER_LMK "14"

/* Invalid input data: format, characters or length. */
#define HSM_ERR_INVALID_INPUT "15"

/* HSM not in the authorised state. */
#define HSM_ERR_NOT_AUTHORISED "17"

/* PIN block does not contain valid values. */
#define HSM_ERR_INVALID_PIN_BLOCK "20"

/* Invalid PIN block format code. */
#define HSM_ERR_INVALID_PIN_BLOCK_FORMAT "23"

/* PIN fewer than 4 or more than 12 digits long. */
#define HSM_ERR_INVALID_PIN_LENGTH "24"

/* Decimalisation table error. */
#define HSM_ERR_DECIMALISATION_TABLE "25"

/* Invalid key scheme. */
#define HSM_ERR_INVALID_KEY_SCHEME "26"

/* Incompatible key length. */
#define HSM_ERR_INCOMPATIBLE_KEY_LENGTH "27"

/* Key function not permitted. */
#define HSM_ERR_KEY_FUNCTION_NOT_PERMITTED "29"

/* Internal hardware or software error. */
#define HSM_ERR_INTERNAL_ERROR "41"

/* PIN block format has been disabled (restricted PIN translation). */
#define HSM_ERR_PIN_BLOCK_FORMAT_DISABLED "69"

/* Single-length key masquerading as a double or triple-length key. */
#define HSM_ERR_SINGLE_LENGTH_MASQUERADE "75"

/* Data length error. */
#define HSM_ERR_DATA_LENGTH "80"

/* Zero transaction data length (KQ). */
#define HSM_ERR_ZERO_DATA_LENGTH "81"

/* Unknown command: no plugin serves it (this server's default, hsm.plugins.errorCode). */
#define HSM_ERR_UNKNOWN_COMMAND "86"

/* Key block: incompatible LMK schemes. */
#define HSM_ERR_INCOMPATIBLE_LMK_SCHEMES "A1"

/* Key block: incompatible key block LMK identifiers. */
#define HSM_ERR_INCOMPATIBLE_KEY_BLOCK_LMK "A3"

/* Key block authentication failure. */
#define HSM_ERR_KEY_BLOCK_AUTHENTICATION "A4"

/* Key block: incompatible key length. */
#define HSM_ERR_KEY_BLOCK_KEY_LENGTH "A5"

/* Key block: invalid key usage. */
#define HSM_ERR_INVALID_KEY_USAGE "A6"

/* Key block: invalid algorithm. */
#define HSM_ERR_INVALID_ALGORITHM "A7"

/* Key block: invalid mode of use. */
#define HSM_ERR_INVALID_MODE_OF_USE "A8"

/* Key block: invalid key version number. */
#define HSM_ERR_INVALID_KEY_VERSION "A9"

/* Key block: invalid export field. */
#define HSM_ERR_INVALID_EXPORTABILITY "AA"

/* Key block: invalid number of optional blocks. */
#define HSM_ERR_INVALID_OPTIONAL_BLOCK_COUNT "AB"

/* Key block: optional header block error. */
#define HSM_ERR_OPTIONAL_BLOCK_ERROR "AC"

/* Miscellaneous key block error: length, characters or padding. */
#define HSM_ERR_KEY_BLOCK_ERROR "B2"

/* Key block: invalid wrapping key. */
#define HSM_ERR_INVALID_WRAPPING_KEY "BB"

/* Invalid key block header ID (version). */
#define HSM_ERR_INVALID_KEY_BLOCK_VERSION "BE"

/*
 * The host functions' negative result for an error code: HSM_HOST_ERROR(HSM_ERR_INVALID_INPUT) is -15. The
 * compiler folds it to a constant. Numeric codes only: the key-block codes (A4 to BE) are the host's alone.
 */
#define HSM_HOST_ERROR(code) (-(((code)[0] - '0') * 10 + ((code)[1] - '0')))

#endif
