package dev.wasmhsm.protocol;

/**
 * The payShield error codes this product answers with, each under a name that says what it means; the one table
 * of them in Java. The C plugins have the same table as {@code plugins/include/hsm_errors.h} (and the Rust ones as
 * {@code plugins/include/hsm_errors.rs}), and a test keeps the three equal.
 *
 * <p>Some codes mean one thing in general and another in a few commands (payShield's own convention: the data
 * commands M0 to M8 number their field errors 02 to 09). Such a code has a constant for each meaning, so the code
 * that answers it says which one it means.
 */
public enum ErrorCode {
    /** No error. */
    NO_ERROR("00", "no error"),
    /** A verification failed (CVV, PVV, MAC, ARQC), or an imported key had a parity error (advice only). */
    VERIFICATION_FAILED("01", "verification failure, or an imported key's parity error (advice only)"),
    /** The mode flag of a data command (M0, M2, M6, M8) is invalid. */
    INVALID_MODE_FLAG("02", "invalid mode flag (M0, M2, M6, M8)"),
    /** The input format flag of a data command is invalid. */
    INVALID_INPUT_FORMAT("03", "invalid input format flag (M0, M2, M6, M8)"),
    /** The key type code is invalid. */
    INVALID_KEY_TYPE("04", "invalid key type code"),
    /** The output format or MAC algorithm of a data command, or the mode of KQ, is invalid. */
    INVALID_OUTPUT_FORMAT("04", "invalid output format flag or MAC algorithm (M0, M2, M6, M8), invalid mode (KQ)"),
    /** The key length flag is invalid, or names a length the operation does not offer. */
    INVALID_KEY_LENGTH_FLAG("05", "invalid key length flag"),
    /** The key type field of a data command, or the scheme of KQ, is invalid. */
    INVALID_KEY_TYPE_FIELD("05", "invalid key type field (M0, M2, M6, M8), invalid scheme (KQ)"),
    /** The message length of a data command is invalid. */
    INVALID_MESSAGE_LENGTH("06", "invalid message length (M0, M2, M6, M8)"),
    /** The padding method of a MAC command is invalid. */
    INVALID_PADDING("09", "invalid padding method (M6, M8)"),
    /** The source key has a parity error. */
    SOURCE_KEY_PARITY("10", "source key parity error"),
    /** The destination key has a parity error, or a key is a weak DES key (all zeros among them). */
    DESTINATION_KEY_PARITY("11", "destination key parity error, or a weak key (all zeros)"),
    /** Invalid LMK identifier: the {@code %nn} of a request names an empty slot. */
    INVALID_LMK_IDENTIFIER("13", "invalid LMK identifier: no LMK is loaded in that slot"),
    /** A PIN encrypted under LMK pair 02-03 is invalid. */
    INVALID_PIN_UNDER_LMK("14", "PIN encrypted under LMK pair 02-03 is invalid"),
    /** The input data is invalid: its format, characters or length. */
    INVALID_INPUT("15", "invalid input data: format, characters or length"),
    /** The HSM is not in the authorised state the command needs. */
    NOT_AUTHORISED("17", "HSM not in the authorised state"),
    /** A PIN block does not contain valid values. */
    INVALID_PIN_BLOCK("20", "PIN block does not contain valid values"),
    /** The PIN block format code is invalid, or the key cannot carry that format. */
    INVALID_PIN_BLOCK_FORMAT("23", "invalid PIN block format code"),
    /** A PIN is shorter than 4 or longer than 12 digits. */
    INVALID_PIN_LENGTH("24", "PIN fewer than 4 or more than 12 digits long"),
    /** The decimalisation table is invalid. */
    DECIMALISATION_TABLE("25", "decimalisation table error"),
    /** The key scheme is invalid. */
    INVALID_KEY_SCHEME("26", "invalid key scheme"),
    /** The key length does not fit the operation. */
    INCOMPATIBLE_KEY_LENGTH("27", "incompatible key length"),
    /** A key was offered for a function its type does not permit. */
    KEY_FUNCTION_NOT_PERMITTED("29", "key function not permitted"),
    /** The HSM failed inside: a plugin or the server could not answer. */
    INTERNAL_ERROR("41", "internal hardware or software error"),
    /** A PIN block translation the security profile forbids: from a format bound to the PAN to one that is not. */
    PIN_BLOCK_FORMAT_DISABLED("69", "PIN block format has been disabled (restricted PIN translation)"),
    /** A double or triple-length key whose parts repeat, which is a single-length key in disguise. */
    SINGLE_LENGTH_MASQUERADE("75", "single-length key masquerading as a double or triple-length key"),
    /** The data is longer or shorter than its length field says. */
    DATA_LENGTH("80", "data length error"),
    /** The transaction data length of KQ is zero. */
    ZERO_DATA_LENGTH("81", "zero transaction data length (KQ)"),
    /** No plugin serves the command: this server's default reply, set with {@code hsm.plugins.errorCode}. */
    UNKNOWN_COMMAND("86", "unknown command: no plugin serves it (this server's default, hsm.plugins.errorCode)"),
    /** Key block: incompatible LMK schemes. */
    INCOMPATIBLE_LMK_SCHEMES("A1", "key block: incompatible LMK schemes"),
    /** Key block: incompatible key block LMK identifiers. */
    INCOMPATIBLE_KEY_BLOCK_LMK("A3", "key block: incompatible key block LMK identifiers"),
    /** Key block authentication failure. */
    KEY_BLOCK_AUTHENTICATION("A4", "key block authentication failure"),
    /** Key block: incompatible key length. */
    KEY_BLOCK_KEY_LENGTH("A5", "key block: incompatible key length"),
    /** Key block: invalid key usage. */
    INVALID_KEY_USAGE("A6", "key block: invalid key usage"),
    /** Key block: invalid algorithm. */
    INVALID_ALGORITHM("A7", "key block: invalid algorithm"),
    /** Key block: invalid mode of use. */
    INVALID_MODE_OF_USE("A8", "key block: invalid mode of use"),
    /** Key block: invalid key version number. */
    INVALID_KEY_VERSION("A9", "key block: invalid key version number"),
    /** Key block: invalid export field. */
    INVALID_EXPORTABILITY("AA", "key block: invalid export field"),
    /** Key block: invalid number of optional blocks. */
    INVALID_OPTIONAL_BLOCK_COUNT("AB", "key block: invalid number of optional blocks"),
    /** Key block: optional header block error. */
    OPTIONAL_BLOCK_ERROR("AC", "key block: optional header block error"),
    /** Miscellaneous key block error: length, characters or padding. */
    KEY_BLOCK_ERROR("B2", "miscellaneous key block error: length, characters or padding"),
    /** Key block: invalid wrapping key. */
    INVALID_WRAPPING_KEY("BB", "key block: invalid wrapping key"),
    /** Invalid key block header ID (version). */
    INVALID_KEY_BLOCK_VERSION("BE", "invalid key block header ID (version)");

    private final String code;
    private final String meaning;

    ErrorCode(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** @return the two characters on the wire, such as {@code 15}. */
    public String code() {
        return code;
    }

    /** @return what the code means, in a few words. */
    public String meaning() {
        return meaning;
    }

    /**
     * Returns the code as a host function result, as the host functions return a refusal to a plugin: the negative
     * of its number ({@code -15} for 15), and for a code with a letter (the key-block codes {@code A1} to
     * {@code BE}) the negative of its two characters as one 16-bit value ({@code -0x4136} for A6), which no number
     * of two digits can be; plugins/include/hsm_fields.h ({@code hsm_fail_code}) turns it back.
     *
     * @return the negative value.
     */
    public int hostResult() {
        boolean numeric = Character.isDigit(code.charAt(0)) && Character.isDigit(code.charAt(1));

        return numeric ? -Integer.parseInt(code) : -(code.charAt(0) << 8 | code.charAt(1));
    }
}
