package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/**
 * EMV key derivation: the card's unique key from an issuer master key (option A, EMV 4.x book 2 A1.4.1) and the
 * common session key from the card key and the ATC (A1.3). Derived keys get odd parity (DES ignores the parity
 * bits, so cryptograms do not change, and the keys can be stored under the LMK and read back).
 */
public final class EmvKeys {
    private EmvKeys() {
    }

    /**
     * Derives the card key by option A.
     *
     * @param masterKey the double-length issuer master key.
     * @param panPsn 8 bytes: the right-most 16 digits of PAN || PAN sequence number, packed.
     * @return the card key: 3DES(MK, Y) || 3DES(MK, Y xor FF..FF), parity adjusted; the caller destroys it.
     * @throws CryptoException with error 27 when the master key is not double length, 15 when Y is not 8 bytes.
     */
    public static ClearKey cardKey(ClearKey masterKey, byte[] panPsn) throws CryptoException {
        requireDouble(masterKey);
        if (panPsn.length != 8) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "the PAN and sequence number block has 8 bytes");
        }
        var inverted = new byte[8];
        for (int i = 0; i < 8; i++) {
            inverted[i] = (byte) ~panPsn[i];
        }

        return derived(masterKey, panPsn, inverted);
    }

    /**
     * Derives the card key by option A from the PAN and PAN sequence number as digits.
     *
     * @param masterKey the double-length issuer master key.
     * @param pan the PAN digits.
     * @param psn the PAN sequence number digits (two, often 00).
     * @return the card key; the caller destroys it.
     * @throws CryptoException with error 27 for a master key that is not double length, 15 for non-digits.
     */
    public static ClearKey cardKey(ClearKey masterKey, String pan, String psn) throws CryptoException {
        var digits = pan + psn;
        Bytes.requireDigits(digits, "the PAN and sequence number");
        var y = digits.length() >= 16 ? digits.substring(digits.length() - 16)
                : "0".repeat(16 - digits.length()) + digits;

        return cardKey(masterKey, Bytes.packDigits(y));
    }

    /**
     * Derives the EMV common session key.
     *
     * @param cardKey the double-length card key.
     * @param atc the 2-byte application transaction counter.
     * @return 3DES(UDK, ATC || F0 || 00*5) || 3DES(UDK, ATC || 0F || 00*5), parity adjusted; the caller destroys it.
     * @throws CryptoException with error 27 when the card key is not double length, 15 when the ATC is not 2 bytes.
     */
    public static ClearKey sessionKey(ClearKey cardKey, byte[] atc) throws CryptoException {
        requireDouble(cardKey);
        if (atc.length != 2) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an ATC has 2 bytes");
        }
        var left = new byte[8];
        var right = new byte[8];
        System.arraycopy(atc, 0, left, 0, 2);
        System.arraycopy(atc, 0, right, 0, 2);
        left[2] = (byte) 0xF0;
        right[2] = 0x0F;

        return derived(cardKey, left, right);
    }

    private static ClearKey derived(ClearKey key, byte[] leftData, byte[] rightData) throws CryptoException {
        var out = Bytes.concat(Des.encryptEcb(key, leftData), Des.encryptEcb(key, rightData));
        DesParity.adjust(out);

        return ClearKey.wrap(out);
    }

    private static void requireDouble(ClearKey key) throws CryptoException {
        if (key.length() != 16) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "EMV derivation needs a double-length key");
        }
    }
}
