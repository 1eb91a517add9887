package dev.wasmhsm.rar.transport;

/** Answers one request message; the transport owns the header, the trailer and the connection. */
@FunctionalInterface
public interface RequestHandler {
    /**
     * Answers a request.
     *
     * @param clientAddress the client's address and port.
     * @param message the command code and data.
     * @param activeConnections the listener's open connections.
     * @return the reply message: response code, error code, data.
     */
    byte[] handle(String clientAddress, byte[] message, int activeConnections);
}
