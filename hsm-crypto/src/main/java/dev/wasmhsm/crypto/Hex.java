package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * Hex text to bytes and back, on byte arrays so that clear values never become Strings.
 */
public final class Hex {
    private static final byte[] DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D',
        'E', 'F'};

    private Hex() {
    }

    /**
     * Decodes hex characters (upper or lower case).
     *
     * @param text the characters, ASCII.
     * @return the bytes, half as many.
     * @throws CryptoException with error 15 when the length is odd or a character is not hex.
     */
    public static byte[] decode(byte[] text) throws CryptoException {
        if (text.length % 2 != 0) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "hex has an odd number of characters");
        }
        var bytes = new byte[text.length / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]));
        }

        return bytes;
    }

    /**
     * Decodes hex text that is not secret, such as a key encrypted under the LMK.
     *
     * @param text the text.
     * @return the bytes.
     * @throws CryptoException with error 15 when the text is not hex.
     */
    public static byte[] decode(String text) throws CryptoException {
        var ascii = new byte[text.length()];
        for (int i = 0; i < ascii.length; i++) {
            char c = text.charAt(i);
            ascii[i] = c < 128 ? (byte) c : (byte) '?';
        }

        return decode(ascii);
    }

    /**
     * Returns the value of one hex character.
     *
     * @param c the character.
     * @return 0 to 15.
     * @throws CryptoException with error 15 when it is not a hex character.
     */
    public static int nibble(int c) throws CryptoException {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        throw new CryptoException(ErrorCode.INVALID_INPUT, "not a hex character: " + (c & 0xFF));
    }

    /**
     * Encodes bytes as upper-case hex characters.
     *
     * @param bytes the bytes.
     * @return the ASCII characters, twice as many.
     */
    public static byte[] encode(byte[] bytes) {
        var text = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            text[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            text[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }

        return text;
    }

    /**
     * Encodes bytes that are not secret as upper-case hex text.
     *
     * @param bytes the bytes.
     * @return the text.
     */
    public static String toText(byte[] bytes) {
        return new String(encode(bytes), StandardCharsets.US_ASCII);
    }
}
