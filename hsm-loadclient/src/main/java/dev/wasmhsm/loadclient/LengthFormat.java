package dev.wasmhsm.loadclient;

import java.util.Locale;

/**
 * How the 4-character length field of a B2 request is written.
 *
 * <p>payShield defines it as 4 hex characters; the raw baseline server in shared/bench reads it as decimal
 * digits, which is the same for lengths below 10.
 */
public enum LengthFormat {
    /** Four upper-case hex characters, as payShield defines it. */
    HEX(16),
    /** Four decimal digits. */
    DECIMAL(10);

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();
    private static final int FIELD_LENGTH = 4;

    private final int radix;

    LengthFormat(int radix) {
        this.radix = radix;
    }

    /**
     * Parses a format name as given on the command line.
     *
     * @param name hex or decimal, case-insensitive.
     * @return the format.
     * @throws IllegalArgumentException if the name is neither.
     */
    public static LengthFormat parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "hex" -> HEX;
            case "decimal" -> DECIMAL;
            default -> throw new IllegalArgumentException(
                    "unsupported length format " + name + ", expected hex or decimal");
        };
    }

    /**
     * The largest length the 4-character field can hold in this format.
     *
     * @return the largest length.
     */
    public int maxLength() {
        return radix * radix * radix * radix - 1;
    }

    /**
     * Writes a length as a 4-character field.
     *
     * @param length the length, from 0 to {@link #maxLength()}.
     * @param target the array to write into.
     * @param offset where the field starts.
     */
    public void write(int length, byte[] target, int offset) {
        var rest = length;
        for (var i = FIELD_LENGTH - 1; i >= 0; i--) {
            target[offset + i] = (byte) DIGITS[rest % radix];
            rest /= radix;
        }
    }
}
