package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A clear PIN of 4 to 12 digits, held as digit values (0-9) in a byte array that {@link #destroy()} wipes. Its
 * digits never appear in {@link #toString()}.
 */
public final class Pin implements Destroyable {
    /** The shortest PIN. */
    public static final int MIN_LENGTH = 4;

    /** The longest PIN. */
    public static final int MAX_LENGTH = 12;

    private final byte[] digits;
    private boolean destroyed;

    private Pin(byte[] digits) {
        this.digits = digits;
    }

    /**
     * Makes a PIN of ASCII digits.
     *
     * @param ascii the digits, '0' to '9'.
     * @return the PIN.
     * @throws CryptoException with error 24 when it has fewer than 4 or more than 12 digits, 15 for a non-digit.
     */
    public static Pin ofAscii(byte[] ascii) throws CryptoException {
        checkLength(ascii.length);
        var digits = new byte[ascii.length];
        for (int i = 0; i < digits.length; i++) {
            if (ascii[i] < '0' || ascii[i] > '9') {
                throw new CryptoException(ErrorCode.INVALID_INPUT, "a PIN has only digits");
            }
            digits[i] = (byte) (ascii[i] - '0');
        }

        return new Pin(digits);
    }

    /**
     * Takes over digit values (0-9) already checked by the caller.
     *
     * @param digits the values.
     * @return the PIN.
     */
    static Pin wrap(byte[] digits) {
        return new Pin(digits);
    }

    /**
     * Checks a PIN length.
     *
     * @param length the number of digits.
     * @throws CryptoException with error 24 when it is below 4 or above 12.
     */
    static void checkLength(int length) throws CryptoException {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new CryptoException(ErrorCode.INVALID_PIN_LENGTH, "a PIN has 4 to 12 digits, not " + length);
        }
    }

    /** @return the number of digits. */
    public int length() {
        return digits.length;
    }

    /**
     * Returns one digit.
     *
     * @param index 0 for the leftmost digit.
     * @return 0 to 9.
     */
    public int digit(int index) {
        checkLive();

        return digits[index];
    }

    /** @return the digits as ASCII characters; the caller wipes them. */
    public byte[] ascii() {
        checkLive();
        var ascii = new byte[digits.length];
        for (int i = 0; i < ascii.length; i++) {
            ascii[i] = (byte) ('0' + digits[i]);
        }

        return ascii;
    }

    /** Wipes the digits. */
    @Override
    public void destroy() {
        Arrays.fill(digits, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "Pin[" + digits.length + " digits" + (destroyed ? ", destroyed]" : "]");
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("the PIN was destroyed");
        }
    }
}
