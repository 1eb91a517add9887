package dev.wasmhsm.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.security.auth.Destroyable;

/**
 * A Thales variant LMK set: 20 LMK pairs, 00-01 to 38-39, each 16 bytes (a double-length 3DES key).
 *
 * <p>File format ({@link #load(Path)}), UTF-8 text, one pair a line:
 * <pre>
 * # Comments start with '#'; blank lines are ignored.
 * 00-01=01010101010101017902CD1FD36EF8BA
 * 02-03=2020202020202020 3131313131313131
 * ...
 * 38-39=01010101010101010101010101010101
 * </pre>
 * The name is the pair ({@code 00-01}, {@code 02-03}, ... {@code 38-39}), the value 32 hex digits (spaces and tabs
 * inside are ignored). All 20 pairs must be present exactly once, and every byte must have odd parity.
 *
 * <p>The LMK check value ({@link #checkValue()}, which {@code NC} reports): Thales does not publish how a payShield
 * computes it, so this is not Thales's algorithm. For the standard test LMK it is {@code 2686040000000000}, the
 * value public sources show for that set. For any other set it is this product's own construction: starting with
 * 8 zero bytes, each pair in order, 00-01 to 38-39, encrypts the block with 2-key 3DES ECB; the first 6 hex digits
 * of the last block, followed by ten {@code 0} characters, are the check value (the form of payShield's restricted
 * check value). It tells one set from another, but it need not be what a payShield loaded with the same set
 * shows.
 */
public final class LmkSet implements Destroyable {
    /** The number of LMK pairs in a set. */
    public static final int PAIRS = 20;

    private static final String TEST_LMK_CHECK_VALUE = "2686040000000000";
    private static final int CHECK_VALUE_DIGITS = 6;

    private static final int[] KEY_TYPE_VARIANTS = {0x00, 0xA6, 0x5A, 0x6A, 0xDE, 0x2B, 0x50, 0x74, 0x9C, 0xFA};
    private static final String[] TEST_LMK = {
        "01010101010101017902CD1FD36EF8BA", "20202020202020203131313131313131", "40404040404040405151515151515151",
        "61616161616161617070707070707070", "80808080808080809191919191919191", "A1A1A1A1A1A1A1A1B0B0B0B0B0B0B0B0",
        "C1C1010101010101D0D0010101010101", "E0E0010101010101F1F1010101010101", "1C587F1C13924FEF0101010101010101",
        "01010101010101010101010101010101", "02020202020202020404040404040404", "07070707070707071010101010101010",
        "13131313131313131515151515151515", "16161616161616161919191919191919", "1A1A1A1A1A1A1A1A1C1C1C1C1C1C1C1C",
        "23232323232323232525252525252525", "26262626262626262929292929292929", "2A2A2A2A2A2A2A2A2C2C2C2C2C2C2C2C",
        "2F2F2F2F2F2F2F2F3131313131313131", "01010101010101010101010101010101",
    };
    private static final Pattern LINE = Pattern.compile("([0-9]{2})-([0-9]{2})\\s*=\\s*([0-9A-Fa-f \\t]+)");

    private final byte[][] pairs;
    private boolean destroyed;

    private LmkSet(byte[][] pairs) {
        this.pairs = pairs;
    }

    /**
     * Returns the standard Thales test LMK set (docs/protocol.md). Never use it for live keys.
     *
     * @return a new copy of the test set.
     */
    public static LmkSet testLmk() {
        var pairs = new byte[PAIRS][];
        for (int i = 0; i < PAIRS; i++) {
            pairs[i] = decodeConstant(TEST_LMK[i]);
        }

        return new LmkSet(pairs);
    }

