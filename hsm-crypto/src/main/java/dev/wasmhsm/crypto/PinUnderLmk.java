package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * PINs encrypted under LMK pair 02-03, bound to the account. The payShield encoding is not public
 * (docs/protocol.md); this one is deterministic, so the same PIN of the same account always gives the same value,
 * as comparing PINs under the LMK needs, and the same PIN of two accounts gives two values, so equal values do not
 * tell that two cards share a PIN:
 *
 * <p>The 8-byte block is, in nibbles, {@code 0}, the PIN length in hex ({@code 4} to {@code C}), the PIN digits,
 * then {@code F} up to 16 nibbles, XORed with {@code 0000} and the 12 account digits (as in an ISO format 0 PIN
 * block); it is encrypted with 2-key 3DES ECB under LMK pair 02-03 (no variant), and written as 16 hex characters.
 * For example PIN 1234 of account 123456789012 is the block {@code 041234FFFFFFFFFF} XOR {@code 0000123456789012}.
 * Reading one back with the same account checks every nibble and refuses anything else with error 14.
 */
public final class PinUnderLmk {
    private static final int FILL = 0xF;
    private static final int ACCOUNT_DIGITS = 12;

    private PinUnderLmk() {
    }

    /**
     * Encrypts a PIN under LMK 02-03, bound to an account.
     *
     * @param lmk the LMK cipher.
     * @param pin the PIN.
     * @param account the 12 account digits (the right-most PAN digits without the check digit).
     * @return the 8 encrypted bytes (16H on the wire).
     * @throws CryptoException with error 15 for an account that is not 12 digits.
     */
    public static byte[] encrypt(LmkKeyCipher lmk, Pin pin, String account) throws CryptoException {
        var nibbles = new int[PinBlock.NIBBLES];
        Arrays.fill(nibbles, FILL);
        nibbles[0] = 0;
        nibbles[1] = pin.length();
        for (int i = 0; i < pin.length(); i++) {
            nibbles[2 + i] = pin.digit(i);
        }
        bind(nibbles, account);
        var block = Bytes.pack(nibbles);
        Arrays.fill(nibbles, 0);
        try {
            return lmk.encryptBlock(KeyType.PIN_PAIR_INDEX, block);
        } finally {
            Bytes.wipe(block);
        }
    }

    /**
     * Decrypts a PIN under LMK 02-03 bound to an account.
     *
     * @param lmk the LMK cipher.
     * @param encrypted the 8 encrypted bytes.
     * @param account the 12 account digits it was encrypted with.
     * @return the PIN; the caller destroys it.
     * @throws CryptoException with error 14 when the value is not 8 bytes or does not decrypt to a valid block with
     *     this account, 15 for an account that is not 12 digits.
     */
    public static Pin decrypt(LmkKeyCipher lmk, byte[] encrypted, String account) throws CryptoException {
        if (encrypted.length != 8) {
            throw new CryptoException(ErrorCode.INVALID_PIN_UNDER_LMK, "a PIN under LMK has 8 bytes (16H)");
        }
        var block = lmk.decryptBlock(KeyType.PIN_PAIR_INDEX, encrypted);
        var nibbles = Bytes.unpack(block);
        Bytes.wipe(block);
        try {
            bind(nibbles, account);
            int length = nibbles[1];
            if (nibbles[0] != 0 || length < Pin.MIN_LENGTH || length > Pin.MAX_LENGTH) {
                throw invalid();
            }
            var digits = new byte[length];
            for (int i = 0; i < PinBlock.NIBBLES - 2; i++) {
                int nibble = nibbles[2 + i];
                if (i < length ? nibble > 9 : nibble != FILL) {
                    Bytes.wipe(digits);
                    throw invalid();
                }
                if (i < length) {
                    digits[i] = (byte) nibble;
                }
            }

            return Pin.wrap(digits);
        } finally {
            Arrays.fill(nibbles, 0);
        }
    }

    private static void bind(int[] nibbles, String account) throws CryptoException {
        if (account == null || account.length() != ACCOUNT_DIGITS || !account.chars().allMatch(Character::isDigit)) {
            Arrays.fill(nibbles, 0);
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an account has 12 digits");
        }
        for (int i = 0; i < ACCOUNT_DIGITS; i++) {
            nibbles[PinBlock.NIBBLES - ACCOUNT_DIGITS + i] ^= account.charAt(i) - '0';
        }
    }

    private static CryptoException invalid() {
        return new CryptoException(ErrorCode.INVALID_PIN_UNDER_LMK, "the PIN under LMK is invalid");
    }
}
