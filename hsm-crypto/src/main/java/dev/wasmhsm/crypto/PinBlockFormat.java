package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/** The PIN block formats, by their Thales format codes. */
public enum PinBlockFormat {
    /** ISO 9564-1 format 0 (ANSI X9.8), Thales 01: control 0, length, PIN, F fill, XOR the account field. */
    ISO_0(1),
    /** IBM 3624 (Diebold), Thales 03: the PIN, then F fill. */
    IBM_3624(3),
    /** ISO 9564-1 format 1, Thales 05: control 1, length, PIN, random fill. */
    ISO_1(5),
    /** ISO 9564-1 format 3, Thales 47: control 3, length, PIN, random A-F fill, XOR the account field. */
    ISO_3(47),
    /** ISO 9564-1 format 4, Thales 48: a 16-byte block enciphered twice with AES around the PAN field. */
    ISO_4(48);

    private final int code;

    PinBlockFormat(int code) {
        this.code = code;
    }

    /**
     * Returns the format of a Thales format code.
     *
     * @param code 1, 3, 5, 47 or 48.
     * @return the format.
     * @throws CryptoException with error 23 for another code.
     */
    public static PinBlockFormat of(int code) throws CryptoException {
        for (var format : values()) {
            if (format.code == code) {
                return format;
            }
        }
        throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK_FORMAT, "invalid PIN block format code " + code);
    }

    /** @return the Thales format code. */
    public int code() {
        return code;
    }

    /** @return the block length in bytes: 8, or 16 for ISO format 4. */
    public int blockLength() {
        return this == ISO_4 ? 16 : 8;
    }
}
