package dev.wasmhsm.crypto;

/**
 * A cryptographic operation refused its input; carries the payShield error code a command answers with.
 */
public final class CryptoException extends Exception {
    /** Invalid key type code. */
    public static final String KEY_TYPE = "04";

    /** Invalid key length flag, or a key length the operation does not offer. */
    public static final String KEY_LENGTH_FLAG = "05";

    /** Source key parity error. */
    public static final String SOURCE_PARITY = "10";

    /** Destination key parity error. */
    public static final String DESTINATION_PARITY = "11";

    /** PIN encrypted under LMK pair 02-03 is invalid. */
    public static final String PIN_UNDER_LMK = "14";

    /** Invalid input data: format, characters or length. */
    public static final String INVALID_INPUT = "15";

    /** PIN block does not contain valid values. */
    public static final String PIN_BLOCK = "20";

    /** Invalid PIN block format code. */
    public static final String PIN_BLOCK_FORMAT = "23";

    /** PIN shorter than 4 or longer than 12 digits. */
    public static final String PIN_LENGTH = "24";

    /** Decimalisation table error. */
    public static final String DECIMALISATION_TABLE = "25";

    /** Invalid key scheme. */
    public static final String KEY_SCHEME = "26";

    /** Incompatible key length. */
    public static final String KEY_LENGTH = "27";

    private static final long serialVersionUID = 1L;

    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param errorCode the two-digit payShield error code, such as {@code 15}.
     * @param message what was wrong, lower case, without trailing punctuation.
     */
    public CryptoException(String errorCode, String message) {
        super(message);
        if (errorCode == null || errorCode.length() != 2) {
            throw new IllegalArgumentException("an error code has two characters, was " + errorCode);
        }
        this.errorCode = errorCode;
    }

    /** @return the two-digit payShield error code. */
    public String errorCode() {
        return errorCode;
    }
}
