package dev.wasmhsm.plugins.wasm;

/** A plugin that could not be loaded or whose call failed; the message says which and why. */
public final class PluginException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong.
     */
    public PluginException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong.
     * @param cause the underlying failure.
     */
    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
