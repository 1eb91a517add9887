package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Des;
import dev.wasmhsm.crypto.Iso9797Mac;
import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/** The data host functions of plugins/include/hsm_host.h: DES/3DES encryption, ISO 9797-1 MACs, random bytes. */
final class DataImports {
    private static final int BLOCK = 8;

    private DataImports() {
    }

    /**
     * {@code crypt(key, encrypt, mode, iv, in, len, out) -> len}; in CBC mode the iv is updated in place. The key
     * must be typed ZEK (00A) or DEK/TEK (00B), and not used as a KEK in the call (29 otherwise).
     */
    static int crypt(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var key = keys.cryptKey(a[0]);
        boolean encrypt = flag(a[1], "encrypt");
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
     * typed TAK (003) or ZAK (008), of any length, or EMV-derived, and not used as a KEK in the call (29 otherwise).
     */
    static int mac(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var key = keys.macKey(a[0]);
        var algorithm = Iso9797Mac.Algorithm.of(a[1]);
        var padding = Iso9797Mac.Padding.of(a[2]);
        var iv = a[3] == 0 ? null : memory.read(a[3], BLOCK);
        var mac = Iso9797Mac.mac(key, algorithm, padding, iv, memory.read(a[4], a[5]));
        memory.write(a[6], mac);

        return mac.length;
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
