package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ThreadCiphersTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aCachedCipherGivesWhatAFreshOneGivesWhateverRanBeforeOnTheThread() throws Exception {
        var first = ClearKey.of(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210"));
        var second = ClearKey.of(HEX.parseHex("89ABCDEF0123456776543210FEDCBA98"));
        var data = HEX.parseHex("00112233445566778899AABBCCDDEEFF");
        var iv = HEX.parseHex("0102030405060708");
        for (var round = 0; round < 3; round++) {
            assertArrayEquals(fresh("DESede/ECB/NoPadding", Cipher.ENCRYPT_MODE, first, null, data),
                    Des.encryptEcb(first, data));
            assertArrayEquals(fresh("DESede/ECB/NoPadding", Cipher.DECRYPT_MODE, second, null, data),
                    Des.decryptEcb(second, data));
            assertArrayEquals(fresh("DESede/CBC/NoPadding", Cipher.ENCRYPT_MODE, second, iv, data),
                    Des.encryptCbc(second, iv, data));
            assertArrayEquals(fresh("DESede/CBC/NoPadding", Cipher.DECRYPT_MODE, first, iv, data),
                    Des.decryptCbc(first, iv, data));
        }
    }

    @Test
    void aSingleKeyIsTripleDesWithTheKeyThreeTimes() throws Exception {
        var single = HEX.parseHex("0123456789ABCDEF");
        var data = HEX.parseHex("4E6F772069732074");
        var iv = HEX.parseHex("1234567890ABCDEF");
        var triple = ClearKey.of(HEX.parseHex("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"));
        assertArrayEquals(HEX.parseHex("3FA40E8A984D4815"), Des.encryptEcb(ClearKey.of(single), data));
        assertArrayEquals(Des.encryptCbc(triple, iv, data), Des.encryptCbc(ClearKey.of(single), iv, data));
        assertArrayEquals(data, Des.decryptCbc(ClearKey.of(single), iv, Des.encryptCbc(triple, iv, data)));
    }

    @Test
    void aRefusedKeyLeavesTheThreadsCipherUsable() throws Exception {
        var key = HEX.parseHex("000102030405060708090A0B0C0D0E0F");
        var data = new byte[16];
        assertThrows(IllegalStateException.class,
                () -> ThreadCiphers.AES_ECB.run(Cipher.ENCRYPT_MODE, new byte[17], null, data));
        assertArrayEquals(fresh("AES/ECB/NoPadding", Cipher.ENCRYPT_MODE, ClearKey.of(key), null, data),
                ThreadCiphers.AES_ECB.run(Cipher.ENCRYPT_MODE, key, null, data));
    }

    @Test
    void threadsDoNotShareACipher() throws Exception {
        var key = ClearKey.of(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210"));
        var data = HEX.parseHex("0011223344556677");
        var expected = fresh("DESede/ECB/NoPadding", Cipher.ENCRYPT_MODE, key, null, data);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var results = new ArrayList<Future<Boolean>>();
            for (var t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (var i = 0; i < 20_000; i++) {
                        if (!Arrays.equals(expected, Des.encryptEcb(key, data))) {
                            return false;
                        }
                    }

                    return true;
                }));
            }
            for (var result : results) {
                assertTrue(result.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] fresh(String transformation, int mode, ClearKey key, byte[] iv, byte[] data)
            throws GeneralSecurityException {
        var raw = key.raw();
        var expanded = new byte[24];
        if (raw.length == 16 && transformation.startsWith("DESede")) {
            System.arraycopy(raw, 0, expanded, 0, 16);
            System.arraycopy(raw, 0, expanded, 16, 8);
        } else {
            expanded = raw;
        }
        var cipher = Cipher.getInstance(transformation);
        var spec = new SecretKeySpec(expanded, transformation.substring(0, transformation.indexOf('/')));
        if (iv == null) {
            cipher.init(mode, spec);
        } else {
            cipher.init(mode, spec, new IvParameterSpec(iv));
        }

        return cipher.doFinal(data);
    }
}
