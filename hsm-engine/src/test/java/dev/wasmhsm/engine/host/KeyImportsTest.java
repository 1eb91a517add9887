package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyImportsTest {
    private static final String ZPK_U = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String ZMK_U = "U71979DEB8587E2734F1E99D5DCAEF9AC";
    private static final String ZPK_UNDER_ZMK_X = "XC8E3118AFA853807EB7E92294663A5BA";

    @Test
    void keyFromLmkThenItsCheckValue() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int key = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int out = guest.buffer(16);

            assertEquals(1, key);
            assertEquals(16, guest.call("key_check_value", key, out, 16));
            assertEquals("6F1E3F74F826B7EB", guest.text(out, 16));
            assertEquals(6, guest.call("key_check_value", key, out, 6));
            assertEquals(16, guest.call("key_length", key));
            assertEquals(1, guest.call("key_parity_ok", key));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0F1, " + ZPK_U + ", -4",
        "002, " + ZPK_U + ", -10",
        "001, Q1EF828AA8F6B80EB83E19FBC373F3A85, -26",
        "001, U1EF828AA8F6B80EB, -27",
        "001, U1EF828AA8F6B80EB83E19FBC373F3A8, -15",
        "001, U1EF828AA8F6B80EB83E19FBC373F3AZZ, -15",
    })
    void keyFromLmkRefusals(String type, String field, int result) {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            assertEquals(result, guest.call("key_from_lmk", guest.put(type), guest.put(field), field.length()));
        }
    }

    @ParameterizedTest
    @CsvSource({"65530, 33", "-16, 33", "16, -1", "65536, 0"})
    void pointersOutsideMemoryAreError15NotATrap(long pointer, int length) {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            assertEquals(-15, guest.call("key_from_lmk", guest.put("001"), pointer, length));
            assertEquals(-15, guest.call("random", pointer, length == 0 ? 1 : length));
        }
    }

    @Test
    void generateUnderTheLmkAndUnderTheZmkWithTheRandomSourceFixedToCd() {
        try (var guest = new Guest(RandomSource.fixedForConformanceTests((byte) 0xCD), SecurityProfile.LEGACY)) {
            var zmkField = "U4C94ED3CBF0597C848000A85A55C2E54";
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkField), zmkField.length());
            int key = guest.call("key_generate", 16);
            int out = guest.buffer(49);

            assertEquals(33, guest.call("key_to_lmk", key, guest.put("001"), 'U', out, 49));
            assertEquals("U37C214786596A294ED92DBA27208C13B", guest.text(out, 33));
            assertEquals(33, guest.call("key_to_kek", key, zmk, 'X', 0, out, 33));
            assertEquals("X6A4BF2BD845FCBD66A4BF2BD845FCBD6", guest.text(out, 33));
            assertEquals(6, guest.call("key_check_value", key, out, 6));
            assertEquals("18EC38", guest.text(out, 6));
        }
    }

    @Test
    void keyToLmkRefusals() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int key = guest.call("key_generate", 16);
            int type = guest.put("001");
            int out = guest.buffer(33);

            assertEquals(-15, guest.call("key_to_lmk", key, type, 'U', out, 32));
            assertEquals(-27, guest.call("key_to_lmk", key, type, 'Z', out, 33));
            assertEquals(-26, guest.call("key_to_lmk", key, type, 'Q', out, 33));
            assertEquals(-4, guest.call("key_to_lmk", key, guest.put("0G1"), 'U', out, 33));
            assertEquals(-15, guest.call("key_to_lmk", 9, type, 'U', out, 33));
            assertEquals(-5, guest.call("key_generate", 7));
        }
    }

    @Test
    void importUnderAZmkAsA6Does() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            var zmkField = "U71979DEB8587E2734F1E99D5DCAEF9AC";
            var keyField = "XC8E3118AFA853807EB7E92294663A5BA";
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkField), zmkField.length());
            int key = guest.call("key_from_kek", zmk, guest.put(keyField), keyField.length(), 0);
            int out = guest.buffer(33);

            assertEquals(33, guest.call("key_to_lmk", key, guest.put("001"), 'U', out, 33));
            assertEquals(ZPK_U, guest.text(out, 33));
            assertEquals(-10, guest.call("key_from_kek", 7, guest.put(keyField), keyField.length(), 0));
            assertEquals(-15, guest.call("key_from_kek", zmk, guest.put(keyField), keyField.length(), 32));
        }
    }

    /**
     * The ZPK of the vectors (clear C7152C20BC2C830EA7EC9E8334ABE3FE) with byte 0 made even (C6), under the ZMK:
     * the handle reports the bad parity, but holds the adjusted key, which is what goes under the LMK and the ZMK.
     */
    @Test
    void keyImportedWithBadParityIsHeldAdjustedAndReportedAsBad() throws CryptoException {
        var clearZmk = new LmkKeyCipher(LmkSet.testLmk()).decrypt(KeyType.parse("000"), KeyField.parse(ZMK_U));
        var evenKey = ClearKey.of(Hex.decode("C6152C20BC2C830EA7EC9E8334ABE3FE"));
        var keyField = KekKeyCipher.encrypt(clearZmk, KeyScheme.X, evenKey, 0).toString();
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(ZMK_U), ZMK_U.length());
            int key = guest.call("key_from_kek", zmk, guest.put(keyField), keyField.length(), 0);
            int out = guest.buffer(33);

            assertEquals(0, guest.call("key_parity_ok", key));
            assertEquals(1, guest.call("key_parity_ok", zmk));
            assertEquals(16, guest.call("key_check_value", key, out, 16));
            assertEquals("6F1E3F74F826B7EB", guest.text(out, 16));
            assertEquals(33, guest.call("key_to_lmk", key, guest.put("001"), 'U', out, 33));
            assertEquals(ZPK_U, guest.text(out, 33));
            int stored = guest.call("key_from_lmk", guest.put("001"), out, 33);
            assertEquals(1, guest.call("key_parity_ok", stored));
            assertEquals(33, guest.call("key_to_kek", key, zmk, 'X', 0, out, 33));
            assertEquals(ZPK_UNDER_ZMK_X, guest.text(out, 33));
            int again = guest.call("key_from_kek", zmk, out, 33, 0);
            assertEquals(1, guest.call("key_parity_ok", again));
            assertEquals(16, guest.call("key_check_value", again, out, 16));
            assertEquals("6F1E3F74F826B7EB", guest.text(out, 16));
        }
        assertEquals("C6152C20BC2C830EA7EC9E8334ABE3FE", Hex.toText(evenKey.bytes()));
    }

    @Test
    void keyImportedWithOddParityIsReportedAsGood() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(ZMK_U), ZMK_U.length());
            int key = guest.call("key_from_kek", zmk, guest.put(ZPK_UNDER_ZMK_X), ZPK_UNDER_ZMK_X.length(), 0);

            assertEquals(1, guest.call("key_parity_ok", key));
            assertEquals(-15, guest.call("key_parity_ok", key + 1));
        }
    }

    @Test
    void kekWithAParityErrorIsRefused() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            var keyField = "XC8E3118AFA853807EB7E92294663A5BA";
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put("U71979DEB8587E2734F1E99D5DCAEF9AC"), 33);
            int badKek = guest.call("key_from_kek", zmk, guest.put("0000000000000000"), 16, 0);
            int out = guest.buffer(33);

            assertEquals(0, guest.call("key_parity_ok", badKek));
            assertEquals(-10, guest.call("key_from_kek", badKek, guest.put(keyField), keyField.length(), 0));
            assertEquals(-11, guest.call("key_to_kek", zmk, badKek, 'Z', 0, out, 33));
        }
    }

    @Test
    void handlesAndKeysEndWithTheCall() {
        int key;
        KeyHandles keys;
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            key = guest.call("key_generate", 24);
            keys = guest.keys();

            assertEquals(24, guest.call("key_length", key));
        }

        assertNull(KeyHandles.current());
        assertEquals(0, keys.size());
        var table = KeyHandles.open();
        try {
            assertThrows(IllegalStateException.class, KeyHandles::open);
        } finally {
            table.close();
        }
        assertNull(KeyHandles.current());
    }

    @Test
    void outsideACallEveryFunctionAnswers15() {
        var context = CryptoContext.testDefaults();
        var memory = new GuestMemory(new ByteArrayMemory(new MemoryLimits(1, 1)));

        assertEquals(-15, HostCall.invoke(KeyImports::keyGenerate, context, memory, 16));
    }

    @Test
    void tableHoldsAtMostItsLimit() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            for (int i = 0; i < KeyHandles.MAX_KEYS; i++) {
                assertTrue(guest.call("key_generate", 8) > 0);
            }

            assertEquals(-15, guest.call("key_generate", 8));
        }
    }
}
