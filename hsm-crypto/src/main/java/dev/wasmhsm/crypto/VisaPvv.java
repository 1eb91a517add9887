package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The Visa PIN verification value: the transformed security parameter (the 11 right-most digits of the 12-digit
 * account, the PVK index, the 4 left-most PIN digits) is 3DES-encrypted with the double-length PVK; the Visa scan
 * of the result gives the 4 digits.
 */
public final class VisaPvv {
    private VisaPvv() {
    }

    /**
     * Computes a PVV.
     *
     * @param pvk the double-length PVK pair.
     * @param account the 12 right-most PAN digits excluding the check digit.
     * @param pvki the PVK index, 0 to 9.
     * @param pin the PIN.
     * @return the 4 PVV digits.
     * @throws CryptoException with error 27 when the PVK is not double length, 15 for a malformed account or index.
     */
    public static String pvv(ClearKey pvk, String account, int pvki, Pin pin) throws CryptoException {
        if (pvk.length() != 16) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a PVK pair is double length");
        }
        Bytes.requireDigits(account, "the account");
        if (account.length() != 12 || pvki < 0 || pvki > 9) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a PVV takes a 12-digit account and a PVKI 0-9");
        }
        var tsp = new byte[16];
        var text = (account.substring(1) + pvki).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, tsp, 0, 12);
        for (int i = 0; i < 4; i++) {
            tsp[12 + i] = (byte) ('0' + pin.digit(i));
        }
        var packed = Hex.decode(tsp);
        Bytes.wipe(tsp);
        try {
            return new String(Decimalisation.visa(Des.encryptEcb(pvk, packed), 4), StandardCharsets.US_ASCII);
        } finally {
            Bytes.wipe(packed);
        }
    }
}
