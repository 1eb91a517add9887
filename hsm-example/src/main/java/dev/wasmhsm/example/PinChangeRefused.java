package dev.wasmhsm.example;

import jakarta.ejb.ApplicationException;

/** The HSM refused the change (the current PIN does not verify, or an error code): the transaction rolls back. */
@ApplicationException(rollback = true)
public class PinChangeRefused extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message why.
     * @param cause the HSM's exception, or null.
     */
    public PinChangeRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
