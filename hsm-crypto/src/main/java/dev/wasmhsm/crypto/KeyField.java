package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An encrypted key as it is written in a command: 16H (single), 32H (double, as X), 48H (triple, as Y), or a
 * scheme letter and hex: {@code U}/{@code X} + 32H, {@code T}/{@code Y} + 48H, {@code Z} + 16H.
 *
 * @param scheme the scheme; {@link KeyScheme#Z} for a bare single-length key.
 * @param encrypted the encrypted key bytes.
 */
public record KeyField(KeyScheme scheme, byte[] encrypted) {
    /**
     * Copies the bytes and checks that they fit the scheme.
     *
     * @throws IllegalArgumentException when the length does not fit the scheme.
     */
    public KeyField {
        if (encrypted.length != scheme.keyLength()) {
            throw new IllegalArgumentException("scheme " + scheme + " holds " + scheme.keyLength() + " bytes");
        }
        encrypted = encrypted.clone();
    }

    /**
     * Parses a key field.
     *
     * @param text the field's ASCII characters, exactly.
     * @return the field.
     * @throws CryptoException with error 26 for an unknown scheme letter, 27 when the hex length does not fit the
     *     letter, 15 when the field is malformed.
     */
    public static KeyField parse(byte[] text) throws CryptoException {
        if (text.length == 0) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "the key field is empty");
        }
        boolean bare = isHex(text[0]);
        var scheme = bare ? null : KeyScheme.of(text[0]);
        var hex = bare ? text : Arrays.copyOfRange(text, 1, text.length);
        if (hex.length != 16 && hex.length != 32 && hex.length != 48) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a key field has 16, 32 or 48 hex digits, not "
                    + hex.length);
        }
        var bytes = Hex.decode(hex);
        if (bare) {
            return new KeyField(KeyScheme.bare(bytes.length), bytes);
        }
        if (scheme.keyLength() != bytes.length) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "scheme " + scheme + " takes "
                    + 2 * scheme.keyLength() + " hex digits, not " + hex.length);
        }

        return new KeyField(scheme, bytes);
    }

    /**
     * Parses a key field that is not secret text.
     *
     * @param text the field.
     * @return the field.
     * @throws CryptoException as {@link #parse(byte[])}.
     */
    public static KeyField parse(String text) throws CryptoException {
        return parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return the encrypted bytes, a copy. */
    @Override
    public byte[] encrypted() {
        return encrypted.clone();
    }

    /** @return the field as ASCII: the scheme letter and upper-case hex, or bare 16H for scheme Z. */
    public byte[] format() {
        var hex = Hex.encode(encrypted);
        if (scheme == KeyScheme.Z) {
            return hex;
        }
        var text = new byte[hex.length + 1];
        text[0] = (byte) scheme.letter();
        System.arraycopy(hex, 0, text, 1, hex.length);

        return text;
    }

    /** @return the field as text. */
    @Override
    public String toString() {
        return new String(format(), StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyField field && field.scheme == scheme && Arrays.equals(field.encrypted, encrypted);
    }

    @Override
    public int hashCode() {
        return scheme.hashCode() * 31 + Arrays.hashCode(encrypted);
    }

    private static boolean isHex(byte c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f';
    }
}
