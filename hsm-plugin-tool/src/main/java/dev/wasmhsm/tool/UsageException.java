package dev.wasmhsm.tool;

/** A command line the tool does not understand; the message says what is wrong with it. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the command line.
     */
    UsageException(String message) {
        super(message);
    }
}
