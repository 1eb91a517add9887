package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/**
 * A variant-LMK key type: a variant (0-9) and an LMK pair code (00 = 04-05, 01 = 06-07, 02 = 14-15, 03 = 16-17,
 * ... 0E = 38-39), written as the 3H code {@code <variant><pair code>}, such as {@code 001} (ZPK) or {@code 402}
 * (CVK). The types this product knows by name are {@link VariantKeyType}.
 *
 * @param variant the key-type variant, 0 to 9.
 * @param pairCode the LMK pair code, 0 to 14.
 */
public record KeyType(int variant, int pairCode) {
    /** The LMK pair PINs are encrypted under (02-03), as its index. */
    public static final int PIN_PAIR_INDEX = 1;

    private static final int MAX_PAIR_CODE = 0x0E;

    /**
     * Validates the type.
     *
     * @throws IllegalArgumentException when the variant or pair code is out of range.
     */
    public KeyType {
        if (variant < 0 || variant > 9 || pairCode < 0 || pairCode > MAX_PAIR_CODE) {
            throw new IllegalArgumentException("no key type has variant " + variant + " and pair code " + pairCode);
        }
    }

    /**
     * Parses a 3H key type code such as {@code 001} or {@code 402}.
     *
     * @param code the code.
     * @return the type.
     * @throws CryptoException with error 04 when it is no variant-LMK key type.
     */
    public static KeyType parse(String code) throws CryptoException {
        if (code == null || code.length() != 3 || code.charAt(1) != '0') {
            throw new CryptoException(ErrorCode.INVALID_KEY_TYPE, "a key type code is a digit, 0 and a pair code");
        }

        return of(code.charAt(0), code.charAt(2));
    }

    /**
     * Parses the 2-character key type code of the BU command: a variant digit and a one-digit pair code ({@code 02}
     * is 14-15, {@code 42} variant 4 of 14-15). The code {@code FF} (key type after a delimiter) is the caller's.
     *
     * @param code the two characters.
     * @return the type.
     * @throws CryptoException with error 04 when it is no key type.
     */
    public static KeyType parseBuCode(String code) throws CryptoException {
        if (code == null || code.length() != 2) {
            throw new CryptoException(ErrorCode.INVALID_KEY_TYPE, "a BU key type code has two characters");
        }

        return of(code.charAt(0), code.charAt(1));
    }

    /** @return the index of the LMK pair, 0 (00-01) to 19 (38-39). */
    public int lmkPairIndex() {
        return pairCode <= 1 ? pairCode + 2 : pairCode + 5;
    }

    /** @return the LMK pair as payShield writes it, such as {@code 14-15}. */
    public String lmkPair() {
        int index = lmkPairIndex();

        return String.format("%02d-%02d", 2 * index, 2 * index + 1);
    }

    /** @return the 3H code, such as {@code 402}. */
    public String code() {
        return String.format("%d0%X", variant, pairCode);
    }

    private static KeyType of(char variant, char pair) throws CryptoException {
        int pairCode = Character.digit(pair, 16);
        if (variant < '0' || variant > '9' || pairCode < 0 || pairCode > MAX_PAIR_CODE
                || Character.isLowerCase(pair)) {
            throw new CryptoException(ErrorCode.INVALID_KEY_TYPE, "invalid key type code " + variant + "0" + pair);
        }

        return new KeyType(variant - '0', pairCode);
    }
}
