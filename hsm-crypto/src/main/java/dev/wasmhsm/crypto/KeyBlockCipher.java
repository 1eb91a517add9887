package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;

/**
 * Wraps and unwraps keys in key blocks: TR-31 (ANSI X9.143) versions A to D under a key block protection key, and
 * Thales's versions 0 and 1 under a key-block LMK.
 *
 * <ul>
 * <li>Variant binding (TR-31 A and C, Thales 0; 3DES): the encryption key is the protection key with every byte
 * XORed with {@code 45}, the authentication key with {@code 4D}; the key data is encrypted in CBC mode with the
 * header's first 8 bytes as initial value; the authenticator is the first 4 bytes of a 3DES CBC-MAC over the
 * header (its characters) and the encrypted key data (its bytes).</li>
 * <li>Derivation binding (TR-31 B on 3DES, D on AES): the two keys are derived from the protection key by CMAC in
 * counter mode; the authenticator is the CMAC of the header and the clear key data (8 bytes for B, 16 for D), and
 * the initial value of the CBC encryption.</li>
 * <li>Thales 1 (AES LMK): the keys are derived as in D; the key data is encrypted in CBC mode with the header's
 * first 16 bytes as initial value, and the authenticator is the first 8 bytes of the CMAC of the header and the
 * encrypted key data.</li>
 * </ul>
 * The key data is the key's length in bits (2 bytes), the key, and padding to the cipher's block.
 */
public final class KeyBlockCipher {
    private KeyBlockCipher() {
    }

    /**
     * A key out of its block.
     *
     * @param header the block's header, which says what the key may do.
     * @param key the clear key; the caller destroys it.
     */
    public record Unwrapped(KeyBlockHeader header, ClearKey key) {
    }

    /** The two keys a protection key gives a block. */
    private record BlockKeys(ClearKey encryption, ClearKey authentication) {
        void destroy() {
            encryption.destroy();
            authentication.destroy();
        }
    }

    /** How a version binds the header to the key. */
    private enum Binding {
        VARIANT(8, 4, false),
        DERIVED_DES(8, 8, true),
        DERIVED_AES(16, 16, true),
        THALES_AES(16, 8, false);

        private final int blockSize;
        private final int macLength;
        private final boolean macOverClearData;

        Binding(int blockSize, int macLength, boolean macOverClearData) {
            this.blockSize = blockSize;
            this.macLength = macLength;
            this.macOverClearData = macOverClearData;
        }

        static Binding of(char version) throws CryptoException {
            return switch (version) {
                case 'A', 'C', '0' -> VARIANT;
                case 'B' -> DERIVED_DES;
                case 'D' -> DERIVED_AES;
                case '1' -> THALES_AES;
                default -> throw new CryptoException(ErrorCode.INVALID_KEY_BLOCK_VERSION, "no key block version "
                        + version);
            };
        }

        boolean aes() {
            return this == DERIVED_AES || this == THALES_AES;
        }

        void requireProtectionKey(ClearKey key) throws CryptoException {
            boolean fits = aes() ? key.length() == 16 || key.length() == 24 || key.length() == 32
                    : key.length() == 16 || key.length() == 24;
            if (!fits) {
                throw new CryptoException(ErrorCode.INVALID_WRAPPING_KEY, "a " + key.length() + "-byte key cannot"
                        + " protect a key block of this version");
            }
            var raw = key.raw();
            boolean repeats = !aes() && (Arrays.equals(raw, 0, 8, raw, 8, 16)
                    || raw.length == 24 && Arrays.equals(raw, 8, 16, raw, 16, 24));
            if (repeats) {
                throw new CryptoException(ErrorCode.INVALID_WRAPPING_KEY, "a 3DES protection key whose parts repeat"
                        + " is single DES");
            }
        }

        BlockKeys keys(ClearKey protectionKey) throws CryptoException {
            if (this == VARIANT) {
                return new BlockKeys(variant(protectionKey, 0x45), variant(protectionKey, 0x4D));
            }

            return new BlockKeys(derive(protectionKey, 0x0000), derive(protectionKey, 0x0001));
        }

