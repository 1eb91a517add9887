package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * A key-block LMK in its slot: an AES-256 key (Thales key blocks of version {@code 1}) or a triple-length 3DES key
 * (version {@code 0}), with the two-digit identifier that every block under it carries in its header. It reads only
 * blocks of its own version and identifier, and writes its identifier into every block.
 *
 * <p>Its check value: for AES the first 6 hex digits of the CMAC of the empty message, which gives {@code 9D04A0}
 * for the AES test LMK as public sources report. For 3DES no public method reproduces the value reported for the 3DES
 * test LMK, so it is this product's own: the first 6 hex digits of 8 zero bytes encrypted with the LMK.
 */
public final class KeyBlockLmk implements Destroyable {
    /** The AES test key-block LMK of public material (../shared/payshield/KEYBLOCK.md). */
    private static final String AES_TEST = "9B71333A13F9FAE72F9D0E2DAB4AD6784718012F9244033F3F26A2DE0C8AA11A";

    private final String id;
    private final ClearKey key;
    private final boolean test;

    private KeyBlockLmk(String id, ClearKey key, boolean test) {
        this.id = id;
        this.key = key;
        this.test = test;
    }

    /**
     * Makes a key-block LMK.
     *
     * @param id its identifier, {@code 00} to {@code 99}.
     * @param key 32 bytes (AES-256) or 24 bytes (3DES); copied.
     * @param test whether it is a test LMK.
     * @return the LMK.
     * @throws IllegalArgumentException for another identifier or key length.
     */
    public static KeyBlockLmk of(String id, byte[] key, boolean test) {
        if (id == null || !id.matches("[0-9]{2}")) {
            throw new IllegalArgumentException("an LMK identifier is two digits, 00 to 99");
        }
        if (key.length != 32 && key.length != 24) {
            throw new IllegalArgumentException("a key-block LMK is an AES-256 key (32 bytes) or a 3DES key (24 bytes),"
                    + " not " + key.length + " bytes");
        }

        return new KeyBlockLmk(id, ClearKey.wrap(key.clone()), test);
    }

    /**
     * Returns the AES test key-block LMK in a slot.
     *
     * @param id the slot's identifier.
     * @return the test LMK.
     */
    public static KeyBlockLmk aesTest(String id) {
        var bytes = HexFormat.of().parseHex(AES_TEST);
        try {
            return of(id, bytes, true);
        } finally {
            Bytes.wipe(bytes);
        }
    }

    /** @return the identifier, two digits. */
    public String id() {
        return id;
    }

    /** @return whether it is a test LMK. */
    public boolean test() {
        return test;
    }

    /** @return the version of the blocks under it: {@code 1} for AES, {@code 0} for 3DES. */
    public char version() {
        return key.length() == 32 ? '1' : '0';
    }

    private char algorithm() {
        return version() == '1' ? 'A' : 'T';
    }

    /**
     * Returns the check value.
     *
     * @return 6 hex digits.
     * @throws CryptoException when the cipher refuses the key, which a valid LMK never makes it do.
     */
    public String checkValue() throws CryptoException {
        var value = version() == '1' ? Cmac.aes(key, new byte[0]) : Des.encryptEcb(key, new byte[8]);

        return new String(Hex.encode(value), StandardCharsets.US_ASCII).substring(0, 6);
    }

    /**
     * Reads a key block under this LMK.
     *
     * @param block the block, without the {@code S} that marks it on the wire.
     * @return the header and the clear key; the caller destroys the key.
     * @throws CryptoException with A1 for a block of the other LMK scheme, A3 for a block of another LMK identifier,
     *     A4 when its authenticator does not verify, or the header's error code.
     */
    public KeyBlockCipher.Unwrapped unwrap(String block) throws CryptoException {
        var header = KeyBlockHeader.parse(block);
        if (header.version() != version()) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_LMK_SCHEMES, "a key block of version "
                    + header.version() + " is not under this LMK's scheme (version " + version() + ")");
        }
        if (!header.reserved().equals(id)) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_BLOCK_LMK, "the key block names LMK "
                    + header.reserved() + ", not " + id);
        }

        return KeyBlockCipher.unwrap(key, algorithm(), block);
    }

    /**
     * Writes a key block under this LMK: the header's version and LMK identifier are this LMK's whatever it says.
     *
     * @param header the key's attributes.
     * @param clear the key.
     * @param random the source of the padding.
     * @return the block, without the {@code S}.
     * @throws CryptoException with A5 when the key does not fit the header's algorithm.
     */
    public String wrap(KeyBlockHeader header, ClearKey clear, RandomSource random) throws CryptoException {
        var own = new KeyBlockHeader(version(), header.usage(), header.algorithm(), header.modeOfUse(),
                header.keyVersion(), header.exportability(), id, header.optionalBlocks());

        return KeyBlockCipher.wrap(key, algorithm(), own, clear, random);
    }

    @Override
    public void destroy() {
        key.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return key.isDestroyed();
    }

    @Override
    public String toString() {
        return "KeyBlockLmk[" + id + ", " + (version() == '1' ? "AES" : "3DES") + (test ? ", test]" : "]");
    }
}
