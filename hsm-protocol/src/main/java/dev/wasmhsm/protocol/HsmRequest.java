package dev.wasmhsm.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One host command as the adapter delivers it to the listener.
 *
 * @param clientAddress the client's address and port, for logs.
 * @param message the command code (two characters) followed by the command's data.
 * @param activeConnections the number of client connections open on the listener when the request arrived.
 */
public record HsmRequest(String clientAddress, byte[] message, int activeConnections) {
    /**
     * Returns the two-character command code, or the whole message when it is shorter.
     *
     * @return the command code.
     */
    public String commandCode() {
        return new String(message, 0, Math.min(2, message.length), StandardCharsets.ISO_8859_1);
    }
}
