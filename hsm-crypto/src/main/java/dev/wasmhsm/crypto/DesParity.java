package dev.wasmhsm.crypto;

/** DES odd parity: every key byte has an odd number of set bits, the lowest bit being the parity bit. */
public final class DesParity {
    private DesParity() {
    }

    /**
     * Tells whether every byte has odd parity.
     *
     * @param key the key bytes.
     * @return true when all bytes are odd.
     */
    public static boolean isOdd(byte[] key) {
        for (var b : key) {
            if (Integer.bitCount(b & 0xFF) % 2 == 0) {
                return false;
            }
        }

        return true;
    }

    /**
     * Sets the lowest bit of every byte so that it has odd parity, in place.
     *
     * @param key the key bytes, changed.
     */
    public static void adjust(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            int high = key[i] & 0xFE;
            key[i] = (byte) (Integer.bitCount(high) % 2 == 0 ? high | 1 : high);
        }
    }
}
