package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * Key check values: a DES or 3DES key encrypts 8 zero bytes, and the check value is the first 16 or 6 hex digits;
 * an AES key's is the CMAC of 16 zero bytes (the payShield's and X9.24-1's CMAC method), its first 6 digits.
 */
public final class KeyCheckValue {
    private KeyCheckValue() {
    }

    /**
     * Computes the full 8-byte check value.
     *
     * @param key the clear key.
     * @return the 8 bytes.
     * @throws CryptoException with error 27 for a key that is not 8, 16 or 24 bytes.
     */
    public static byte[] of(ClearKey key) throws CryptoException {
        return Des.encryptEcb(key, new byte[8]);
    }

    /**
     * Computes an AES key's check value by the CMAC method.
     *
     * @param key a 16, 24 or 32-byte AES key.
     * @return the first 3 bytes of its CMAC over a zero block.
     * @throws CryptoException with error 27 for a key of another length.
     */
    public static byte[] aes(ClearKey key) throws CryptoException {
        var mac = Cmac.aes(key, new byte[16]);

        return Arrays.copyOf(mac, 3);
    }

    /**
     * Computes the check value as hex characters.
     *
     * @param key the clear key.
     * @param hexDigits 16, or 6 for the short form.
     * @return the ASCII hex digits.
     * @throws CryptoException with error 15 for another digit count, 27 for an unusable key.
     */
    public static byte[] hex(ClearKey key, int hexDigits) throws CryptoException {
        if (hexDigits != 16 && hexDigits != 6) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a check value has 16 or 6 hex digits, not "
                    + hexDigits);
        }

        return Arrays.copyOf(Hex.encode(of(key)), hexDigits);
    }
}
