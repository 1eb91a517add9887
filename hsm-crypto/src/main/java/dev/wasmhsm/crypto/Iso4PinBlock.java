package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;
import javax.crypto.Cipher;

/**
 * ISO 9564-1 format 4: the 16-byte PIN field (4, length, PIN, A fill to 8 bytes, 8 random bytes) is enciphered
 * with AES, XORed with the PAN field (PAN length minus 12, the PAN, zero fill), and enciphered again.
 */
final class Iso4PinBlock {
    private static final int BLOCK = 16;

    private Iso4PinBlock() {
    }

    static byte[] encipher(ClearKey key, Pin pin, String pan, RandomSource random) throws CryptoException {
        var field = new byte[BLOCK];
        random.nextBytes(field);
        var nibbles = new int[PinBlock.NIBBLES];
        Arrays.fill(nibbles, PinBlock.FILL_A);
        nibbles[0] = 4;
        nibbles[1] = pin.length();
        for (int i = 0; i < pin.length(); i++) {
            nibbles[2 + i] = pin.digit(i);
        }
        System.arraycopy(Bytes.pack(nibbles), 0, field, 0, PinBlock.NIBBLES / 2);
        Arrays.fill(nibbles, 0);
        try {
            return encipherField(key, field, pan);
        } finally {
            Bytes.wipe(field);
        }
    }

    static byte[] encipherField(ClearKey key, byte[] pinField, String pan) throws CryptoException {
        var intermediate = aes(key, Cipher.ENCRYPT_MODE, pinField);
        Bytes.xorInPlace(intermediate, panField(pan));
        try {
            return aes(key, Cipher.ENCRYPT_MODE, intermediate);
        } finally {
            Bytes.wipe(intermediate);
        }
    }

    static Pin decipher(ClearKey key, byte[] block, String pan) throws CryptoException {
        var intermediate = aes(key, Cipher.DECRYPT_MODE, block);
        Bytes.xorInPlace(intermediate, panField(pan));
        var field = aes(key, Cipher.DECRYPT_MODE, intermediate);
        Bytes.wipe(intermediate);
        var nibbles = Bytes.unpack(Arrays.copyOf(field, PinBlock.NIBBLES / 2));
        Bytes.wipe(field);
        try {
            if (nibbles[0] != 4) {
                throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN field's control is not 4");
            }
            Pin.checkLength(nibbles[1]);
            var digits = PinBlock.digits(nibbles, 2, nibbles[1]);
            for (int i = 2 + nibbles[1]; i < PinBlock.NIBBLES; i++) {
                if (nibbles[i] != PinBlock.FILL_A) {
                    Bytes.wipe(digits);
                    throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN field's fill is not A");
                }
            }

            return Pin.wrap(digits);
        } finally {
            Arrays.fill(nibbles, 0);
        }
    }

    private static byte[] panField(String pan) throws CryptoException {
        Bytes.requireDigits(pan, "the PAN");
        if (pan.length() > 19) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a PAN has at most 19 digits");
        }
        var digits = pan.length() < 12 ? "0".repeat(12 - pan.length()) + pan : pan;
        var text = (digits.length() - 12) + digits;

        return Bytes.packDigits(text + "0".repeat(2 * BLOCK - text.length()));
    }

    private static byte[] aes(ClearKey key, int mode, byte[] data) throws CryptoException {
        if (key.length() != 16 && key.length() != 24 && key.length() != 32) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "an AES key has 16, 24 or 32 bytes");
        }

        return ThreadCiphers.AES_ECB.run(mode, key.raw(), null, data);
    }
}
