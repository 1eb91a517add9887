package dev.wasmhsm.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One host command as the adapter delivers it to the listener.
 *
 * @param clientAddress the client's address and port, for logs.
 * @param message the command code (two characters) followed by the command's data.
 * @param activeConnections the number of client connections open on the listener when the request arrived.
 * @param defaultLmk the LMK slot of the listener's requests unless they name another, or null for the server's.
 */
public record HsmRequest(String clientAddress, byte[] message, int activeConnections, String defaultLmk) {
    /**
     * Creates a request on the server's default LMK.
     *
     * @param clientAddress the client's address and port, for logs.
     * @param message the command code and data.
     * @param activeConnections the open client connections.
     */
    public HsmRequest(String clientAddress, byte[] message, int activeConnections) {
        this(clientAddress, message, activeConnections, null);
    }

    /**
     * Returns the two-character command code, or the whole message when it is shorter.
     *
     * @return the command code.
     */
    public String commandCode() {
        return new String(message, 0, Math.min(2, message.length), StandardCharsets.ISO_8859_1);
    }
}
