package dev.wasmhsm.plugins.host;

import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cryptographic settings, read from system properties: {@code hsm.lmk.file}, the LMK file (format in
 * {@link LmkSet}; default: the standard Thales test LMK), and {@code hsm.crypto.fixedRandom}, two hex digits that
 * fix the random source to that byte, for conformance tests only (default: {@code SecureRandom}).
 *
 * @param lmkFile the LMK file, or null for the test LMK.
 * @param fixedRandom the byte the random source is fixed to, or null for a {@code SecureRandom}.
 */
public record CryptoConfig(Path lmkFile, Byte fixedRandom) {
    /** The system property naming the LMK file. */
    public static final String LMK_FILE = "hsm.lmk.file";

    /** The system property that fixes the random source, for conformance tests only. */
    public static final String FIXED_RANDOM = "hsm.crypto.fixedRandom";

    /**
     * Reads the settings.
     *
     * @param properties normally the system properties.
     * @return the settings.
     * @throws IllegalArgumentException when {@code hsm.crypto.fixedRandom} is not two hex digits.
     */
    public static CryptoConfig from(Properties properties) {
        var file = properties.getProperty(LMK_FILE);
        var fixed = properties.getProperty(FIXED_RANDOM);
        Byte fixedByte = null;
        if (fixed != null && !fixed.isBlank()) {
            if (!fixed.strip().matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("system property " + FIXED_RANDOM
                        + " must be two hex digits, was " + fixed);
            }
            fixedByte = (byte) Integer.parseInt(fixed.strip(), 16);
        }

        return new CryptoConfig(file == null || file.isBlank() ? null : Path.of(file.strip()), fixedByte);
    }

    /**
     * Loads the LMK set and builds the random source.
     *
     * @return the context.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     */
    public CryptoContext load() {
        LmkSet lmk;
        try {
            lmk = lmkFile == null ? LmkSet.testLmk() : LmkSet.load(lmkFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the LMK file " + lmkFile, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(lmkFile + ": " + e.getMessage(), e);
        }
        var random = fixedRandom == null ? RandomSource.secure() : RandomSource.fixedForConformanceTests(fixedRandom);

        return new CryptoContext(lmk, random);
    }
}
