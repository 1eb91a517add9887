package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/**
 * Turning cipher text into digits: the Visa two-pass scan (CVV, PVV) and a decimalisation table (IBM 3624).
 */
public final class Decimalisation {
    private Decimalisation() {
    }

    /**
     * The Visa scan: the decimal nibbles of the hex text left to right, then the nibbles A-F minus 10, left to
     * right, until enough digits are found.
     *
     * @param bytes the cipher text.
     * @param count how many digits to take.
     * @return the digits, ASCII.
     */
    public static byte[] visa(byte[] bytes, int count) {
        var nibbles = Bytes.unpack(bytes);
        var out = new byte[count];
        int found = 0;
        for (int pass = 0; pass < 2 && found < count; pass++) {
            for (int i = 0; i < nibbles.length && found < count; i++) {
                if (pass == 0 && nibbles[i] <= 9) {
                    out[found++] = (byte) ('0' + nibbles[i]);
                } else if (pass == 1 && nibbles[i] > 9) {
                    out[found++] = (byte) ('0' + nibbles[i] - 10);
                }
            }
        }

        return out;
    }

    /**
     * Maps each nibble through a decimalisation table.
     *
     * @param bytes the cipher text.
     * @param table 16 decimal digits, the digit of nibble 0 first.
     * @param count how many digits to take, from the left.
     * @return the digit values (0-9).
     * @throws CryptoException with error 25 when the table is not 16 decimal digits.
     */
    public static byte[] table(byte[] bytes, String table, int count) throws CryptoException {
        if (table == null || !table.matches("[0-9]{16}")) {
            throw new CryptoException(ErrorCode.DECIMALISATION_TABLE, "a decimalisation table has 16 digits");
        }
        var nibbles = Bytes.unpack(bytes);
        var out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (table.charAt(nibbles[i]) - '0');
        }

        return out;
    }
}
