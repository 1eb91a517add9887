package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Des;
import dev.wasmhsm.crypto.Iso9797Mac;
import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.protocol.ErrorCode;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The data host functions of plugins/include/hsm_host.h: DES/3DES encryption, ISO 9797-1 MACs computed or verified,
 * random bytes.
 */
final class DataImports {
    /** The {@code mac} algorithm that answers the chaining value of algorithm 1 (M6 and M8, modes 1 and 2). */
    static final int CHAIN_ALGORITHM_1 = 11;

    /** The {@code mac} algorithm that answers the chaining value of algorithm 3 (M6 and M8, modes 1 and 2). */
    static final int CHAIN_ALGORITHM_3 = 13;

    private static final int BLOCK = 8;

    private DataImports() {
    }

    /**
     * {@code crypt(key, encrypt, mode, iv, in, len, out) -> len}; in CBC mode the iv is updated in place. The key
     * must be a ZEK (00A) or a DEK/TEK (00B) (29 otherwise).
     */
    static int crypt(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        boolean encrypt = flag(a[1], "encrypt");
        var key = keys.cryptKey(a[0], encrypt ? Operation.ENCRYPT : Operation.DECRYPT);
        boolean cbc = flag(a[2], "mode");
        var data = memory.read(a[4], a[5]);
        memory.check(a[6], data.length);
        if (!cbc) {
            memory.write(a[6], encrypt ? Des.encryptEcb(key, data) : Des.decryptEcb(key, data));

            return data.length;
        }
        var iv = memory.read(a[3], BLOCK);
        var result = encrypt ? Des.encryptCbc(key, iv, data) : Des.decryptCbc(key, iv, data);
        var cipherText = encrypt ? result : data;
        memory.write(a[6], result);
        if (cipherText.length >= BLOCK) {
            memory.write(a[3], Arrays.copyOfRange(cipherText, cipherText.length - BLOCK, cipherText.length));
        }

        return data.length;
    }

    /**
     * {@code mac(key, algorithm, padding, iv, data, len, out) -> 8}; an iv pointer of 0 means zeros. The key must be
     * a TAK (003) or a ZAK (008) (29 otherwise). Algorithms {@value #CHAIN_ALGORITHM_1} and
     * {@value #CHAIN_ALGORITHM_3} answer the chaining value of algorithm 1 or 3 for a message that goes on in another
     * call (CBC under the key, or under its left part, without padding). With opaque chaining values (PCI) that value
     * is written encrypted under the key (3DES ECB), and every iv is such a value, decrypted before use.
     */
    static int mac(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var mac = compute(memory, keys, keys.macKey(a[0], Operation.GENERATE), a);
        memory.write(a[6], mac);

        return mac.length;
    }

    /**
     * {@code mac_verify(key, algorithm, padding, iv, data, len, mac, mac_len) -> 1 or 0}: whether the first mac_len
     * bytes (4 or 8) of the MAC are those offered; the true MAC stays in the host. Algorithm 1 or 3 only.
     */
    static int macVerify(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        if (a[7] != 4 && a[7] != BLOCK) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a MAC to verify has 4 or 8 bytes, not " + a[7]);
        }
        if (a[1] == CHAIN_ALGORITHM_1 || a[1] == CHAIN_ALGORITHM_3) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a chaining value is not verified");
        }
        var offered = memory.read(a[6], a[7]);
        var mac = Arrays.copyOf(compute(memory, keys, keys.macKey(a[0], Operation.VERIFY), a), a[7]);

        return MessageDigest.isEqual(mac, offered) ? 1 : 0;
    }

    private static byte[] compute(GuestMemory memory, KeyPolicy keys, ClearKey key, int[] a) throws CryptoException {
        boolean opaque = keys.profile().opaqueChainingValues();
        var iv = a[3] == 0 ? null : memory.read(a[3], BLOCK);
        if (iv != null && opaque) {
            iv = Des.decryptEcb(key, iv);
        }
        var data = memory.read(a[4], a[5]);
        if (a[1] != CHAIN_ALGORITHM_1 && a[1] != CHAIN_ALGORITHM_3) {
            return Iso9797Mac.mac(key, Iso9797Mac.Algorithm.of(a[1]), Iso9797Mac.Padding.of(a[2]), iv, data);
        }
        var chain = a[1] == CHAIN_ALGORITHM_1
                ? Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_1, Iso9797Mac.Padding.NONE, iv, data)
                : leftPartCbc(key, iv, data);

        return opaque ? Des.encryptEcb(key, chain) : chain;
    }

    /** The chaining value of algorithm 3: CBC under the key's left part, without padding. */
    private static byte[] leftPartCbc(ClearKey key, byte[] iv, byte[] data) throws CryptoException {
        if (key.length() < 2 * BLOCK) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "algorithm 3 needs a double-length key");
        }
        var left = key.part(0);
        try {
            var part = ClearKey.of(left);
            try {
                return Iso9797Mac.mac(part, Iso9797Mac.Algorithm.ALGORITHM_1, Iso9797Mac.Padding.NONE, iv, data);
            } finally {
                part.destroy();
            }
        } finally {
            Arrays.fill(left, (byte) 0);
        }
    }

    /** {@code random(out, len) -> len}. */
    static int random(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        memory.check(a[0], a[1]);
        var bytes = new byte[a[1]];
        context.random().nextBytes(bytes);
        memory.write(a[0], bytes);

        return bytes.length;
    }

    private static boolean flag(int value, String name) throws CryptoException {
        if (value != 0 && value != 1) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, name + " is 0 or 1, not " + value);
        }

        return value == 1;
    }
}
