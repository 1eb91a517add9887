// The payShield error codes the plugins answer with, each under a name that says what it means (the second and
// third characters of every reply, b"00" for no error). The other copies of this table are the Java enum
// dev.wasmhsm.protocol.ErrorCode (hsm-protocol) and plugins/include/hsm_errors.h for C plugins; a test keeps the
// three equal, so change them together: same names, codes and order, one line per code.
//
// Include it in a module, e.g. `#[allow(dead_code)] mod errors { include!("../include/hsm_errors.rs"); }`.

/// No error.
pub const NO_ERROR: &[u8; 2] = b"00";
/// Verification failure, or an imported key's parity error (advice only).
pub const VERIFICATION_FAILED: &[u8; 2] = b"01";
/// Invalid mode flag (M0, M2, M6, M8).
pub const INVALID_MODE_FLAG: &[u8; 2] = b"02";
/// Invalid input format flag (M0, M2, M6, M8).
pub const INVALID_INPUT_FORMAT: &[u8; 2] = b"03";
/// Invalid key type code.
pub const INVALID_KEY_TYPE: &[u8; 2] = b"04";
/// Invalid output format flag or MAC algorithm (M0, M2, M6, M8), invalid mode (KQ).
pub const INVALID_OUTPUT_FORMAT: &[u8; 2] = b"04";
/// Invalid key length flag.
pub const INVALID_KEY_LENGTH_FLAG: &[u8; 2] = b"05";
/// Invalid key type field (M0, M2, M6, M8), invalid scheme (KQ).
pub const INVALID_KEY_TYPE_FIELD: &[u8; 2] = b"05";
/// Invalid message length (M0, M2, M6, M8).
pub const INVALID_MESSAGE_LENGTH: &[u8; 2] = b"06";
/// Invalid padding method (M6, M8).
pub const INVALID_PADDING: &[u8; 2] = b"09";
/// Source key parity error.
pub const SOURCE_KEY_PARITY: &[u8; 2] = b"10";
/// Destination key parity error, or a weak key (all zeros).
pub const DESTINATION_KEY_PARITY: &[u8; 2] = b"11";
/// Invalid LMK identifier: no LMK is loaded in that slot.
pub const INVALID_LMK_IDENTIFIER: &[u8; 2] = b"13";
/// PIN encrypted under LMK pair 02-03 is invalid.
pub const INVALID_PIN_UNDER_LMK: &[u8; 2] = b"14";
/// Invalid input data: format, characters or length.
pub const INVALID_INPUT: &[u8; 2] = b"15";
/// HSM not in the authorised state.
pub const NOT_AUTHORISED: &[u8; 2] = b"17";
/// PIN block does not contain valid values.
pub const INVALID_PIN_BLOCK: &[u8; 2] = b"20";
/// Invalid PIN block format code.
pub const INVALID_PIN_BLOCK_FORMAT: &[u8; 2] = b"23";
/// PIN fewer than 4 or more than 12 digits long.
pub const INVALID_PIN_LENGTH: &[u8; 2] = b"24";
/// Decimalisation table error.
pub const DECIMALISATION_TABLE: &[u8; 2] = b"25";
/// Invalid key scheme.
pub const INVALID_KEY_SCHEME: &[u8; 2] = b"26";
/// Incompatible key length.
pub const INCOMPATIBLE_KEY_LENGTH: &[u8; 2] = b"27";
/// Key function not permitted.
pub const KEY_FUNCTION_NOT_PERMITTED: &[u8; 2] = b"29";
/// Internal hardware or software error.
pub const INTERNAL_ERROR: &[u8; 2] = b"41";
/// PIN block format has been disabled (restricted PIN translation).
pub const PIN_BLOCK_FORMAT_DISABLED: &[u8; 2] = b"69";
/// Single-length key masquerading as a double or triple-length key.
pub const SINGLE_LENGTH_MASQUERADE: &[u8; 2] = b"75";
/// Data length error.
pub const DATA_LENGTH: &[u8; 2] = b"80";
/// Zero transaction data length (KQ).
pub const ZERO_DATA_LENGTH: &[u8; 2] = b"81";
/// Unknown command: no plugin serves it (this server's default, hsm.plugins.errorCode).
pub const UNKNOWN_COMMAND: &[u8; 2] = b"86";
/// Key block: incompatible LMK schemes.
pub const INCOMPATIBLE_LMK_SCHEMES: &[u8; 2] = b"A1";
/// Key block: incompatible key block LMK identifiers.
pub const INCOMPATIBLE_KEY_BLOCK_LMK: &[u8; 2] = b"A3";
/// Key block authentication failure.
pub const KEY_BLOCK_AUTHENTICATION: &[u8; 2] = b"A4";
/// Key block: incompatible key length.
pub const KEY_BLOCK_KEY_LENGTH: &[u8; 2] = b"A5";
/// Key block: invalid key usage.
pub const INVALID_KEY_USAGE: &[u8; 2] = b"A6";
/// Key block: invalid algorithm.
pub const INVALID_ALGORITHM: &[u8; 2] = b"A7";
/// Key block: invalid mode of use.
pub const INVALID_MODE_OF_USE: &[u8; 2] = b"A8";
/// Key block: invalid key version number.
pub const INVALID_KEY_VERSION: &[u8; 2] = b"A9";
/// Key block: invalid export field.
pub const INVALID_EXPORTABILITY: &[u8; 2] = b"AA";
/// Key block: invalid number of optional blocks.
pub const INVALID_OPTIONAL_BLOCK_COUNT: &[u8; 2] = b"AB";
/// Key block: optional header block error.
pub const OPTIONAL_BLOCK_ERROR: &[u8; 2] = b"AC";
/// Miscellaneous key block error: length, characters or padding.
pub const KEY_BLOCK_ERROR: &[u8; 2] = b"B2";
/// Key block: invalid wrapping key.
pub const INVALID_WRAPPING_KEY: &[u8; 2] = b"BB";
/// Invalid key block header ID (version).
pub const INVALID_KEY_BLOCK_VERSION: &[u8; 2] = b"BE";
