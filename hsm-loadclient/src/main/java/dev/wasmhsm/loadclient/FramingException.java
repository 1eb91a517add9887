package dev.wasmhsm.loadclient;

import java.io.IOException;

/**
 * Thrown when the bytes received do not agree with a reply's 2-byte length prefix.
 */
public final class FramingException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what disagreed, lower case and without a final period.
     */
    public FramingException(String message) {
        super(message);
    }
}
