package dev.wasmhsm.client;

import java.io.IOException;

/**
 * Carries one host command to an HSM and brings back its reply: a TCP or TLS connection ({@link HsmConnection}),
 * or a JCA connection in an application server.
 */
@FunctionalInterface
public interface HsmTransport {
    /**
     * Sends one command and waits for its reply.
     *
     * @param message the command code and its data, without header or trailer.
     * @return the reply message: response code, error code and data, without header or trailer.
     * @throws IOException when the command cannot be delivered or no well-formed reply comes back in time.
     */
    byte[] execute(byte[] message) throws IOException;
}
