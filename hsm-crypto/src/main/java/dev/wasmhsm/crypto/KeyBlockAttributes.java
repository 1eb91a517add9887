package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.List;

/**
 * The key-block attributes a command asks a new key to have, as payShield's {@code #} field gives them: key usage
 * (2), algorithm (2: a letter and a length, {@code T2} double-length 3DES, {@code T3} triple, {@code A1} to
 * {@code A3} AES-128 to AES-256), mode of use (1), key version (2), exportability (1) and the number of optional
 * blocks (2, {@code 00} only: this product writes no optional block yet).
 *
 * @param header the header those attributes make, under an LMK's version and identifier.
 * @param keyLength the key length in bytes the algorithm field names.
 */
public record KeyBlockAttributes(KeyBlockHeader header, int keyLength) {
    /** The length of the field after {@code #}. */
    public static final int LENGTH = 10;

    /**
     * Parses the field.
     *
     * @param field the 10 characters after {@code #}.
     * @param version the block version of the LMK the key goes under.
     * @param lmkId the LMK's identifier.
     * @return the attributes.
     * @throws CryptoException with the key-block error code of the first field that is wrong (A6, A7, A8, A9, AA,
     *     AB), or 15 for a field of another length.
     */
    public static KeyBlockAttributes parse(String field, char version, String lmkId) throws CryptoException {
        if (field.length() != LENGTH) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "key-block attributes are " + LENGTH + " characters");
        }
        char algorithm = field.charAt(2);
        int keyLength = keyLength(algorithm, field.charAt(3));
        var problem = KeyBlockHeader.problem(version, field.substring(0, 2), algorithm, field.charAt(4),
                field.substring(5, 7), field.charAt(7), lmkId);
        if (problem != null) {
            throw problem;
        }
        if (!"00".equals(field.substring(8, 10))) {
            throw new CryptoException(ErrorCode.INVALID_OPTIONAL_BLOCK_COUNT, "new keys get no optional blocks: the"
                    + " count is 00");
        }

        return new KeyBlockAttributes(new KeyBlockHeader(version, field.substring(0, 2), algorithm, field.charAt(4),
                field.substring(5, 7), field.charAt(7), lmkId, List.of()), keyLength);
    }

    private static int keyLength(char algorithm, char length) throws CryptoException {
        return switch (new String(new char[] {algorithm, length})) {
            case "T2" -> 16;
            case "T3" -> 24;
            case "A1" -> 16;
            case "A2" -> 24;
            case "A3" -> 32;
            default -> throw new CryptoException(ErrorCode.INVALID_ALGORITHM, "the algorithm field is none of T2, T3,"
                    + " A1, A2, A3");
        };
    }
}
