package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmkSetTest {
    private static final String[] TEST_PAIRS = {
        "01010101010101017902CD1FD36EF8BA", "20202020202020203131313131313131", "40404040404040405151515151515151",
        "61616161616161617070707070707070", "80808080808080809191919191919191", "A1A1A1A1A1A1A1A1B0B0B0B0B0B0B0B0",
        "C1C1010101010101D0D0010101010101", "E0E0010101010101F1F1010101010101", "1C587F1C13924FEF0101010101010101",
        "01010101010101010101010101010101", "02020202020202020404040404040404", "07070707070707071010101010101010",
        "13131313131313131515151515151515", "16161616161616161919191919191919", "1A1A1A1A1A1A1A1A1C1C1C1C1C1C1C1C",
        "23232323232323232525252525252525", "26262626262626262929292929292929", "2A2A2A2A2A2A2A2A2C2C2C2C2C2C2C2C",
        "2F2F2F2F2F2F2F2F3131313131313131", "01010101010101010101010101010101",
    };

    @Test
    void fileWithTheTestPairsIsTheTestLmk(@TempDir Path directory) throws IOException {
        var lines = new ArrayList<String>(List.of("# The standard test LMK.", ""));
        for (int i = TEST_PAIRS.length - 1; i >= 0; i--) {
            lines.add(LmkSet.pairName(i) + " = " + TEST_PAIRS[i].substring(0, 16) + " " + TEST_PAIRS[i].substring(16));
        }
        var file = Files.write(directory.resolve("test.lmk"), lines);

        assertTrue(LmkSet.load(file).isTestLmk());
        assertTrue(LmkSet.testLmk().isTestLmk());
    }

    @Test
    void anotherLmkIsNotTheTestLmk() {
        var lines = lines();
        lines.set(3, "06-07=6161616161616161707070707070707F");

        assertFalse(LmkSet.parse(lines).isTestLmk());
    }

    @Test
    void missingPairIsRefused() {
        var lines = lines();
        lines.remove(19);
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("the LMK file has no pair 38-39: all 20 pairs 00-01 to 38-39 are required", e.getMessage());
    }

    @Test
    void repeatedPairIsRefused() {
        var lines = lines();
        lines.add(lines.get(0));
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("LMK file line 21 repeats pair 00-01", e.getMessage());
    }

    @Test
    void badHexIsRefused() {
        var lines = lines();
        lines.set(2, "04-05=4040404040404040515151515151515G");
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("LMK file line 3 is not like 04-05=<32 hex digits>", e.getMessage());
    }

    @Test
    void shortValueIsRefused() {
        var lines = lines();
        lines.set(2, "04-05=404040404040404051515151515151");
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("LMK file line 3 has 30 hex digits, a pair has 32", e.getMessage());
    }

    @Test
    void evenParityIsRefused() {
        var lines = lines();
        lines.set(2, "04-05=40404040404040405151515151515150");
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("LMK file line 3 has a byte with even parity: LMK bytes have odd parity", e.getMessage());
    }

    @Test
    void unknownPairNameIsRefused() {
        var lines = lines();
        lines.set(2, "05-06=40404040404040405151515151515151");
        var e = assertThrows(IllegalArgumentException.class, () -> LmkSet.parse(lines));

        assertEquals("LMK file line 3 names no LMK pair (00-01 to 38-39)", e.getMessage());
    }

    @Test
    void testLmkHasThePublishedCheckValue() {
        assertEquals("2686040000000000", LmkSet.testLmk().checkValue());
        assertEquals("2686040000000000", LmkSet.parse(lines()).checkValue());
    }

    @Test
    void anotherLmkHasTheCheckValueOfItsChainedPairs() throws GeneralSecurityException {
        var lines = lines();
        lines.set(3, "06-07=6161616161616161707070707070707F");
        var checkValue = LmkSet.parse(lines).checkValue();

        assertTrue(checkValue.matches("[0-9A-F]{6}0{10}"), checkValue);
        assertNotEquals("2686040000000000", checkValue);
        assertEquals(chainedCheckValue(lines), checkValue);
        assertEquals(checkValue, LmkSet.parse(lines).checkValue());
    }

    @Test
    void changingOnePairChangesTheCheckValue() {
        var lines = lines();
        lines.set(3, "06-07=6161616161616161707070707070707F");
        var before = LmkSet.parse(lines).checkValue();
        lines.set(19, "38-39=0101010101010101010101010101010E");
        var after = LmkSet.parse(lines).checkValue();

        assertTrue(after.matches("[0-9A-F]{6}0{10}"), after);
        assertNotEquals(before, after);
    }

    @Test
    void destroyedLmkHasNoCheckValue() {
        var lmk = LmkSet.testLmk();
        lmk.destroy();

        assertThrows(IllegalStateException.class, lmk::checkValue);
    }

    @Test
    void toStringShowsNoKeyMaterial() throws CryptoException {
        assertEquals("LmkSet[20 pairs]", LmkSet.testLmk().toString());
        assertEquals("ClearKey[16 bytes]", Keys.clear("0123456789ABCDEFFEDCBA9876543210").toString());
    }

    @Test
    void destroyedKeyIsWipedAndUnusable() throws CryptoException {
        var key = Keys.clear("0123456789ABCDEF");
        key.destroy();

        assertTrue(key.isDestroyed());
        assertThrows(IllegalStateException.class, key::bytes);
    }

    @Test
    void fixedRandomSourceRepeatsItsByte() {
        var random = RandomSource.fixedForConformanceTests((byte) 0xCD);
        var bytes = new byte[4];
        random.nextBytes(bytes);

        assertTrue(random.isFixed());
        assertEquals("CDCDCDCD", Hex.toText(bytes));
        assertFalse(RandomSource.secure().isFixed());
    }

    /** The construction of the LmkSet class comment, computed with the JCE directly. */
    private static String chainedCheckValue(List<String> lines) throws GeneralSecurityException {
        var cipher = Cipher.getInstance("DESede/ECB/NoPadding");
        var block = new byte[8];
        for (var line : lines) {
            var pair = HexFormat.of().parseHex(line.substring(6));
            var key = Arrays.copyOf(pair, 24);
            System.arraycopy(pair, 0, key, 16, 8);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DESede"));
            block = cipher.doFinal(block);
        }

        return HexFormat.of().withUpperCase().formatHex(block).substring(0, 6) + "0000000000";
    }

    private static List<String> lines() {
        var lines = new ArrayList<String>();
        for (int i = 0; i < TEST_PAIRS.length; i++) {
            lines.add(LmkSet.pairName(i) + "=" + TEST_PAIRS[i]);
        }

        return lines;
    }
}
