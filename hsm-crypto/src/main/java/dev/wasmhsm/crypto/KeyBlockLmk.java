package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Destroyable;

/**
 * A key-block LMK in its slot: an AES-256 key (Thales key blocks of version {@code 1}) or a triple-length 3DES key
 * (version {@code 0}), with the two-digit identifier that every block under it carries in its header. It reads only
 * blocks of its own version and identifier, and writes its identifier into every block.
 *
 * <p>Its check value: for AES the first 6 hex digits of the CMAC of the empty message, which gives {@code 9D04A0}
 * for the AES test LMK as public sources report. For 3DES no public method reproduces the value reported for the 3DES
 * test LMK, so it is this product's own: the first 6 hex digits of 8 zero bytes encrypted with the LMK.
 *
 * <p>Verified blocks are remembered by their exact text ({@value #CACHED_BLOCKS} at most, each of at most
 * {@value #CACHEABLE_LENGTH} characters), so that the key a client sends with every request is checked once: the
 * same text always verifies the same way, so a remembered block answers as its first check did. Checking a block
 * costs tens of microseconds (key derivation, decryption and CMAC), several times a variant key's. The cache holds
 * those keys in the clear for as long as the LMK is loaded, beside the LMK itself; {@link #destroy} wipes them
 * (when the cache is full it is emptied, and those entries are left to the garbage collector).
 */
public final class KeyBlockLmk implements Destroyable {
    /** The most verified blocks remembered. */
    static final int CACHED_BLOCKS = 1024;

    /** The longest block remembered, in characters: a 32-byte key with an optional block or two. */
    static final int CACHEABLE_LENGTH = 512;

    /** The AES test key-block LMK of public material (../shared/payshield/KEYBLOCK.md). */
    private static final String AES_TEST = "9B71333A13F9FAE72F9D0E2DAB4AD6784718012F9244033F3F26A2DE0C8AA11A";

    private final String id;
    private final ClearKey key;
    private final boolean test;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** A block that verified: its header and its key's bytes. */
    private record Verified(KeyBlockHeader header, byte[] key) {
    }

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

    /**
     * Tells whether a key is the public AES test key-block LMK.
     *
     * @param key the key's bytes.
     * @return whether they are the test LMK's.
     */
    public static boolean isPublicTestKey(byte[] key) {
        var test = HexFormat.of().parseHex(AES_TEST);
        try {
            return MessageDigest.isEqual(test, key);
        } finally {
            Bytes.wipe(test);
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
        var known = verified.get(block);
        if (known != null) {
            return new KeyBlockCipher.Unwrapped(known.header(), ClearKey.of(known.key()));
        }
        var unwrapped = check(block);
        if (block.length() <= CACHEABLE_LENGTH) {
            if (verified.size() >= CACHED_BLOCKS) {
                // Not wiped: another call may be copying an entry now; the collector takes them.
                verified.clear();
            }
            verified.put(block, new Verified(unwrapped.header(), unwrapped.key().bytes()));
        }

        return unwrapped;
    }

    private KeyBlockCipher.Unwrapped check(String block) throws CryptoException {
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
        for (var entry : verified.values()) {
            Bytes.wipe(entry.key());
        }
        verified.clear();
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