    /**
     * Reads an LMK file (format in the class comment).
     *
     * @param file the file.
     * @return the set.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when a line is malformed, a pair is missing or repeated, or a byte has
     *     even parity; the message names the line.
     */
    public static LmkSet load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses the lines of an LMK file (format in the class comment).
     *
     * @param lines the lines.
     * @return the set.
     * @throws IllegalArgumentException when a line is malformed, a pair is missing or repeated, or a byte has
     *     even parity; the message names the line.
     */
    public static LmkSet parse(List<String> lines) {
        var pairs = new byte[PAIRS][];
        for (int n = 0; n < lines.size(); n++) {
            var line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var where = "LMK file line " + (n + 1);
            var match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException(where + " is not like 04-05=<32 hex digits>");
            }
            int first = Integer.parseInt(match.group(1));
            int second = Integer.parseInt(match.group(2));
            if (first % 2 != 0 || second != first + 1 || first > 38) {
                throw new IllegalArgumentException(where + " names no LMK pair (00-01 to 38-39)");
            }
            if (pairs[first / 2] != null) {
                throw new IllegalArgumentException(where + " repeats pair " + match.group(1) + "-" + match.group(2));
            }
            var hex = match.group(3).replaceAll("[ \\t]", "");
            if (hex.length() != 32) {
                throw new IllegalArgumentException(where + " has " + hex.length() + " hex digits, a pair has 32");
            }
            var value = decodeConstant(hex);
            if (!DesParity.isOdd(value)) {
                throw new IllegalArgumentException(where + " has a byte with even parity: LMK bytes have odd parity");
            }
            pairs[first / 2] = value;
        }
        for (int i = 0; i < PAIRS; i++) {
            if (pairs[i] == null) {
                throw new IllegalArgumentException("the LMK file has no pair " + pairName(i)
                        + ": all 20 pairs 00-01 to 38-39 are required");
            }
        }

        return new LmkSet(pairs);
    }

    /**
     * Returns the name of a pair.
     *
     * @param index 0 to 19.
     * @return {@code 00-01} to {@code 38-39}.
     */
    public static String pairName(int index) {
        return String.format("%02d-%02d", 2 * index, 2 * index + 1);
    }

    /** @return whether this set is the standard Thales test LMK set. */
    public boolean isTestLmk() {
        var test = testLmk();
        try {
            for (int i = 0; i < PAIRS; i++) {
                if (!Arrays.equals(pairs[i], test.pairs[i])) {
                    return false;
                }
            }

            return true;
        } finally {
            test.destroy();
        }
    }

    /**
     * Returns the LMK check value (construction in the class comment).
     *
     * @return 16 hex characters: {@code 2686040000000000} for the test LMK, otherwise 6 hex digits computed from the
     *     pairs, then ten {@code 0} characters.
     */
    public String checkValue() {
        checkLive();
        if (isTestLmk()) {
            return TEST_LMK_CHECK_VALUE;
        }
        var block = new byte[8];
        for (var pair : pairs) {
            var key = ClearKey.wrap(pair.clone());
            try {
                var next = Des.encryptEcb(key, block);
                Bytes.wipe(block);
                block = next;
            } catch (CryptoException e) {
                throw new IllegalStateException("an LMK pair cannot encrypt a block", e);
            } finally {
                key.destroy();
            }
        }
        var hex = Hex.encode(block);
        try {
            return new String(hex, 0, CHECK_VALUE_DIGITS, StandardCharsets.US_ASCII)
                    + "0".repeat(2 * block.length - CHECK_VALUE_DIGITS);
        } finally {
            Bytes.wipe(block, hex);
        }
    }

    /**
     * Returns an LMK pair with a key-type variant and a scheme variant applied, as a 2-key 3DES key.
     *
     * @param index the pair, 0 (00-01) to 19 (38-39).
     * @param keyTypeVariant 0 to 9: byte 0 is XORed with A6, 5A, 6A, DE, 2B, 50, 74, 9C or FA for 1 to 9.
     * @param schemeVariant the byte XORed into byte 8 (the first byte of the right half), 0 for none.
     * @return a new key; the caller destroys it.
     */
    ClearKey variantPair(int index, int keyTypeVariant, int schemeVariant) {
        checkLive();
        var key = pairs[index].clone();
        key[0] ^= (byte) KEY_TYPE_VARIANTS[keyTypeVariant];
        key[8] ^= (byte) schemeVariant;

        return ClearKey.wrap(key);
    }

    /** Wipes the pairs. */
    @Override
    public void destroy() {
        for (var pair : pairs) {
            Arrays.fill(pair, (byte) 0);
        }
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "LmkSet[" + PAIRS + " pairs]";
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("the LMK set was destroyed");
        }
    }

    private static byte[] decodeConstant(String hex) {
        try {
            return Hex.decode(hex);
        } catch (CryptoException e) {
            throw new IllegalArgumentException("not hex", e);
        }
    }
}
