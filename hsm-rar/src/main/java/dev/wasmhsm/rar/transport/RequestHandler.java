package dev.wasmhsm.rar.transport;

import dev.wasmhsm.protocol.HsmRequest;

/** Answers one request message; the transport owns the header, the trailer and the connection. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Answers a request.
     *
     * @param request the client, the command code and data, and the listener's open connections.
     * @return the reply message: response code, error code, data.
     */
    byte[] handle(HsmRequest request);
}
