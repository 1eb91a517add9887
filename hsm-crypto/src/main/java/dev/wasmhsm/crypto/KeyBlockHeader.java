package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The clear header of a key block, Thales's under a key-block LMK or TR-31's (ANSI X9.143) under a KEK: 16
 * characters, then the optional blocks. Everything in it is bound to the key by the block's authenticator.
 *
 * @param version {@code 0} (Thales, 3DES LMK), {@code 1} (Thales, AES LMK), or the TR-31 version {@code A} to
 *     {@code D}.
 * @param usage the key usage, such as {@code P0} (PIN encryption) or {@code 72} (Thales: ZPK).
 * @param algorithm {@code A} AES, {@code D} DES, {@code T} 3DES, {@code R} RSA, {@code E} EC, {@code H} HMAC.
 * @param modeOfUse {@code B} both, {@code C} generate and verify, {@code D} decrypt, {@code E} encrypt, {@code G}
 *     generate, {@code N} none, {@code S} sign, {@code T} both sign and decrypt, {@code V} verify, {@code X} derive,
 *     {@code Y} create key variants.
 * @param keyVersion two characters, {@code 00} when unused.
 * @param exportability {@code E} exportable under a trusted key, {@code N} never, {@code S} sensitive.
 * @param reserved the last two characters: the LMK identifier in a Thales block, {@code 00} in TR-31.
 * @param optionalBlocks the optional blocks, in order.
 */
