package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * CMAC (NIST SP 800-38B, ISO 9797-1 MAC algorithm 5) over AES or 3DES: the MAC of key blocks, their key
 * derivation, and the check value of AES keys. The JCE has no CMAC, so it is built on the block cipher here.
 */
public final class Cmac {
    private static final int AES_POLYNOMIAL = 0x87;
    private static final int DES_POLYNOMIAL = 0x1B;

    private Cmac() {
    }

    /** One block cipher encryption under a fixed key. */
    @FunctionalInterface
    private interface BlockCipher {
        byte[] encrypt(byte[] block) throws CryptoException;
    }

    /**
     * Computes an AES-CMAC.
     *
     * @param key a 16, 24 or 32-byte AES key.
     * @param message the message, any length.
     * @return the 16-byte MAC.
     * @throws CryptoException with error 27 for a key of another length.
     */
    public static byte[] aes(ClearKey key, byte[] message) throws CryptoException {
        if (key.length() != 16 && key.length() != 24 && key.length() != 32) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "an AES key has 16, 24 or 32 bytes");
        }

        return mac(block -> ThreadCiphers.AES_ECB.run(Cipher.ENCRYPT_MODE, key.raw(), null, block), 16,
                AES_POLYNOMIAL, message);
    }

    /**
     * Computes a 3DES-CMAC.
     *
     * @param key a 16 or 24-byte 3DES key.
     * @param message the message, any length.
     * @return the 8-byte MAC.
     * @throws CryptoException with error 27 for a key of another length.
     */
    public static byte[] tripleDes(ClearKey key, byte[] message) throws CryptoException {
        if (key.length() != 16 && key.length() != 24) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a 3DES CMAC key has 16 or 24 bytes");
        }

        return mac(block -> Des.encryptEcb(key, block), 8, DES_POLYNOMIAL, message);
    }

    private static byte[] mac(BlockCipher cipher, int size, int polynomial, byte[] message) throws CryptoException {
        var zeros = cipher.encrypt(new byte[size]);
        var first = shift(zeros, polynomial);
        var second = shift(first, polynomial);
        Bytes.wipe(zeros);
        int blocks = Math.max(1, (message.length + size - 1) / size);
        boolean whole = message.length > 0 && message.length % size == 0;
        var last = new byte[size];
        int lastStart = (blocks - 1) * size;
        int lastLength = message.length - lastStart;
        System.arraycopy(message, lastStart, last, 0, lastLength);
        if (!whole) {
            last[lastLength] = (byte) 0x80;
        }
        var subkey = whole ? first : second;
        var chain = new byte[size];
        try {
            for (int block = 0; block < blocks - 1; block++) {
                for (int i = 0; i < size; i++) {
                    chain[i] ^= message[block * size + i];
                }
                var next = cipher.encrypt(chain);
                Bytes.wipe(chain);
                chain = next;
            }
            for (int i = 0; i < size; i++) {
                chain[i] ^= (byte) (last[i] ^ subkey[i]);
            }

            return cipher.encrypt(chain);
        } finally {
            Bytes.wipe(chain);
            Bytes.wipe(last);
            Bytes.wipe(first);
            Bytes.wipe(second);
        }
    }

    /** Doubles a block in GF(2^n): shift left one bit, and fold the polynomial in when the top bit fell out. */
    private static byte[] shift(byte[] block, int polynomial) {
        var shifted = Arrays.copyOf(block, block.length);
        int carry = 0;
        for (int i = block.length - 1; i >= 0; i--) {
            int value = block[i] & 0xFF;
            shifted[i] = (byte) (value << 1 | carry);
            carry = value >>> 7;
        }
        if (carry != 0) {
            shifted[block.length - 1] ^= (byte) polynomial;
        }

        return shifted;
    }
}
