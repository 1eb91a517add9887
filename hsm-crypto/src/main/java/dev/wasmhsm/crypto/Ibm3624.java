package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * IBM 3624 PINs: the natural PIN is the validation data (16H) encrypted with the PVK, decimalised through a
 * 16-digit table and cut to the PIN length; the offset is the PIN minus the natural PIN, digit by digit, modulo 10.
 */
public final class Ibm3624 {
    private Ibm3624() {
    }

    /**
     * Computes the natural PIN.
     *
     * @param pvk the PIN verification key (single, double or triple length).
     * @param decimalisationTable 16 decimal digits.
     * @param validationData 16 hex characters (the account or other data, already padded).
     * @param pinLength the PIN length, 4 to 12.
     * @return the natural PIN; the caller destroys it.
     * @throws CryptoException with error 25 for a bad table, 24 for a bad length, 15 for bad validation data.
     */
    public static Pin naturalPin(ClearKey pvk, String decimalisationTable, String validationData, int pinLength)
            throws CryptoException {
        Pin.checkLength(pinLength);
        if (validationData == null || validationData.length() != 16) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "validation data has 16 hex characters");
        }
        var cipher = Des.encryptEcb(pvk, Hex.decode(validationData));
        try {
            return Pin.wrap(Decimalisation.table(cipher, decimalisationTable, pinLength));
        } finally {
            Bytes.wipe(cipher);
        }
    }

    /**
     * Computes the offset of a PIN: (PIN digit - natural digit) mod 10, for each digit of the PIN.
     *
     * @param pin the customer's PIN.
     * @param natural the natural PIN, at least as long.
     * @return the offset digits.
     */
    public static String offset(Pin pin, Pin natural) {
        var out = new byte[pin.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ('0' + Math.floorMod(pin.digit(i) - natural.digit(i), 10));
        }

        return new String(out, StandardCharsets.US_ASCII);
    }

    /**
     * Recovers the PIN of an offset: (natural digit + offset digit) mod 10.
     *
     * @param natural the natural PIN.
     * @param offset the offset digits, as many as the PIN has.
     * @return the PIN; the caller destroys it.
     * @throws CryptoException with error 15 for a non-numeric offset, 24 for a bad length.
     */
    public static Pin pinOf(Pin natural, String offset) throws CryptoException {
        Bytes.requireDigits(offset, "the offset");
        Pin.checkLength(offset.length());
        if (offset.length() > natural.length()) {
            throw new CryptoException(ErrorCode.INVALID_PIN_LENGTH, "the offset is longer than the natural PIN");
        }
        var digits = new byte[offset.length()];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (byte) ((natural.digit(i) + offset.charAt(i) - '0') % 10);
        }

        return Pin.wrap(digits);
    }
}
