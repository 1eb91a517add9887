package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * PIN blocks: building and reading the clear block of each format, and the block encrypted under a key (DES/3DES
 * ECB for the 8-byte formats, AES for ISO format 4).
 *
 * <p>The account is the 12 right-most PAN digits excluding the check digit (formats 0 and 3); ISO format 4 takes
 * the PAN itself (12 to 19 digits; a 12-digit account is taken as a 12-digit PAN). Formats 1 and 3 fill with the
 * random source: format 1 with random nibbles, format 3 with nibbles A to F ({@code 10 + r mod 6}).
 */
public final class PinBlock {
    static final int FILL_F = 0xF;
    static final int FILL_A = 0xA;
    static final int NIBBLES = 16;

    private PinBlock() {
    }

    /**
     * Decrypts a PIN block and reads the PIN.
     *
     * @param key the PIN key: DES/3DES, or AES (16, 24 or 32 bytes) for ISO format 4.
     * @param format the format.
     * @param block the encrypted block: 8 bytes, 16 for ISO format 4.
     * @param account the account (PAN for ISO format 4), digits.
     * @return the PIN; the caller destroys it.
     * @throws CryptoException with error 20 when the block's content is invalid, 24 for a PIN length out of range,
     *     15 for a block of the wrong length or a non-numeric account.
     */
    public static Pin decrypt(ClearKey key, PinBlockFormat format, byte[] block, String account)
            throws CryptoException {
        requireLength(format, block);
        if (format == PinBlockFormat.ISO_4) {
            return Iso4PinBlock.decipher(key, block, account);
        }
        var clear = Des.decryptEcb(key, block);
        try {
            return decode(format, clear, account);
        } finally {
            Bytes.wipe(clear);
        }
    }

    /**
     * Builds a PIN block and encrypts it.
     *
     * @param key the PIN key: DES/3DES, or AES for ISO format 4.
     * @param format the format.
     * @param pin the PIN.
     * @param account the account (PAN for ISO format 4), digits.
     * @param random the source of fill.
     * @return the encrypted block: 8 bytes, 16 for ISO format 4.
     * @throws CryptoException with error 15 for a non-numeric account, 27 for an unusable key.
     */
    public static byte[] encrypt(ClearKey key, PinBlockFormat format, Pin pin, String account, RandomSource random)
            throws CryptoException {
        if (format == PinBlockFormat.ISO_4) {
            return Iso4PinBlock.encipher(key, pin, account, random);
        }
        var clear = encode(format, pin, account, random);
        try {
            return Des.encryptEcb(key, clear);
        } finally {
            Bytes.wipe(clear);
        }
    }

    /**
     * Builds the clear 8-byte block of an 8-byte format.
     *
     * @param format the format (not ISO 4).
     * @param pin the PIN.
     * @param account the 12-digit account, for formats 0 and 3.
     * @param random the source of fill.
     * @return the clear block; the caller wipes it.
     * @throws CryptoException with error 15 for a bad account, 23 for ISO format 4.
     */
    public static byte[] encode(PinBlockFormat format, Pin pin, String account, RandomSource random)
            throws CryptoException {
        var nibbles = new int[NIBBLES];
        int first = format == PinBlockFormat.IBM_3624 ? 0 : 2;
        var fill = new byte[NIBBLES];
        random.nextBytes(fill);
        for (int i = 0; i < NIBBLES; i++) {
            nibbles[i] = switch (format) {
                case ISO_0, IBM_3624 -> FILL_F;
                case ISO_1 -> fill[i] & 0xF;
                case ISO_3 -> FILL_A + (fill[i] & 0xFF) % 6;
                case ISO_4 -> throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK_FORMAT,
                        "ISO format 4 has a 16-byte block");
            };
        }
        Bytes.wipe(fill);
        if (first == 2) {
            nibbles[0] = controlNibble(format);
            nibbles[1] = pin.length();
        }
        for (int i = 0; i < pin.length(); i++) {
            nibbles[first + i] = pin.digit(i);
        }
        var block = Bytes.pack(nibbles);
        Arrays.fill(nibbles, 0);
        if (format == PinBlockFormat.ISO_0 || format == PinBlockFormat.ISO_3) {
            Bytes.xorInPlace(block, accountField(account));
        }

        return block;
    }

    /**
     * Reads the PIN of a clear 8-byte block.
     *
     * @param format the format (not ISO 4).
     * @param clear the clear block.
     * @param account the 12-digit account, for formats 0 and 3.
     * @return the PIN.
     * @throws CryptoException with error 20 when the content is invalid, 24 for a PIN length out of range.
     */
    public static Pin decode(PinBlockFormat format, byte[] clear, String account) throws CryptoException {
        var block = clear.clone();
        if (format == PinBlockFormat.ISO_0 || format == PinBlockFormat.ISO_3) {
            Bytes.xorInPlace(block, accountField(account));
        }
        var nibbles = Bytes.unpack(block);
        Bytes.wipe(block);
        try {
            return format == PinBlockFormat.IBM_3624 ? decodeIbm(nibbles) : decodeIso(format, nibbles);
        } finally {
            Arrays.fill(nibbles, 0);
        }
    }

    private static Pin decodeIso(PinBlockFormat format, int[] nibbles) throws CryptoException {
        if (format == PinBlockFormat.ISO_4 || nibbles[0] != controlNibble(format)) {
            throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN block's control field is not "
                    + (format == PinBlockFormat.ISO_4 ? "an 8-byte format" : controlNibble(format)));
        }
        int length = nibbles[1];
        Pin.checkLength(length);
        var digits = digits(nibbles, 2, length);
        for (int i = 2 + length; i < NIBBLES; i++) {
            boolean fillOk = switch (format) {
                case ISO_0 -> nibbles[i] == FILL_F;
                case ISO_3 -> nibbles[i] >= FILL_A;
                default -> true;
            };
            if (!fillOk) {
                Bytes.wipe(digits);
                throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN block's fill is invalid");
            }
        }

        return Pin.wrap(digits);
    }

    private static Pin decodeIbm(int[] nibbles) throws CryptoException {
        int length = 0;
        while (length < NIBBLES && nibbles[length] != FILL_F) {
            length++;
        }
        for (int i = length; i < NIBBLES; i++) {
            if (nibbles[i] != FILL_F) {
                throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN block's fill is invalid");
            }
        }
        Pin.checkLength(length);

        return Pin.wrap(digits(nibbles, 0, length));
    }

    static byte[] digits(int[] nibbles, int from, int length) throws CryptoException {
        var digits = new byte[length];
        for (int i = 0; i < length; i++) {
            if (nibbles[from + i] > 9) {
                Bytes.wipe(digits);
                throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK, "the PIN block's PIN has a non-digit");
            }
            digits[i] = (byte) nibbles[from + i];
        }

        return digits;
    }

    private static int controlNibble(PinBlockFormat format) {
        return switch (format) {
            case ISO_1 -> 1;
            case ISO_3 -> 3;
            case ISO_4 -> 4;
            default -> 0;
        };
    }

    private static byte[] accountField(String account) throws CryptoException {
        if (account == null || account.length() != 12) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an account has 12 digits");
        }

        return Bytes.packDigits("0000" + account);
    }

    private static void requireLength(PinBlockFormat format, byte[] block) throws CryptoException {
        if (block.length != format.blockLength()) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a " + format + " PIN block has "
                    + format.blockLength() + " bytes, not " + block.length);
        }
    }

}
