package dev.wasmhsm.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The payShield rule that derives a response code from a command code, and error replies built with it.
 *
 * <p>The response code keeps the first character and increments the second: NC gives ND, B2 gives B3. A second
 * character at the end of its class wraps within the class, so 9 gives 0, Z gives A and z gives a; no real command
 * code ends in either, and the wrap keeps the reply printable. Any other byte is incremented as it is.
 */
public final class ResponseCodes {
    private ResponseCodes() {
    }

    /**
     * Returns the response code for a command code.
     *
     * @param first the command code's first character.
     * @param second the command code's second character.
     * @return the two bytes of the response code.
     */
    public static byte[] responseCode(byte first, byte second) {
        return new byte[] {first, next(second)};
    }

    /**
     * Returns the response code for a two-character command code.
     *
     * @param command the command code.
     * @return the response code.
     */
    public static String responseCode(String command) {
        var code = command.getBytes(StandardCharsets.ISO_8859_1);

        return new String(responseCode(code[0], code[1]), StandardCharsets.ISO_8859_1);
    }

    /**
     * Builds an error reply: the response code for the message's command code, then the error code.
     *
     * @param message the request message; a message shorter than two bytes is padded with spaces.
     * @param errorCode the two-character error code.
     * @return the reply.
     */
    public static byte[] errorReply(byte[] message, String errorCode) {
        byte first = message.length > 0 ? message[0] : (byte) ' ';
        byte second = message.length > 1 ? message[1] : (byte) ' ';
        var error = errorCode.getBytes(StandardCharsets.ISO_8859_1);

        return new byte[] {first, next(second), error[0], error[1]};
    }

    /**
     * Tells whether a reply starts with the response code for the request's command code.
     *
     * @param message the request message.
     * @param reply the reply.
     * @return true when the reply's first two bytes are the expected response code.
     */
    public static boolean answers(byte[] message, byte[] reply) {
        return message.length >= 2 && reply.length >= 2 && reply[0] == message[0] && reply[1] == next(message[1]);
    }

    static byte next(byte c) {
        return switch (c) {
            case '9' -> '0';
            case 'Z' -> 'A';
            case 'z' -> 'a';
            default -> (byte) (c + 1);
        };
    }
}
