package dev.wasmhsm.rar.api;

import jakarta.resource.ResourceException;

/**
 * A connection to the HSM, for one thread at a time: each call is one host command and its reply.
 */
public interface HsmConnection extends AutoCloseable {
    /**
     * Executes one host command.
     *
     * @param message the command code and data, without header or trailer.
     * @return the reply message: response code, error code and data. An error code is a reply, not an exception.
     * @throws ResourceException when the command is not allowed through this connection factory, or cannot be
     *     delivered (the connection is then destroyed, never pooled again).
     */
    byte[] execute(byte[] message) throws ResourceException;

    /** Gives the connection back to the pool. */
    @Override
    void close();
}
