package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * Keys under a key-encrypting key (ZMK or TMK), for import and export: each 8-byte part is encrypted with the
 * clear KEK in ECB mode (3DES for a double or triple KEK); for schemes U and T, byte 8 of the KEK is first XORed
 * with the part's scheme variant (U: A6, 5A; T: 6A, DE, 2B).
 *
 * <p>Atalla variant {@code v} (1 to 31; 0 for none): the byte {@code 8 * v} is XORed into byte 0 of every 8-byte
 * part of the KEK (bytes 0 and 8 of a double-length KEK, and 16 of a triple one), so variant 1 is 08, variant 2 is
 * 10, variant 3 is 18. Variant 1 is the one the public ThalesSim vector confirms; the others follow the same rule.
 */
public final class KekKeyCipher {
    /** The largest Atalla variant: 8 times it still fits a byte. */
    public static final int MAX_ATALLA_VARIANT = 31;

    private KekKeyCipher() {
    }

    /**
     * Decrypts a key under a KEK, without checking the key's parity (a command may answer 01 and go on).
     *
     * @param kek the clear KEK.
     * @param field the encrypted key.
     * @param atallaVariant 0 for none, 1 to 31.
     * @return the clear key; the caller destroys it.
     * @throws CryptoException with error 15 for an Atalla variant out of range, 27 when the scheme needs a
     *     double or triple KEK.
     */
    public static ClearKey decrypt(ClearKey kek, KeyField field, int atallaVariant) throws CryptoException {
        var encrypted = field.encrypted();
        var clear = new byte[encrypted.length];
        for (int part = 0; part < encrypted.length / 8; part++) {
            var partKek = partKek(kek, field.scheme(), part, atallaVariant);
            try {
                var block = Des.decryptEcb(partKek, Arrays.copyOfRange(encrypted, 8 * part, 8 * part + 8));
                System.arraycopy(block, 0, clear, 8 * part, 8);
                Bytes.wipe(block);
            } finally {
                partKek.destroy();
            }
        }

        return ClearKey.wrap(clear);
    }

    /**
     * Encrypts a key under a KEK.
     *
     * @param kek the clear KEK.
     * @param scheme the scheme to write; it must fit the key's length.
     * @param key the clear key.
     * @param atallaVariant 0 for none, 1 to 31.
     * @return the key field.
     * @throws CryptoException with error 27 when the scheme does not fit the key, or needs a double or triple
     *     KEK; 15 for an Atalla variant out of range.
     */
    public static KeyField encrypt(ClearKey kek, KeyScheme scheme, ClearKey key, int atallaVariant)
            throws CryptoException {
        scheme.requireLength(key);
        var encrypted = new byte[key.length()];
        for (int part = 0; part < encrypted.length / 8; part++) {
            var partKek = partKek(kek, scheme, part, atallaVariant);
            var clearPart = key.part(part);
            try {
                System.arraycopy(Des.encryptEcb(partKek, clearPart), 0, encrypted, 8 * part, 8);
            } finally {
                partKek.destroy();
                Bytes.wipe(clearPart);
            }
        }

        return new KeyField(scheme, encrypted);
    }

    private static ClearKey partKek(ClearKey kek, KeyScheme scheme, int part, int atallaVariant)
            throws CryptoException {
        if (atallaVariant < 0 || atallaVariant > MAX_ATALLA_VARIANT) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an Atalla variant is 0 to "
                    + MAX_ATALLA_VARIANT + ", not " + atallaVariant);
        }
        if (scheme.hasVariant() && kek.length() < 16) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "scheme " + scheme
                    + " under a KEK needs a double or triple-length KEK");
        }
        var bytes = kek.bytes();
        for (int i = 0; i < bytes.length; i += 8) {
            bytes[i] ^= (byte) (8 * atallaVariant);
        }
        if (scheme.hasVariant()) {
            bytes[8] ^= (byte) scheme.variant(part);
        }

        return ClearKey.wrap(bytes);
    }
}
