package dev.wasmhsm.engine.abi;

/** A plugin that could not be loaded or whose call failed; the message says which and why. */
public final class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean deadline;

    /**
     * Creates the exception.
     *
     * @param message what went wrong.
     */
    public PluginException(String message) {
        this(message, null, false);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong.
     * @param cause the underlying failure.
     */
    public PluginException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private PluginException(String message, Throwable cause, boolean deadline) {
        super(message, cause);
        this.deadline = deadline;
    }

    /**
     * Creates the exception for a call stopped at its deadline.
     *
     * @param message what went wrong.
     * @param cause the interruption.
     * @return the exception.
     */
    public static PluginException deadline(String message, Throwable cause) {
        return new PluginException(message, cause, true);
    }

    /**
     * Tells whether the call was stopped at its deadline.
     *
     * @return true for a deadline.
     */
    public boolean deadlineExceeded() {
        return deadline;
    }
}
