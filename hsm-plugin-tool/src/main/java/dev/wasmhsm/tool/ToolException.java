package dev.wasmhsm.tool;

/** A failure that ends a command, such as a file that cannot be read; the message says which and why. */
final class ToolException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong.
     * @param cause the underlying failure.
     */
    ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
