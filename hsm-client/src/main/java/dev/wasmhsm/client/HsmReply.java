package dev.wasmhsm.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reply message: the response code, the error code and the data after them.
 *
 * @param responseCode the two-character response code, such as {@code ND}.
 * @param errorCode the two-character error code, {@code 00} for success.
 * @param data the data after the codes.
 */
public record HsmReply(String responseCode, String errorCode, byte[] data) {
    /**
     * Parses a reply message.
     *
     * @param message the reply message, at least four bytes.
     * @return the reply.
     * @throws IllegalArgumentException when the message is shorter than its codes.
     */
    public static HsmReply of(byte[] message) {
        if (message.length < 4) {
            throw new IllegalArgumentException("a reply holds a response and an error code, not " + message.length
                    + " bytes");
        }

        return new HsmReply(new String(message, 0, 2, StandardCharsets.ISO_8859_1),
                new String(message, 2, 2, StandardCharsets.ISO_8859_1), Arrays.copyOfRange(message, 4,
                        message.length));
    }

    /** @return the data as ISO-8859-1 text. */
    public String text() {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** @return whether the error code is {@code 00}. */
    public boolean ok() {
        return "00".equals(errorCode);
    }
}
