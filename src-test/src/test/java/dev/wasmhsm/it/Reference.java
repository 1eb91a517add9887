package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KeyBlockHeader;
import dev.wasmhsm.crypto.KeyBlockLmk;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expected values for the integration tests, computed without the server: keys under the standard test LMK with
 * the crypto core (hsm-crypto), and DES/3DES, ISO 9797-1 MACs, check values, keys under a ZMK and EMV option A
 * derivation written here again on the plain JCE, so that a reply is checked against an independent computation.
 */
final class Reference {
    /** The clear key every generated key is while the server's random source is fixed to bytes CD. */
    static final String FIXED_RANDOM_KEY = "CD".repeat(8);

    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final int BLOCK = 8;
    private static final LmkKeyCipher LMK = new LmkKeyCipher(LmkSet.testLmk());
    private static final int[] U_VARIANTS = {0xA6, 0x5A};

    private Reference() {
    }

    /**
     * Encrypts a clear key under the test LMK pair of a key type, as the server stores it.
     *
     * @param type the 3H key type code, such as {@code 001}.
     * @param scheme the key scheme letter: Z (written as bare 16H), U, T, X or Y.
     * @param clearHex the clear key, hex.
     * @return the key field as it is sent.
     */
    static String underLmk(String type, char scheme, String clearHex) {
        try {
            var key = ClearKey.of(HEX.parseHex(clearHex));
            try {
                return LMK.encrypt(KeyType.parse(type), KeyScheme.of(scheme), key).toString();
            } finally {
                key.destroy();
            }
        } catch (CryptoException e) {
            throw new IllegalArgumentException("cannot encrypt the key under the test lmk: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps a clear 3DES key as the server's AES test key-block LMK in slot 01 holds it: {@code S} and a Thales key
     * block of version 1, key version 00, no optional blocks.
     *
     * @param usage the key usage, such as {@code C0} or {@code 72}.
     * @param modeOfUse the mode of use, such as {@code C} or {@code V}.
     * @param exportability {@code E}, {@code N} or {@code S}.
     * @param clearHex the clear key, hex.
     * @return the key field as it is sent.
     */
    static String underKeyBlockLmk(String usage, char modeOfUse, char exportability, String clearHex) {
        try {
            var key = ClearKey.of(HEX.parseHex(clearHex));
            try {
                return "S" + KeyBlockLmk.aesTest("01").wrap(new KeyBlockHeader('1', usage, 'T', modeOfUse, "00",
                        exportability, "01", List.of()), key, RandomSource.secure());
            } finally {
                key.destroy();
            }
        } catch (CryptoException e) {
            throw new IllegalArgumentException("cannot wrap the key under the test key-block lmk: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts a clear double-length key under a clear double-length ZMK: scheme X (each half 3DES ECB) or U (the
     * same with byte 8 of the ZMK XORed with A6 for the left half and 5A for the right one).
     *
     * @param zmkHex the clear ZMK, 32H.
     * @param keyHex the clear key, 32H.
     * @param scheme X or U.
     * @return the key field, the scheme letter and 32H.
     */
    static String underZmk(String zmkHex, String keyHex, char scheme) {
        var key = HEX.parseHex(keyHex);
        var out = new StringBuilder().append(scheme);
        for (int part = 0; part < 2; part++) {
            var zmk = HEX.parseHex(zmkHex);
            if (scheme == 'U') {
                zmk[BLOCK] ^= (byte) U_VARIANTS[part];
            }
            out.append(HEX.formatHex(ecb(zmk, Arrays.copyOfRange(key, BLOCK * part, BLOCK * part + BLOCK), true)));
        }

        return out.toString();
    }

    /**
     * Returns a key's check value: the key encrypting a zero block.
     *
     * @param keyHex the clear key, 16H, 32H or 48H.
     * @return 16H.
     */
    static String checkValue(String keyHex) {
        return HEX.formatHex(ecb(HEX.parseHex(keyHex), new byte[BLOCK], true));
    }

    /**
     * DES (8-byte key), 2-key or 3-key 3DES in ECB mode, no padding.
     *
     * @param key 8, 16 or 24 bytes.
     * @param data whole blocks.
     * @param encrypt true to encrypt, false to decrypt.
     * @return the result.
     */
    static byte[] ecb(byte[] key, byte[] data, boolean encrypt) {
        return run(key, null, data, encrypt);
    }

    /**
     * DES or 3DES in CBC mode, no padding.
     *
     * @param key 8, 16 or 24 bytes.
     * @param iv the 8-byte initial value.
     * @param data whole blocks.
     * @param encrypt true to encrypt, false to decrypt.
     * @return the result.
     */
    static byte[] cbc(byte[] key, byte[] iv, byte[] data, boolean encrypt) {
        return run(key, iv, data, encrypt);
    }

    /**
     * Computes an ISO 9797-1 MAC: algorithm 1 (CBC-MAC under the whole key) or 3 (retail MAC: CBC under the left
     * half, then the last block decrypted under the right half and encrypted under the left one).
     *
     * @param key the key: 8, 16 or 24 bytes for algorithm 1, 16 for algorithm 3.
     * @param algorithm 1 or 3.
     * @param padding 0 none, 1 zeros (none when the data is whole blocks), 2 X'80 then zeros.
     * @param data the data.
     * @return the 8-byte MAC.
     */
    static byte[] mac(byte[] key, int algorithm, int padding, byte[] data) {
        var padded = switch (padding) {
            case 0 -> data;
            case 1 -> data.length % BLOCK == 0 ? data : Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
            default -> {
                var p = Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
                p[data.length] = (byte) 0x80;
                yield p;
            }
        };
        var chainKey = algorithm == 1 ? key : Arrays.copyOf(key, BLOCK);
        var chained = cbc(chainKey, new byte[BLOCK], padded, true);
        var last = Arrays.copyOfRange(chained, chained.length - BLOCK, chained.length);
        if (algorithm == 1) {
            return last;
        }
        var right = Arrays.copyOfRange(key, BLOCK, 2 * BLOCK);

        return ecb(chainKey, ecb(right, last, false), true);
    }

    /**
     * EMV option A: the card key (UDK) from an issuer master key and the 8 bytes of PAN and PAN sequence number.
     *
     * @param masterKey 16 bytes.
     * @param panPsn 8 bytes.
     * @return 3DES(MK, Y) || 3DES(MK, Y xor FF..FF).
     */
    static byte[] cardKey(byte[] masterKey, byte[] panPsn) {
        var inverted = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inverted[i] = (byte) ~panPsn[i];
        }

        return concat(ecb(masterKey, panPsn, true), ecb(masterKey, inverted, true));
    }

    /**
     * The EMV common session key (EMV 4.x book 2, A1.3) from the card key and the ATC.
     *
     * @param cardKey 16 bytes.
     * @param atc 2 bytes.
     * @return 3DES(UDK, ATC || F0 || 00*5) || 3DES(UDK, ATC || 0F || 00*5).
     */
    static byte[] sessionKey(byte[] cardKey, byte[] atc) {
        var left = new byte[BLOCK];
        var right = new byte[BLOCK];
        System.arraycopy(atc, 0, left, 0, 2);
        System.arraycopy(atc, 0, right, 0, 2);
        left[2] = (byte) 0xF0;
        right[2] = 0x0F;

        return concat(ecb(cardKey, left, true), ecb(cardKey, right, true));
    }

    /**
     * ARPC method 1.
     *
     * @param key the card or session key.
     * @param arqc 8 bytes.
     * @param arc 2 bytes.
     * @return 3DES(key, ARQC xor (ARC || 6 zero bytes)).
     */
    static byte[] arpc(byte[] key, byte[] arqc, byte[] arc) {
        var block = arqc.clone();
        block[0] ^= arc[0];
        block[1] ^= arc[1];

        return ecb(key, block, true);
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    /** Returns bytes as the one-byte-per-character text the client sends and reads (ISO 8859-1). */
    static String latin1(byte[] bytes) {
        return new String(bytes, ISO_8859_1);
    }

    /** Returns text from the wire with every byte outside printable ASCII written as {@code \xNN}, for messages. */
    static String printable(String wire) {
        var out = new StringBuilder();
        for (char c : wire.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\x%02X", (int) c));
            }
        }

        return out.toString();
    }

    /**
     * Flips the low bit of the last hex digit of a key field (or any hex field), which spoils the parity of a key
     * under the LMK: the last 8-byte block decrypts to other bytes.
     *
     * @param field the field.
     * @return the field with its last character changed.
     */
    static String flipLastBit(String field) {
        int last = field.length() - 1;
        int digit = Character.digit(field.charAt(last), 16) ^ 1;

        return field.substring(0, last) + Character.toUpperCase(Character.forDigit(digit, 16));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);

        return out;
    }

    private static byte[] run(byte[] key, byte[] iv, byte[] data, boolean encrypt) {
        try {
            var single = key.length == BLOCK;
            var material = single ? key : Arrays.copyOf(key, 24);
            if (key.length == 16) {
                System.arraycopy(key, 0, material, 16, BLOCK);
            }
            var algorithm = single ? "DES" : "DESede";
            var cipher = Cipher.getInstance(algorithm + (iv == null ? "/ECB/NoPadding" : "/CBC/NoPadding"));
            int mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            var spec = new SecretKeySpec(material, algorithm);
            if (iv == null) {
                cipher.init(mode, spec);
            } else {
                cipher.init(mode, spec, new IvParameterSpec(iv));
            }

            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the jce cannot run des", e);
        }
    }
}