        /** The TR-31 / X9.143 derivation: CMAC over counter, usage, separator, algorithm and length. */
        private ClearKey derive(ClearKey protectionKey, int usage) throws CryptoException {
            int bytes = protectionKey.length();
            int algorithm = aes() ? (bytes == 16 ? 2 : bytes == 24 ? 3 : 4) : (bytes == 16 ? 0 : 1);
            int bits = bytes * 8;
            var derived = new byte[bytes];
            int macSize = aes() ? 16 : 8;
            for (int counter = 1; (counter - 1) * macSize < bytes; counter++) {
                var input = new byte[] {(byte) counter, (byte) (usage >>> 8), (byte) usage, 0,
                    (byte) (algorithm >>> 8), (byte) algorithm, (byte) (bits >>> 8), (byte) bits};
                var block = aes() ? Cmac.aes(protectionKey, input) : Cmac.tripleDes(protectionKey, input);
                System.arraycopy(block, 0, derived, (counter - 1) * macSize, Math.min(macSize,
                        bytes - (counter - 1) * macSize));
                Bytes.wipe(block);
            }

            return ClearKey.wrap(derived);
        }

        private static ClearKey variant(ClearKey key, int mask) {
            var bytes = key.bytes();
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] ^= (byte) mask;
            }

            return ClearKey.wrap(bytes);
        }

        byte[] mac(ClearKey key, byte[] data) throws CryptoException {
            return switch (this) {
                case VARIANT -> Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_1, Iso9797Mac.Padding.METHOD_1,
                        null, data);
                case DERIVED_DES -> Cmac.tripleDes(key, data);
                case DERIVED_AES, THALES_AES -> Cmac.aes(key, data);
            };
        }

        byte[] encrypt(ClearKey key, byte[] iv, byte[] data) throws CryptoException {
            return aes() ? ThreadCiphers.AES_CBC.run(Cipher.ENCRYPT_MODE, key.raw(),
                    new IvParameterSpec(iv), data) : Des.encryptCbc(key, iv, data);
        }

        byte[] decrypt(ClearKey key, byte[] iv, byte[] data) throws CryptoException {
            return aes() ? ThreadCiphers.AES_CBC.run(Cipher.DECRYPT_MODE, key.raw(),
                    new IvParameterSpec(iv), data) : Des.decryptCbc(key, iv, data);
        }
    }

    /**
     * Checks a block's authenticator and decrypts its key. The protection key's own algorithm decides the versions
     * it may open, so a sender cannot pick a weaker binding: a 3DES key opens B, C and 0, an AES key D and 1.
     * Version A (variant binding with a 4-byte authenticator, deprecated) is refused.
     *
     * @param protectionKey the key block protection key (a KEK, or the key-block LMK).
     * @param protectionAlgorithm {@code T} when it is a 3DES key, {@code A} when it is an AES key.
     * @param block the whole block.
     * @return the header and the key.
     * @throws CryptoException with A4 when the authenticator does not verify, BE for a version the protection key
     *     may not open, BB for a protection key unfit for it (its length, or equal 3DES halves), A5 for a key that
     *     does not fit its algorithm or is stronger than its protection key, B2 for a malformed block, or the
     *     header's error code.
     */
    public static Unwrapped unwrap(ClearKey protectionKey, char protectionAlgorithm, String block)
            throws CryptoException {
        return unwrap(protectionKey, protectionAlgorithm, block, false);
    }

    /** As {@link #unwrap(ClearKey, char, String)}, and version A too when asked (the published vectors). */
    static Unwrapped unwrap(ClearKey protectionKey, char protectionAlgorithm, String block, boolean versionA)
            throws CryptoException {
        var header = KeyBlockHeader.parse(block);
        var binding = Binding.of(header.version());
        requireVersion(header.version(), protectionAlgorithm, versionA);
        binding.requireProtectionKey(protectionKey);
        int macHex = 2 * binding.macLength;
        var body = block.substring(header.length(), block.length() - Math.min(macHex, block.length()
                - header.length()));
        if (block.length() - header.length() < macHex || body.length() % (2 * binding.blockSize) != 0
                || body.isEmpty()) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "the key block's encrypted key data is not whole "
                    + binding.blockSize + "-byte blocks and an authenticator");
        }
        var encrypted = hex(body);
        var mac = hex(block.substring(block.length() - macHex));
        // The header as received (checked printable ASCII): what the authenticator covers.
        var headerBytes = block.substring(0, header.length()).getBytes(StandardCharsets.US_ASCII);
        var keys = binding.keys(protectionKey);
        byte[] clear = null;
        try {
            byte[] expected;
            if (binding.macOverClearData) {
                clear = binding.decrypt(keys.encryption(), mac, encrypted);
                var covered = Bytes.concat(headerBytes, clear);
                expected = binding.mac(keys.authentication(), covered);
                Bytes.wipe(covered);
            } else {
                expected = binding.mac(keys.authentication(), Bytes.concat(headerBytes, encrypted));
                clear = binding.decrypt(keys.encryption(), Arrays.copyOf(headerBytes, binding.blockSize), encrypted);
            }
            if (!MessageDigest.isEqual(Arrays.copyOf(expected, binding.macLength), mac)) {
                throw new CryptoException(ErrorCode.KEY_BLOCK_AUTHENTICATION, "the key block's authenticator does"
                        + " not verify");
            }

            var key = keyOf(clear);
            try {
                requireFits(header, key, protectionAlgorithm, protectionKey);
            } catch (CryptoException e) {
                key.destroy();
                throw e;
            }

            return new Unwrapped(header, key);
        } finally {
            keys.destroy();
            Bytes.wipe(clear);
        }
    }

    /**
     * Wraps a key with random padding.
     *
     * @param protectionKey the key block protection key.
     * @param protectionAlgorithm {@code T} for a 3DES protection key, {@code A} for an AES one.
     * @param header the header; its length field is written here.
     * @param key the key.
     * @param random the source of the padding.
     * @return the block.
     * @throws CryptoException with BE for a version the protection key may not write, BB for a protection key unfit
     *     for it, A5 for a key that does not fit the header's algorithm or is stronger than its protection key.
     */
    public static String wrap(ClearKey protectionKey, char protectionAlgorithm, KeyBlockHeader header, ClearKey key,
            RandomSource random) throws CryptoException {
        var binding = Binding.of(header.version());
        var padding = new byte[padLength(binding, key)];
        random.nextBytes(padding);

        return wrap(protectionKey, protectionAlgorithm, header, key, padding);
    }

    /**
     * Wraps a key with the given padding, for the published vectors.
     *
     * @param protectionKey the key block protection key.
     * @param protectionAlgorithm {@code T} or {@code A}.
     * @param header the header.
     * @param key the key.
     * @param padding the padding bytes, as many as the key data needs.
     * @return the block.
     * @throws CryptoException as {@link #wrap(ClearKey, char, KeyBlockHeader, ClearKey, RandomSource)} does.
     */
    static String wrap(ClearKey protectionKey, char protectionAlgorithm, KeyBlockHeader header, ClearKey key,
            byte[] padding) throws CryptoException {
        var binding = Binding.of(header.version());
        requireVersion(header.version(), protectionAlgorithm, false);
        binding.requireProtectionKey(protectionKey);
        requireFits(header, key, protectionAlgorithm, protectionKey);
        if (padding.length != padLength(binding, key)) {
            throw new IllegalArgumentException("the key data needs " + padLength(binding, key) + " bytes of padding");
        }
        var raw = key.raw();
        var clear = new byte[2 + raw.length + padding.length];
        clear[0] = (byte) (raw.length * 8 >>> 8);
        clear[1] = (byte) (raw.length * 8);
        System.arraycopy(raw, 0, clear, 2, raw.length);
        System.arraycopy(padding, 0, clear, 2 + raw.length, padding.length);
        int length = header.length() + 2 * clear.length + 2 * binding.macLength;
        if (length > 9999) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "a key block has at most 9999 characters");
        }
        var headerBytes = header.bytes(length);
        var keys = binding.keys(protectionKey);
        try {
            byte[] encrypted;
            byte[] mac;
            if (binding.macOverClearData) {
                var covered = Bytes.concat(headerBytes, clear);
                mac = Arrays.copyOf(binding.mac(keys.authentication(), covered), binding.macLength);
                Bytes.wipe(covered);
                encrypted = binding.encrypt(keys.encryption(), mac, clear);
            } else {
                encrypted = binding.encrypt(keys.encryption(), Arrays.copyOf(headerBytes, binding.blockSize), clear);
                mac = Arrays.copyOf(binding.mac(keys.authentication(), Bytes.concat(headerBytes, encrypted)),
                        binding.macLength);
            }

            return header.text(length) + new String(Hex.encode(encrypted), StandardCharsets.US_ASCII)
                    + new String(Hex.encode(mac), StandardCharsets.US_ASCII);
        } finally {
            keys.destroy();
            Bytes.wipe(clear);
        }
    }

    private static int padLength(Binding binding, ClearKey key) {
        int data = 2 + key.length();

        return (binding.blockSize - data % binding.blockSize) % binding.blockSize;
    }

    /** Lets a 3DES protection key open or write B, C and 0 (A only when asked), an AES one D and 1. */
    private static void requireVersion(char version, char protectionAlgorithm, boolean versionA)
            throws CryptoException {
        var allowed = switch (protectionAlgorithm) {
            case 'T' -> versionA ? "ABC0" : "BC0";
            case 'A' -> "D1";
            default -> throw new IllegalArgumentException("a protection key is T (3DES) or A (AES), not "
                    + protectionAlgorithm);
        };
        if (allowed.indexOf(version) < 0) {
            throw new CryptoException(ErrorCode.INVALID_KEY_BLOCK_VERSION, "a " + (protectionAlgorithm == 'T'
                    ? "3DES" : "AES") + " protection key takes key blocks of version " + String.join(", ",
                    allowed.split("")) + ", not " + version);
        }
    }

    /**
     * Refuses a key whose length the header's algorithm cannot have, and one stronger than its protection key
     * (X9.24-1: a key is protected by one at least as strong).
     */
    private static void requireFits(KeyBlockHeader header, ClearKey key, char protectionAlgorithm,
            ClearKey protectionKey) throws CryptoException {
        boolean fits = switch (header.algorithm()) {
            case 'A' -> key.length() == 16 || key.length() == 24 || key.length() == 32;
            case 'T' -> key.length() == 16 || key.length() == 24;
            case 'D' -> key.length() == 8;
            default -> true;
        };
        if (!fits) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "a " + key.length() + "-byte key does not fit"
                    + " algorithm " + header.algorithm());
        }
        if (strength(header.algorithm(), key.length()) > strength(protectionAlgorithm, protectionKey.length())) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "a key stronger than its protection key");
        }
    }

    /** Security strength in bits (NIST SP 800-57): DES 56, 2-key 3DES 80, 3-key 112, AES its length. */
    private static int strength(char algorithm, int length) {
        return switch (algorithm) {
            case 'A' -> 8 * length;
            case 'T' -> length == 24 ? 112 : 80;
            case 'D' -> 56;
            default -> 0;
        };
    }

    private static ClearKey keyOf(byte[] clear) throws CryptoException {
        int bits = (clear[0] & 0xFF) << 8 | clear[1] & 0xFF;
        if (bits == 0 || bits % 64 != 0 || 2 + bits / 8 > clear.length) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "the key block's key length field is wrong");
        }

        var bytes = Arrays.copyOfRange(clear, 2, 2 + bits / 8);
        try {
            return ClearKey.of(bytes);
        } catch (CryptoException e) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "the key block's key is " + bytes.length
                    + " bytes");
        } finally {
            Bytes.wipe(bytes);
        }
    }

    private static byte[] hex(String text) throws CryptoException {
        if (!text.matches("[0-9A-F]*")) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_ERROR, "a key block's key data and authenticator are"
                    + " upper-case hex");
        }

        return Hex.decode(text);
    }
}
