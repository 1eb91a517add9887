package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * ISO 9797-1 MACs with DES: algorithm 1 (CBC-MAC with the whole key: X9.9 for a single key) and algorithm 3
 * (retail MAC, X9.19: CBC with the left key, then the last block decrypted with the right key and encrypted with
 * the left), with padding method 1 (zeros), 2 (0x80 then zeros) or none.
 */
public final class Iso9797Mac {
    private static final int BLOCK = 8;

    private Iso9797Mac() {
    }

    /** The MAC algorithm. */
    public enum Algorithm {
        /** Algorithm 1: CBC-MAC under the whole key. */
        ALGORITHM_1,
        /** Algorithm 3: retail MAC with a double-length key. */
        ALGORITHM_3;

        /**
         * Returns the algorithm of its ISO 9797-1 number.
         *
         * @param number 1 or 3.
         * @return the algorithm.
         * @throws CryptoException with error 15 for another number.
         */
        public static Algorithm of(int number) throws CryptoException {
            return switch (number) {
                case 1 -> ALGORITHM_1;
                case 3 -> ALGORITHM_3;
                default -> throw new CryptoException(ErrorCode.INVALID_INPUT, "no MAC algorithm " + number);
            };
        }
    }

    /** The padding method. */
    public enum Padding {
        /** No padding: the data is a whole number of blocks. */
        NONE,
        /** Method 1: zeros up to a whole block, none when the data is already whole blocks (but not empty). */
        METHOD_1,
        /** Method 2: one 0x80 byte, then zeros up to a whole block. */
        METHOD_2;

        /**
         * Returns the padding method of its number.
         *
         * @param number 0 (none), 1 or 2.
         * @return the method.
         * @throws CryptoException with error 15 for another number.
         */
        public static Padding of(int number) throws CryptoException {
            return switch (number) {
                case 0 -> NONE;
                case 1 -> METHOD_1;
                case 2 -> METHOD_2;
                default -> throw new CryptoException(ErrorCode.INVALID_INPUT, "no padding method " + number);
            };
        }
    }

    /**
     * Computes a MAC.
     *
     * @param key an 8, 16 or 24-byte key for algorithm 1; a 16-byte key for algorithm 3.
     * @param algorithm the algorithm.
     * @param padding the padding method.
     * @param iv the 8-byte initial value, or null for zeros.
     * @param data the data.
     * @return the 8-byte MAC.
     * @throws CryptoException with error 27 for a key algorithm 3 cannot use, 15 for data that padding method
     *     none cannot take.
     */
    public static byte[] mac(ClearKey key, Algorithm algorithm, Padding padding, byte[] iv, byte[] data)
            throws CryptoException {
        var padded = pad(padding, data);
        var start = iv == null ? new byte[BLOCK] : iv;
        if (algorithm == Algorithm.ALGORITHM_1) {
            var cipher = Des.encryptCbc(key, start, padded);

            return Arrays.copyOfRange(cipher, cipher.length - BLOCK, cipher.length);
        }
        if (key.length() != 16) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "MAC algorithm 3 needs a double-length key");
        }
        var left = ClearKey.wrap(key.part(0));
        var right = ClearKey.wrap(key.part(1));
        try {
            var cipher = Des.encryptCbc(left, start, padded);
            var last = Arrays.copyOfRange(cipher, cipher.length - BLOCK, cipher.length);

            return Des.encryptEcb(left, Des.decryptEcb(right, last));
        } finally {
            left.destroy();
            right.destroy();
        }
    }

    private static byte[] pad(Padding padding, byte[] data) throws CryptoException {
        return switch (padding) {
            case NONE -> {
                if (data.length == 0 || data.length % BLOCK != 0) {
                    throw new CryptoException(ErrorCode.INVALID_INPUT, "data of " + data.length
                            + " bytes is not a whole number of blocks, and the padding method is none");
                }
                yield data;
            }
            case METHOD_1 -> data.length > 0 && data.length % BLOCK == 0 ? data
                    : Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
            case METHOD_2 -> {
                var padded = Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
                padded[data.length] = (byte) 0x80;
                yield padded;
            }
        };
    }
}
