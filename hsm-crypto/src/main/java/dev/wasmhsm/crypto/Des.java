package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * DES and 3DES (EDE) in ECB and CBC mode through the JCE {@code DESede} cipher: a single key K runs as K,K,K, a
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
        var expanded = expand(key);
        try {
            var spec = new SecretKeySpec(expanded, "DESede");
            var cipher = Cipher.getInstance(iv == null ? "DESede/ECB/NoPadding" : "DESede/CBC/NoPadding");
            if (iv == null) {
                cipher.init(mode, spec);
            } else {
                cipher.init(mode, spec, new IvParameterSpec(iv));
            }

            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCE has no usable DESede", e);
        } finally {
            Arrays.fill(expanded, (byte) 0);
        }
    }

    private static byte[] expand(ClearKey key) throws CryptoException {
        var raw = key.raw();
        var expanded = new byte[24];
        switch (raw.length) {
            case 8 -> {
                System.arraycopy(raw, 0, expanded, 0, 8);
                System.arraycopy(raw, 0, expanded, 8, 8);
                System.arraycopy(raw, 0, expanded, 16, 8);
            }
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