public record KeyBlockHeader(char version, String usage, char algorithm, char modeOfUse, String keyVersion,
        char exportability, String reserved, List<OptionalBlock> optionalBlocks) {
    /** The fixed part's length in characters. */
    public static final int FIXED_LENGTH = 16;

    private static final String VERSIONS = "01ABCD";
    private static final String ALGORITHMS = "ADTREH";
    private static final String MODES = "BCDEGNSTVXY";
    private static final String EXPORTS = "ENS";
    private static final String ID = "[0-9A-Z]{2}";

    /**
     * One optional block.
     *
     * @param id two characters, such as {@code KS} (key set identifier) or {@code PB} (padding).
     * @param data its printable data.
     */
    public record OptionalBlock(String id, String data) {
        /** @return its length in characters: ID, length field and data. */
        public int length() {
            return 4 + data.length();
        }
    }

    /**
     * Checks each field.
     *
     * @throws IllegalArgumentException when a field is malformed; {@link #parse} answers payShield's error codes.
     */
    public KeyBlockHeader {
        optionalBlocks = List.copyOf(optionalBlocks);
        var problem = problem(version, usage, algorithm, modeOfUse, keyVersion, exportability, reserved);
        if (problem != null) {
            throw new IllegalArgumentException(problem.getMessage());
        }
        if (optionalBlocks.size() > 99) {
            throw new IllegalArgumentException("a key block has at most 99 optional blocks");
        }
        for (var optional : optionalBlocks) {
            if (!optional.id().matches(ID) || !printable(optional.data()) || optional.length() > 255) {
                throw new IllegalArgumentException("an optional block has a two-character ID and at most 251"
                        + " printable ASCII characters");
            }
        }
    }

    /**
     * Reads the header at the start of a key block.
     *
     * @param block the whole block, as sent.
     * @return the header.
     * @throws CryptoException with the key-block error code of the first field that is wrong (BE version, A6 usage,
     *     A7 algorithm, A8 mode of use, A9 key version, AA exportability, AB optional block count, AC an optional
     *     block, B2 a length that is not the block's).
     */
    public static KeyBlockHeader parse(String block) throws CryptoException {
        if (block.length() < FIXED_LENGTH) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "a key block has a 16-character header");
        }
        if (!printable(block)) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "a key block is printable ASCII");
        }
        var problem = problem(block.charAt(0), block.substring(5, 7), block.charAt(7), block.charAt(8),
                block.substring(9, 11), block.charAt(11), block.substring(14, 16));
        if (problem != null) {
            throw problem;
        }
        var length = block.substring(1, 5);
        if (!length.matches("[0-9]{4}") || Integer.parseInt(length) != block.length()) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "the key block's length field is not its length");
        }
        var count = block.substring(12, 14);
        if (!count.matches("[0-9]{2}")) {
            throw new CryptoException(ErrorCode.INVALID_OPTIONAL_BLOCK_COUNT, "the optional block count is two digits");
        }
        var blocks = new ArrayList<OptionalBlock>();
        int at = FIXED_LENGTH;
        for (int i = 0; i < Integer.parseInt(count); i++) {
            if (at + 4 > block.length()) {
                throw new CryptoException(ErrorCode.OPTIONAL_BLOCK_ERROR, "an optional block runs past the key block");
            }
            int size = hexLength(block.substring(at + 2, at + 4));
            if (size < 4 || at + size > block.length() || !block.substring(at, at + 2).matches(ID)) {
                throw new CryptoException(ErrorCode.OPTIONAL_BLOCK_ERROR, "optional block " + (i + 1)
                        + " is malformed");
            }
            blocks.add(new OptionalBlock(block.substring(at, at + 2), block.substring(at + 4, at + size)));
            at += size;
        }

        return new KeyBlockHeader(block.charAt(0), block.substring(5, 7), block.charAt(7), block.charAt(8),
                block.substring(9, 11), block.charAt(11), block.substring(14, 16), blocks);
    }

    /** @return the header's length in characters, its optional blocks included. */
    public int length() {
        return FIXED_LENGTH + optionalBlocks.stream().mapToInt(OptionalBlock::length).sum();
    }

    /**
     * Writes the header of a block of the given length.
     *
     * @param blockLength the whole block's length in characters.
     * @return the header text, optional blocks included.
     */
    public String text(int blockLength) {
        var text = new StringBuilder(length());
        if (blockLength < 0 || blockLength > 9999) {
            throw new IllegalArgumentException("a key block has at most 9999 characters, not " + blockLength);
        }
        // Digits by hand: String.format would write another script's digits in some default locales.
        text.append(version).append(digits(blockLength, 4, 10)).append(usage).append(algorithm).append(modeOfUse)
                .append(keyVersion).append(exportability).append(digits(optionalBlocks.size(), 2, 10)).append(reserved);
        for (var optional : optionalBlocks) {
            text.append(optional.id()).append(digits(optional.length(), 2, 16)).append(optional.data());
        }

        return text.toString();
    }

    /**
     * Returns the header's bytes as the authenticator covers them.
     *
     * @param blockLength the whole block's length in characters.
     * @return the ASCII bytes.
     */
    byte[] bytes(int blockLength) {
        return text(blockLength).getBytes(StandardCharsets.US_ASCII);
    }

    static CryptoException problem(char version, String usage, char algorithm, char modeOfUse,
            String keyVersion, char exportability, String reserved) {
        if (VERSIONS.indexOf(version) < 0) {
            return new CryptoException(ErrorCode.INVALID_KEY_BLOCK_VERSION, "key block version " + printableChar(version)
                    + " is none of " + VERSIONS);
        }
        if (usage == null || !usage.matches("[0-9A-Z]{2}")) {
            return new CryptoException(ErrorCode.INVALID_KEY_USAGE, "a key usage is two letters or digits");
        }
        if (ALGORITHMS.indexOf(algorithm) < 0) {
            return new CryptoException(ErrorCode.INVALID_ALGORITHM, "algorithm " + printableChar(algorithm)
                    + " is none of " + ALGORITHMS);
        }
        if (MODES.indexOf(modeOfUse) < 0) {
            return new CryptoException(ErrorCode.INVALID_MODE_OF_USE, "mode of use " + printableChar(modeOfUse)
                    + " is none of " + MODES);
        }
        if (keyVersion == null || !keyVersion.matches("[0-9A-Za-z]{2}")) {
            return new CryptoException(ErrorCode.INVALID_KEY_VERSION, "a key version is two letters or digits");
        }
        if (EXPORTS.indexOf(exportability) < 0) {
            return new CryptoException(ErrorCode.INVALID_EXPORTABILITY, "exportability "
                    + printableChar(exportability) + " is none of " + EXPORTS);
        }
        if (reserved == null || !reserved.matches("[0-9A-Z]{2}")) {
            return new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "the header ends with two letters or digits");
        }

        return null;
    }

    private static String digits(int value, int width, int radix) {
        var text = Integer.toString(value, radix).toUpperCase(Locale.ROOT);

        return "0".repeat(Math.max(0, width - text.length())) + text;
    }

    private static int hexLength(String field) throws CryptoException {
        if (!field.matches("[0-9A-F]{2}")) {
            throw new CryptoException(ErrorCode.OPTIONAL_BLOCK_ERROR, "an optional block's length is two hex digits");
        }

        return Integer.parseInt(field, 16);
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    private static String printableChar(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
