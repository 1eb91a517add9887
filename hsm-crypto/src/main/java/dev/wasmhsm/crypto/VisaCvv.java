package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Visa card verification value (CVV, CVV2, iCVV): PAN, expiry and service code, zero-filled to 32 digits, make
 * two blocks; the first is DES-encrypted with the left CVK half, XORed with the second, and 3DES-encrypted with
 * the double-length CVK; the Visa scan of the result gives the 3 digits.
 */
public final class VisaCvv {
    private VisaCvv() {
    }

    /**
     * Computes a CVV.
     *
     * @param cvk the double-length CVK (CVK A and B).
     * @param pan the PAN, 12 to 19 digits.
     * @param expiry the expiry, 4 digits as sent (YYMM).
     * @param serviceCode the service code, 3 digits.
     * @return the 3 CVV digits.
     * @throws CryptoException with error 27 when the CVK is not double length, 15 for malformed data.
     */
    public static String cvv(ClearKey cvk, String pan, String expiry, String serviceCode) throws CryptoException {
        if (cvk.length() != 16) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a CVK is double length");
        }
        Bytes.requireDigits(pan, "the PAN");
        Bytes.requireDigits(expiry, "the expiry");
        Bytes.requireDigits(serviceCode, "the service code");
        if (pan.length() < 12 || pan.length() > 19 || expiry.length() != 4 || serviceCode.length() != 3) {
            throw new CryptoException(ErrorCode.INVALID_INPUT,
                    "a CVV takes a PAN of 12 to 19 digits, a 4-digit expiry and a 3-digit service code");
        }
        var data = pan + expiry + serviceCode;
        var blocks = Bytes.packDigits(data + "0".repeat(32 - data.length()));
        var left = ClearKey.wrap(cvk.part(0));
        try {
            var first = Des.encryptEcb(left, Arrays.copyOf(blocks, 8));
            var result = Des.encryptEcb(cvk, Bytes.xor(first, Arrays.copyOfRange(blocks, 8, 16)));

            return new String(Decimalisation.visa(result, 3), StandardCharsets.US_ASCII);
        } finally {
            left.destroy();
        }
    }
}
