package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A clear DES, 3DES or AES key of 8, 16 or 24 bytes (AES also 32), held in a byte array that {@link #destroy()}
 * wipes. Its value never appears in {@link #toString()}.
 */
public final class ClearKey implements Destroyable {
    private final byte[] bytes;
    private boolean destroyed;

    private ClearKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Copies key bytes into a new key.
     *
     * @param bytes 8, 16, 24 or 32 bytes; the caller keeps and wipes its own copy.
     * @return the key.
     * @throws CryptoException with error 27 for another length.
     */
    public static ClearKey of(byte[] bytes) throws CryptoException {
        if (bytes.length != 8 && bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a key has 8, 16, 24 or 32 bytes, not "
                    + bytes.length);
        }

        return new ClearKey(bytes.clone());
    }

    /**
     * Takes over key bytes without copying them; the key wipes them when destroyed.
     *
     * @param bytes 8, 16, 24 or 32 bytes.
     * @return the key.
     */
    static ClearKey wrap(byte[] bytes) {
        return new ClearKey(bytes);
    }

    /**
     * Generates a random DES key with odd parity.
     *
     * @param length 8, 16 or 24 bytes.
     * @param random the random source.
     * @return the key.
     * @throws CryptoException with error 05 for another length.
     */
    public static ClearKey generate(int length, RandomSource random) throws CryptoException {
        if (length != 8 && length != 16 && length != 24) {
            throw new CryptoException(ErrorCode.INVALID_KEY_LENGTH_FLAG, "a generated key has 8, 16 or 24 bytes, not "
                    + length);
        }
        var bytes = new byte[length];
        random.nextBytes(bytes);
        DesParity.adjust(bytes);

        return new ClearKey(bytes);
    }

    /** @return the length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** @return whether every byte has odd parity. */
    public boolean parityOk() {
        return DesParity.isOdd(bytes);
    }

    /**
     * Returns a copy of this key with DES odd parity: the lowest bit of every byte set so that the byte has an odd
     * number of set bits. This key is not changed. DES ignores the parity bits, so both keys encrypt alike and have
     * the same check value.
     *
     * @return the new key; the caller destroys it.
     */
    public ClearKey withOddParity() {
        checkLive();
        var copy = bytes.clone();
        DesParity.adjust(copy);

        return new ClearKey(copy);
    }

    /**
     * Returns a copy of the key bytes; the caller wipes it.
     *
     * @return the bytes.
     */
    public byte[] bytes() {
        checkLive();

        return bytes.clone();
    }

    /**
     * Returns one 8-byte part of the key.
     *
     * @param index 0 for the left part, 1 for the next, 2 for the third.
     * @return a copy of the part.
     */
    public byte[] part(int index) {
        checkLive();

        return Arrays.copyOfRange(bytes, 8 * index, 8 * index + 8);
    }

    /** Wipes the key bytes; the key cannot be used afterwards. */
    @Override
    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "ClearKey[" + bytes.length + " bytes" + (destroyed ? ", destroyed]" : "]");
    }

    /** Gives the bytes to code of this package without a copy. */
    byte[] raw() {
        checkLive();

        return bytes;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
    }
}
