package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/**
 * A key scheme: how long the key is and whether the scheme variant applies when it is encrypted under the LMK or
 * a ZMK.
 */
public enum KeyScheme {
    /** Single-length DES key, written as bare 16H. */
    Z('Z', 8, new int[0]),
    /** Double-length key, variant: scheme variants A6 (left) and 5A (right). */
    U('U', 16, new int[] {0xA6, 0x5A}),
    /** Triple-length key, variant: scheme variants 6A, DE and 2B. */
    T('T', 24, new int[] {0x6A, 0xDE, 0x2B}),
    /** Double-length key, ANSI X9.17: plain ECB of each part. */
    X('X', 16, new int[0]),
    /** Triple-length key, ANSI X9.17: plain ECB of each part. */
    Y('Y', 24, new int[0]);

    private final char letter;
    private final int keyLength;
    private final int[] variants;

    KeyScheme(char letter, int keyLength, int[] variants) {
        this.letter = letter;
        this.keyLength = keyLength;
        this.variants = variants;
    }

    /**
     * Returns the scheme of a letter.
     *
     * @param letter Z, U, T, X or Y (upper case).
     * @return the scheme.
     * @throws CryptoException with error 26 for another letter.
     */
    public static KeyScheme of(int letter) throws CryptoException {
        for (var scheme : values()) {
            if (scheme.letter == letter) {
                return scheme;
            }
        }
        throw new CryptoException(ErrorCode.INVALID_KEY_SCHEME, "invalid key scheme " + (letter & 0xFFFF));
    }

    /**
     * Returns the scheme of a key written without a scheme letter: 16H single, 32H double (as X), 48H triple (as
     * Y).
     *
     * @param keyLength the key's length in bytes.
     * @return the scheme.
     */
    static KeyScheme bare(int keyLength) {
        return keyLength == 8 ? Z : keyLength == 16 ? X : Y;
    }

    /** @return the scheme letter. */
    public char letter() {
        return letter;
    }

    /** @return the key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    /** @return whether the scheme variant applies. */
    public boolean hasVariant() {
        return variants.length > 0;
    }

    /**
     * Returns the byte XORed into byte 8 of the encrypting key for one part of the key.
     *
     * @param part 0 for the left part, 1, 2.
     * @return the scheme variant byte, 0 when the scheme has none.
     */
    int variant(int part) {
        return variants.length == 0 ? 0 : variants[part];
    }

    /**
     * Checks that a key fits this scheme.
     *
     * @param key the key.
     * @throws CryptoException with error 27 when its length is another.
     */
    void requireLength(ClearKey key) throws CryptoException {
        if (key.length() != keyLength) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "scheme " + letter + " is for keys of " + keyLength
                    + " bytes, the key has " + key.length());
        }
    }
}
