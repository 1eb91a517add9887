package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * Keys under the variant LMK: each 8-byte part is encrypted with 2-key 3DES ECB under the key type's LMK pair,
 * whose byte 0 carries the key-type variant and, for schemes U and T, whose byte 8 carries the scheme variant of
 * the part (U: A6, 5A; T: 6A, DE, 2B). Z, X, Y and bare hex have no scheme variant.
 */
public final class LmkKeyCipher {
    private final LmkSet lmk;

    /**
     * Creates the cipher.
     *
     * @param lmk the LMK set; not copied.
     */
    public LmkKeyCipher(LmkSet lmk) {
        this.lmk = lmk;
    }

    /**
     * Decrypts a key field and checks the key's parity.
     *
     * @param type the key type, which picks the LMK pair and variant.
     * @param field the encrypted key.
     * @return the clear key; the caller destroys it.
     * @throws CryptoException with error 10 when the clear key's parity is not odd.
     */
    public ClearKey decrypt(KeyType type, KeyField field) throws CryptoException {
        var scheme = field.scheme();
        var encrypted = field.encrypted();
        var clear = new byte[encrypted.length];
        for (int part = 0; part < encrypted.length / 8; part++) {
            var lmkKey = lmk.variantPair(type.lmkPairIndex(), type.variant(), scheme.variant(part));
            try {
                var block = Des.decryptEcb(lmkKey, Arrays.copyOfRange(encrypted, 8 * part, 8 * part + 8));
                System.arraycopy(block, 0, clear, 8 * part, 8);
                Bytes.wipe(block);
            } finally {
                lmkKey.destroy();
            }
        }
        var key = ClearKey.wrap(clear);
        if (!key.parityOk()) {
            key.destroy();
            throw new CryptoException(ErrorCode.SOURCE_KEY_PARITY, "the key under LMK has a parity error");
        }

        return key;
    }

    /**
     * Encrypts a key under the LMK pair of its type, as it is (its parity is not changed).
     *
     * @param type the key type.
     * @param scheme the scheme to write; it must fit the key's length.
     * @param key the clear key.
     * @return the key field.
     * @throws CryptoException with error 27 when the scheme does not fit the key's length.
     */
    public KeyField encrypt(KeyType type, KeyScheme scheme, ClearKey key) throws CryptoException {
        scheme.requireLength(key);
        var encrypted = new byte[key.length()];
        for (int part = 0; part < encrypted.length / 8; part++) {
            var lmkKey = lmk.variantPair(type.lmkPairIndex(), type.variant(), scheme.variant(part));
            var clearPart = key.part(part);
            try {
                System.arraycopy(Des.encryptEcb(lmkKey, clearPart), 0, encrypted, 8 * part, 8);
            } finally {
                lmkKey.destroy();
                Bytes.wipe(clearPart);
            }
        }

        return new KeyField(scheme, encrypted);
    }

    /**
     * Encrypts one 8-byte block under an LMK pair without variants (for PINs under 02-03).
     *
     * @param pairIndex the pair, 0 to 19.
     * @param block 8 bytes.
     * @return the cipher block.
     * @throws CryptoException never for 8 bytes.
     */
    byte[] encryptBlock(int pairIndex, byte[] block) throws CryptoException {
        var lmkKey = lmk.variantPair(pairIndex, 0, 0);
        try {
            return Des.encryptEcb(lmkKey, block);
        } finally {
            lmkKey.destroy();
        }
    }

    /**
     * Decrypts one 8-byte block under an LMK pair without variants.
     *
     * @param pairIndex the pair, 0 to 19.
     * @param block 8 bytes.
     * @return the clear block.
     * @throws CryptoException never for 8 bytes.
     */
    byte[] decryptBlock(int pairIndex, byte[] block) throws CryptoException {
        var lmkKey = lmk.variantPair(pairIndex, 0, 0);
        try {
            return Des.decryptEcb(lmkKey, block);
        } finally {
            lmkKey.destroy();
        }
    }
}
