package dev.wasmhsm.engine.host;

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
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The cryptographic settings, read from system properties: {@code hsm.lmk.file}, the LMK file (format in
 * {@link LmkSet}; default: the standard Thales test LMK), {@code hsm.crypto.fixedRandom} (or the environment
 * variable {@code HSM_CRYPTO_FIXED_RANDOM}), two hex digits that fix the random source to that byte, for conformance
 * tests under the legacy profile only (default: {@code SecureRandom}), and the security
 * settings ({@link SecurityProfile#from}).
 *
 * @param lmkFile the LMK file, or null for the test LMK.
 * @param fixedRandom the byte the random source is fixed to, or null for a {@code SecureRandom}.
 * @param profile the security settings.
 * @param officers the management principals who may enter authorised activities ({@code hsm.security.officers}).
 * @param expectedCheckValue the LMK check value the operator recorded ({@code hsm.lmk.checkValue}, 6 to 16 hex
 *     digits, compared with the start of the computed one), or null.
 */
public record CryptoConfig(Path lmkFile, Byte fixedRandom, SecurityProfile profile, Set<String> officers,
        String expectedCheckValue) {
    /** The system property naming the LMK file. */
    public static final String LMK_FILE = "hsm.lmk.file";

    /** The system property holding the LMK check value the operator recorded at the key ceremony. */
    public static final String LMK_CHECK_VALUE = "hsm.lmk.checkValue";

    /** The system property that fixes the random source, for conformance tests only. */
    public static final String FIXED_RANDOM = "hsm.crypto.fixedRandom";

    /** The environment variable read when {@link #FIXED_RANDOM} is not set (test runs). */
    public static final String FIXED_RANDOM_ENV = "HSM_CRYPTO_FIXED_RANDOM";

    private static final Logger LOG = Logger.getLogger(CryptoConfig.class);

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

        return new CryptoConfig(file == null || file.isBlank() ? null : Path.of(file.strip()), fixedByte,
                SecurityProfile.from(properties), AuthorisedState.officers(properties),
                expected == null ? null : expected.strip().toUpperCase(Locale.ROOT));
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
                officers, Clock.systemUTC()));
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
