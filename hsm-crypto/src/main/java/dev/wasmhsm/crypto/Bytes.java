package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/** Small operations on byte arrays shared by the algorithms. */
final class Bytes {
    private Bytes() {
    }

    static byte[] xor(byte[] a, byte[] b) {
        var out = new byte[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }

        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);

        return out;
    }

    static void wipe(byte[]... arrays) {
        for (var array : arrays) {
            if (array != null) {
                Arrays.fill(array, (byte) 0);
            }
        }
    }

    /** Packs an even number of decimal digits into bytes, two per byte. */
    static byte[] packDigits(String digits) throws CryptoException {
        requireDigits(digits, "digits");

        return Hex.decode(digits);
    }

    static void requireDigits(String text, String what) throws CryptoException {
        if (text == null || text.isEmpty()) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, what + " is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new CryptoException(ErrorCode.INVALID_INPUT, what + " is not numeric");
            }
        }
    }

    static void xorInPlace(byte[] block, byte[] field) {
        for (int i = 0; i < block.length; i++) {
            block[i] ^= field[i];
        }
    }

    static byte[] pack(int[] nibbles) {
        var bytes = new byte[nibbles.length / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (nibbles[2 * i] << 4 | nibbles[2 * i + 1]);
        }

        return bytes;
    }

    static int[] unpack(byte[] bytes) {
        var nibbles = new int[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            nibbles[2 * i] = (bytes[i] >> 4) & 0xF;
            nibbles[2 * i + 1] = bytes[i] & 0xF;
        }

        return nibbles;
    }
}
