package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * DES and 3DES (EDE) in ECB and CBC mode through the JCE {@code DESede} cipher, or
 * {@code DES} for a single key (one cipher per thread, see {@link ThreadCiphers}): a single key K runs as K,K,K, a
 * double key K1,K2 as K1,K2,K1, a triple key as it is.
 */
public final class Des {
    private static final int BLOCK = 8;

    private Des() {
    }

    /**
     * Encrypts whole blocks in ECB mode.
     *
     * @param key an 8, 16 or 24-byte key.
     * @param data a multiple of 8 bytes.
     * @return the cipher text.
     * @throws CryptoException with error 15 when the data is not whole blocks, 27 for a key of another length.
     */
    public static byte[] encryptEcb(ClearKey key, byte[] data) throws CryptoException {
        return run(key, Cipher.ENCRYPT_MODE, null, data);
    }

    /**
     * Decrypts whole blocks in ECB mode.
     *
     * @param key an 8, 16 or 24-byte key.
     * @param data a multiple of 8 bytes.
     * @return the clear text.
     * @throws CryptoException with error 15 when the data is not whole blocks, 27 for a key of another length.
     */
    public static byte[] decryptEcb(ClearKey key, byte[] data) throws CryptoException {
        return run(key, Cipher.DECRYPT_MODE, null, data);
    }

    /**
     * Encrypts whole blocks in CBC mode.
     *
     * @param key an 8, 16 or 24-byte key.
     * @param iv the 8-byte initial value.
     * @param data a multiple of 8 bytes.
     * @return the cipher text.
     * @throws CryptoException with error 15 when the data is not whole blocks, 27 for a key of another length.
     */
    public static byte[] encryptCbc(ClearKey key, byte[] iv, byte[] data) throws CryptoException {
        return run(key, Cipher.ENCRYPT_MODE, iv, data);
    }

    /**
     * Decrypts whole blocks in CBC mode.
     *
     * @param key an 8, 16 or 24-byte key.
     * @param iv the 8-byte initial value.
     * @param data a multiple of 8 bytes.
     * @return the clear text.
     * @throws CryptoException with error 15 when the data is not whole blocks, 27 for a key of another length.
     */
    public static byte[] decryptCbc(ClearKey key, byte[] iv, byte[] data) throws CryptoException {
        return run(key, Cipher.DECRYPT_MODE, iv, data);
    }

    private static byte[] run(ClearKey key, int mode, byte[] iv, byte[] data) throws CryptoException {
        if (data.length % BLOCK != 0) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "data of " + data.length
                    + " bytes is not a whole number of 8-byte blocks");
        }
        if (iv != null && iv.length != BLOCK) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an initial value has 8 bytes");
        }
        var params = iv == null ? null : new IvParameterSpec(iv);
        // K,K,K in EDE is single DES: one pass instead of three.
        if (key.length() == BLOCK) {
            return (iv == null ? ThreadCiphers.SINGLE_ECB : ThreadCiphers.SINGLE_CBC).run(mode, key.raw(), params,
                    data);
        }
        var expanded = expand(key);
        try {
            return (iv == null ? ThreadCiphers.TRIPLE_ECB : ThreadCiphers.TRIPLE_CBC).run(mode, expanded, params,
                    data);
        } finally {
            Arrays.fill(expanded, (byte) 0);
        }
    }

    private static byte[] expand(ClearKey key) throws CryptoException {
        var raw = key.raw();
        var expanded = new byte[24];
        switch (raw.length) {
            case 16 -> {
                System.arraycopy(raw, 0, expanded, 0, 16);
                System.arraycopy(raw, 0, expanded, 16, 8);
            }
            case 24 -> System.arraycopy(raw, 0, expanded, 0, 24);
            default -> throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a DES key has 8, 16 or 24 bytes, not "
                    + raw.length);
        }

        return expanded;
    }
}
