package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.KeyBlockLmk;
import dev.wasmhsm.crypto.KeyBlockLmks;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import dev.wasmhsm.crypto.SelfTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The cryptographic settings, read from system properties: {@code hsm.lmk.file}, the LMK file (format in
 * {@link LmkSet}; default: the standard Thales test LMK), {@code hsm.crypto.fixedRandom} (or the environment
 * variable {@code HSM_CRYPTO_FIXED_RANDOM}), two hex digits that fix the random source to that byte, for conformance
 * tests under the legacy profile only (default: {@code SecureRandom}), and the security
 * settings ({@link SecurityProfile#from}).
 *
 * <p>LMK slots (00 to 99): {@code hsm.lmk.variant} is the variant LMK's (default 00); {@code hsm.lmk.<nn>.file} loads
 * a key-block LMK into slot nn (file format in {@link KeyBlockLmks}); {@code hsm.lmk.default} is the slot a request
 * uses unless it names another with {@code %nn} (default: the variant LMK's). With the test variant LMK and no
 * key-block LMK file, slot 01 (or 00, when the variant LMK is in 01) holds the AES test key-block LMK, so that
 * development has both schemes; a live variant LMK never gets a test key-block LMK beside it.
 *
 * @param lmkFile the LMK file, or null for the test LMK.
 * @param fixedRandom the byte the random source is fixed to, or null for a {@code SecureRandom}.
 * @param profile the security settings.
 * @param officers the management principals who may enter authorised activities ({@code hsm.security.officers}).
 * @param expectedCheckValue the LMK check value the operator recorded ({@code hsm.lmk.checkValue}, 6 to 16 hex
 *     digits, compared with the start of the computed one), or null.
 * @param slotFiles the key-block LMK files by slot.
 * @param variantLmk the variant LMK's slot.
 * @param defaultLmk the slot requests use unless they name another.
 */
public record CryptoConfig(Path lmkFile, Byte fixedRandom, SecurityProfile profile, Set<String> officers,
        String expectedCheckValue, Map<String, Path> slotFiles, String variantLmk, String defaultLmk) {
    /** The system property naming the LMK file. */
    public static final String LMK_FILE = "hsm.lmk.file";

    /** The system property holding the LMK check value the operator recorded at the key ceremony. */
    public static final String LMK_CHECK_VALUE = "hsm.lmk.checkValue";

    /** The system property that fixes the random source, for conformance tests only. */
    public static final String FIXED_RANDOM = "hsm.crypto.fixedRandom";

    /** The environment variable read when {@link #FIXED_RANDOM} is not set (test runs). */
    public static final String FIXED_RANDOM_ENV = "HSM_CRYPTO_FIXED_RANDOM";

    /** The system property naming the slot requests use unless they name another. */
    public static final String DEFAULT_LMK = "hsm.lmk.default";

    /** The system property naming the variant LMK's slot. */
    public static final String VARIANT_LMK = "hsm.lmk.variant";

    private static final Pattern SLOT_FILE = Pattern.compile("hsm\\.lmk\\.([0-9]{2})\\.file");
    private static final Logger LOG = Logger.getLogger(CryptoConfig.class);

    /**
     * Creates the settings with the variant LMK alone, the default slot 00.
     *
     * @param lmkFile the LMK file, or null for the test LMK.
     * @param fixedRandom the byte the random source is fixed to, or null.
     * @param profile the security settings.
     * @param officers the management principals who may enter authorised activities.
     * @param expectedCheckValue the LMK check value the operator recorded, or null.
     */
    public CryptoConfig(Path lmkFile, Byte fixedRandom, SecurityProfile profile, Set<String> officers,
            String expectedCheckValue) {
        this(lmkFile, fixedRandom, profile, officers, expectedCheckValue, Map.of(), KeyBlockLmks.DEFAULT_VARIANT_ID,
                KeyBlockLmks.DEFAULT_VARIANT_ID);
    }

    /**
     * Tells whether a property is a key-block LMK's file setting.
     *
     * @param name the property's name.
     * @return whether it is {@code hsm.lmk.<nn>.file}.
     */
    public static boolean isSlotFile(String name) {
        return SLOT_FILE.matcher(name).matches();
    }

    /**
     * Reads the settings.
     *
     * @param properties normally the system properties.
     * @return the settings.
     * @throws IllegalArgumentException when {@code hsm.crypto.fixedRandom} is not two hex digits, or a security
     *     setting is malformed.
     */
    public static CryptoConfig from(Properties properties) {
        var file = properties.getProperty(LMK_FILE);
        var fixed = properties.getProperty(FIXED_RANDOM, System.getenv(FIXED_RANDOM_ENV));
        Byte fixedByte = null;
        if (fixed != null && !fixed.isBlank()) {
            if (!fixed.strip().matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("system property " + FIXED_RANDOM
                        + " must be two hex digits, was " + fixed);
            }
            fixedByte = (byte) Integer.parseInt(fixed.strip(), 16);
        }

        var expected = properties.getProperty(LMK_CHECK_VALUE);
        if (expected != null && !expected.strip().matches("[0-9A-Fa-f]{6,16}")) {
            throw new IllegalArgumentException(LMK_CHECK_VALUE + " is 6 to 16 hex digits, not " + expected);
        }

        var variantLmk = slot(properties, VARIANT_LMK, KeyBlockLmks.DEFAULT_VARIANT_ID);
        var slots = new TreeMap<String, Path>();
        for (var name : properties.stringPropertyNames()) {
            var matcher = SLOT_FILE.matcher(name);
            if (matcher.matches()) {
                if (variantLmk.equals(matcher.group(1))) {
                    throw new IllegalArgumentException("slot " + variantLmk + " is the variant LMK's (hsm.lmk.file), not"
                            + " " + name + "'s");
                }
                slots.put(matcher.group(1), Path.of(properties.getProperty(name).strip()));
            }
        }
        var defaultLmk = slot(properties, DEFAULT_LMK, variantLmk);

        return new CryptoConfig(file == null || file.isBlank() ? null : Path.of(file.strip()), fixedByte,
                SecurityProfile.from(properties), AuthorisedState.officers(properties),
                expected == null ? null : expected.strip().toUpperCase(Locale.ROOT), Map.copyOf(slots), variantLmk,
                defaultLmk);
    }

    private static String slot(Properties properties, String name, String fallback) {
        var value = properties.getProperty(name, fallback).strip();
        if (!value.matches("[0-9]{2}")) {
            throw new IllegalArgumentException(name + " is an LMK slot, two digits, not " + value);
        }

        return value;
    }

    /**
     * Loads the LMK set and the random source for a server, runs the known-answer self-tests of the cryptography,
     * and logs what it loaded: the LMK file, a warning when it is the standard test LMK, an error line when the
     * random source is fixed, the security settings.
     *
     * @return the context.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     * @throws IllegalStateException when the random source is fixed and the LMK is not the test LMK, or a
     *     self-test fails.
     */
    public CryptoContext loadForServer() {
        try {
            SelfTest.run();
        } catch (IllegalStateException e) {
            LOG.errorf("event=selftest.failed description=\"%s: the HSM does not start\"", e.getMessage());
            throw e;
        }
        LOG.infof("event=selftest.passed tests=%d", SelfTest.names().size());
        var context = load();
        if (lmkFile != null) {
            LOG.infof("event=lmk.loaded file=%s", lmkFile);
        }
        checkExpected(context.lmk().checkValue());
        if (context.lmk().isTestLmk()) {
            LOG.warn("event=lmk.test description=\"the standard Thales TEST LMK is loaded: never use it for live keys;"
                    + " set hsm.lmk.file\"");
        }
        for (var slot : context.keyBlockLmks().all().values()) {
            if (slot.test()) {
                LOG.warnf("event=lmk.test lmk=%s description=\"the AES TEST key-block LMK is loaded in slot %s: never"
                        + " use it for live keys; set hsm.lmk.%s.file\"", slot.id(), slot.id(), slot.id());
            } else {
                LOG.infof("event=lmk.loaded lmk=%s file=%s", slot.id(), slotFiles.get(slot.id()));
            }
        }
        LOG.infof("event=lmk.default lmk=%s", defaultLmk);
        if (context.random().isFixed()) {
            LOG.errorf("event=random.fixed description=\"the random source is fixed to bytes %02X (%s): for"
                    + " conformance tests only, every generated key and PIN block fill is that byte repeated\"",
                    fixedRandom & 0xFF, FIXED_RANDOM);
        }

        boolean pci = profile.equals(SecurityProfile.PCI);
        LOG.logf(pci ? Logger.Level.INFO : Logger.Level.WARN, "event=security.profile settings=\"%s\""
                + " description=\"%s\"", profile, pci ? "the PCI profile"
                : "weaker than the PCI profile: see docs/operations.md, Security settings");

        return context;
    }

    /**
     * Warns when the LMK loaded is not the one the operator recorded: a wrong file, a wrong set of components.
     *
     * @param computed the check value computed from the LMK loaded.
     */
    void checkExpected(String computed) {
        if (expectedCheckValue != null && !computed.toUpperCase(Locale.ROOT).startsWith(expectedCheckValue)) {
            LOG.warnf("event=lmk.checkvalue description=\"the LMK loaded has check value %s, not the %s of %s: is"
                    + " this the right LMK?\"", computed.substring(0, Math.min(6, computed.length())),
                    expectedCheckValue, LMK_CHECK_VALUE);
        }
    }

    /**
     * Loads the LMK set and builds the random source, quietly (for tools and tests). A fixed random source is
     * refused with any LMK but the test LMK, here, so the plugin tool refuses it as the server does.
     *
     * @return the context.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     * @throws IllegalStateException when the random source is fixed and the LMK is not the test LMK, or the
     *     profile refuses keys with equal halves (the PCI profile), or the LMK file is a symbolic link or group or
     *     other may read it (under strict file permissions).
     */
    public CryptoContext load() {
        if (lmkFile != null && profile.strictFilePermissions()) {
            requirePrivate(lmkFile);
        }
        LmkSet lmk;
        try {
            lmk = lmkFile == null ? LmkSet.testLmk() : LmkSet.load(lmkFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the LMK file " + lmkFile, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(lmkFile + ": " + e.getMessage(), e);
        }
        if (fixedRandom != null && !lmk.isTestLmk()) {
            throw new IllegalStateException("hsm.crypto.fixedRandom is for conformance tests with the test LMK"
                    + " only, and is refused with the LMK of hsm.lmk.file");
        }
        if (fixedRandom != null && profile.refuseEqualHalves()) {
            throw new IllegalStateException("hsm.crypto.fixedRandom is for conformance tests under the legacy"
                    + " profile only: every key it generates has equal halves, which the " + profile.name()
                    + " profile refuses");
        }
        var random = fixedRandom == null ? RandomSource.secure() : RandomSource.fixedForConformanceTests(fixedRandom);

        return new CryptoContext(lmk, random, profile, new AuthorisedState(profile.dualControl(),
                officers, Clock.systemUTC()), keyBlockLmks(lmk.isTestLmk()));
    }

    /** Loads the key-block LMK files, or the AES test key-block LMK beside the test variant LMK. */
    private KeyBlockLmks keyBlockLmks(boolean testVariant) {
        var loaded = new ArrayList<KeyBlockLmk>();
        for (var slot : new TreeMap<>(slotFiles).entrySet()) {
            if (profile.strictFilePermissions()) {
                requirePrivate(slot.getValue());
            }
            try {
                loaded.add(KeyBlockLmks.load(slot.getKey(), slot.getValue()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the key-block LMK file " + slot.getValue(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(slot.getValue() + ": " + e.getMessage(), e);
            }
        }
        if (loaded.isEmpty() && testVariant) {
            loaded.add(KeyBlockLmk.aesTest("01".equals(variantLmk) ? "00" : "01"));
        }
        // Live and public test LMKs never serve side by side: PINs under the LMK stay under the variant LMK, keys
        // pass between slots, and a fixed random source is refused only beside a live variant LMK.
        for (var slot : loaded) {
            if (slot.test() != testVariant) {
                loaded.forEach(KeyBlockLmk::destroy);
                throw new IllegalStateException(testVariant ? "the key-block LMK in slot " + slot.id() + " is live"
                        + " and the variant LMK is the public test LMK: set hsm.lmk.file to the live variant LMK"
                        : "slot " + slot.id() + " holds the public AES test key-block LMK beside a live variant LMK");
            }
        }

        return KeyBlockLmks.of(loaded, variantLmk, defaultLmk);
    }

    private static void requirePrivate(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new IllegalStateException("the LMK file " + file + " is a symbolic link: the strict file"
                        + " permissions of the security profile refuse it");
            }
            var permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (var open : EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                if (permissions.contains(open)) {
                    throw new IllegalStateException("the LMK file " + file + " is open to group or other ("
                            + PosixFilePermissions.toString(permissions) + "): make it readable by its owner only");
                }
            }
        } catch (UnsupportedOperationException e) {
            LOG.debugf("event=lmk.permissions file=%s description=\"the file system has no POSIX permissions\"",
                    file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of the LMK file " + file, e);
        }
    }
}
