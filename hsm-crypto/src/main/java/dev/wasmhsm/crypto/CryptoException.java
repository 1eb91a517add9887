package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/**
 * A cryptographic operation refused its input; carries the payShield error code a command answers with.
 */
public final class CryptoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    /**
     * Creates the exception.
     *
     * @param errorCode the payShield error code, such as {@link ErrorCode#INVALID_INPUT}.
     * @param message what was wrong, lower case, without trailing punctuation.
     */
    public CryptoException(ErrorCode errorCode, String message) {
        super(message);
        if (errorCode == null) {
            throw new IllegalArgumentException("an error code is required");
        }
        this.errorCode = errorCode;
    }

    /** @return the payShield error code. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
