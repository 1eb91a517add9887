package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/** Key check values: the key encrypts 8 zero bytes; the check value is the first 16 or 6 hex digits. */
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
