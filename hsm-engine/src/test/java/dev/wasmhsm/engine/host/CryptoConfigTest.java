package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoConfigTest {
    @Test
    void defaultsAreTheTestLmkAndSecureRandom() {
        var config = CryptoConfig.from(new Properties());
        var context = config.load();

        assertNull(config.lmkFile());
        assertTrue(context.lmk().isTestLmk());
        assertFalse(context.random().isFixed());
    }

    @Test
    void fixedRandomIsTwoHexDigits() {
        var properties = new Properties();
        properties.setProperty(CryptoConfig.FIXED_RANDOM, "cd");
        var pci = assertThrows(IllegalStateException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(pci.getMessage().contains("legacy profile only"), pci.getMessage());
        properties.setProperty(SecurityProfile.PROFILE, "legacy");

        assertEquals((byte) 0xCD, CryptoConfig.from(properties).fixedRandom());
        assertTrue(CryptoConfig.from(properties).load().random().isFixed());
        properties.setProperty(CryptoConfig.FIXED_RANDOM, "CDE");
        var e = assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties));
        assertEquals("system property hsm.crypto.fixedRandom must be two hex digits, was CDE", e.getMessage());
    }

    /** The tool loads its context as the server does: a fixed random source with a live LMK is refused there too. */
    @Test
    void aFixedRandomSourceIsRefusedWithALiveLmk(@TempDir Path directory) throws IOException {
        var properties = new Properties();
        properties.setProperty(CryptoConfig.LMK_FILE, liveLmk(directory).toString());
        properties.setProperty(CryptoConfig.FIXED_RANDOM, "CD");

        var e = assertThrows(IllegalStateException.class, () -> CryptoConfig.from(properties).load());
        assertEquals("hsm.crypto.fixedRandom is for conformance tests with the test LMK only, and is refused with"
                + " the LMK of hsm.lmk.file", e.getMessage());
    }

    @Test
    void lmkFileIsLoadedAndABadOneStopsTheStart(@TempDir Path directory) throws IOException {
        var file = liveLmk(directory);
        var properties = new Properties();
        properties.setProperty(CryptoConfig.LMK_FILE, file.toString());

        assertFalse(CryptoConfig.from(properties).load().lmk().isTestLmk());
        Files.writeString(file, "00-01=0101010101010101\n");
        var e = assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(e.getMessage().endsWith("LMK file line 1 has 16 hex digits, a pair has 32"), e.getMessage());
        properties.setProperty(CryptoConfig.LMK_FILE, directory.resolve("missing.lmk").toString());
        assertThrows(UncheckedIOException.class, () -> CryptoConfig.from(properties).load());
    }

    @Test
    void anLmkFileOpenToGroupOrOtherIsRefusedUnderThePciProfile(@TempDir Path directory) throws IOException {
        var file = liveLmk(directory);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var properties = new Properties();
        properties.setProperty(CryptoConfig.LMK_FILE, file.toString());

        var e = assertThrows(IllegalStateException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(e.getMessage().contains("is open to group or other (rw-r--r--)"), e.getMessage());
        properties.setProperty(SecurityProfile.PROFILE, "legacy");
        assertFalse(CryptoConfig.from(properties).load().lmk().isTestLmk(), "legacy does not check");
    }

    /** Writes a made-up LMK file, 20 pairs of odd-parity keys. */
    @Test
    void theTestVariantLmkHasTheAesTestKeyBlockLmkBesideItAndALiveOneDoesNot(@TempDir Path directory)
            throws IOException {
        var slots = CryptoConfig.from(new Properties()).load().keyBlockLmks();
        assertEquals("00", slots.defaultId());
        assertTrue(slots.all().get("01").test());
        assertEquals(List.of("01"), List.copyOf(slots.all().keySet()));

        var properties = new Properties();
        properties.setProperty(CryptoConfig.LMK_FILE, liveLmk(directory).toString());
        assertTrue(CryptoConfig.from(properties).load().keyBlockLmks().all().isEmpty(), "no test LMK beside a live one");
    }

    @Test
    void keyBlockLmkFilesFillTheirSlotsAndADefaultMustBeLoaded(@TempDir Path directory) throws IOException {
        var file = directory.resolve("kb.lmk");
        Files.writeString(file, "# An AES-256 key-block LMK.\n" + "0123456789ABCDEF".repeat(4) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var properties = new Properties();
        properties.setProperty("hsm.lmk.02.file", file.toString());
        properties.setProperty(CryptoConfig.DEFAULT_LMK, "02");
        var testVariant = assertThrows(IllegalStateException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(testVariant.getMessage().contains("the variant LMK is the public test LMK"),
                testVariant.getMessage());
        properties.setProperty(CryptoConfig.LMK_FILE, liveLmk(directory).toString());

        var slots = CryptoConfig.from(properties).load().keyBlockLmks();
        assertEquals("02", slots.defaultId());
        assertFalse(slots.all().get("02").test());
        assertEquals('1', slots.all().get("02").version());
        assertFalse(slots.loaded("01"), "a configured key-block LMK replaces the test one");

        properties.setProperty(CryptoConfig.DEFAULT_LMK, "03");
        var unloaded = assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(unloaded.getMessage().startsWith("the default LMK 03 is not loaded"), unloaded.getMessage());
        properties.setProperty(CryptoConfig.DEFAULT_LMK, "2");
        assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties));
        properties.setProperty(CryptoConfig.DEFAULT_LMK, "02");
        properties.setProperty("hsm.lmk.00.file", file.toString());
        assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties), "00 is the variant LMK's");
        properties.remove("hsm.lmk.00.file");
        Files.writeString(file, "9B71333A13F9FAE72F9D0E2DAB4AD6784718012F9244033F3F26A2DE0C8AA11A\n");
        var publicKey = assertThrows(IllegalStateException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(publicKey.getMessage().endsWith("holds the public AES test key-block LMK beside a live variant LMK"),
                publicKey.getMessage());
        Files.writeString(file, "0123456789ABCDEF\n");
        var malformed = assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(properties).load());
        assertTrue(malformed.getMessage().endsWith("holds 64 hex digits (AES-256) or 48 (3DES)"), malformed.getMessage());
    }

    private static Path liveLmk(Path directory) throws IOException {
        var file = directory.resolve("live.lmk");
        var lines = new StringBuilder("# A made-up LMK.\n");
        for (int i = 0; i < 20; i++) {
            lines.append(String.format("%02d-%02d=%s%n", 2 * i, 2 * i + 1, "0123456789ABCDEFFEDCBA9876543210"
                    .replace("01", "02").replace("23", "25").replace("45", "46").replace("67", "68")
                    .replace("89", "8A").replace("AB", "AD").replace("CD", "CE").replace("EF", "F1")
                    .replace("FE", "FD").replace("DC", "DF").replace("BA", "B9").replace("98", "97")
                    .replace("76", "75").replace("54", "57").replace("32", "31").replace("10", "13")));
        }
        Files.writeString(file, lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        return file;
    }

    @Test
    void aRecordedCheckValueThatDisagreesWithTheLmkLoadedIsWarnedAbout() {
        var warnings = new java.util.ArrayList<String>();
        var handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                warnings.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
                // Nothing is buffered.
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        };
        var logger = java.util.logging.Logger.getLogger(CryptoConfig.class.getName());
        logger.addHandler(handler);
        try {
            var right = new Properties();
            right.setProperty(CryptoConfig.LMK_CHECK_VALUE, "268604");
            CryptoConfig.from(right).checkExpected("2686040000000000");
            assertEquals(List.of(), warnings);

            var wrong = new Properties();
            wrong.setProperty(CryptoConfig.LMK_CHECK_VALUE, "d1e2f3");
            CryptoConfig.from(wrong).checkExpected("2686040000000000");
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("event=lmk.checkvalue"), warnings.get(0));
        } finally {
            logger.removeHandler(handler);
        }
        var malformed = new Properties();
        malformed.setProperty(CryptoConfig.LMK_CHECK_VALUE, "26860");
        assertThrows(IllegalArgumentException.class, () -> CryptoConfig.from(malformed));
    }
}
