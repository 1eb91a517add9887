package dev.wasmhsm.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Where generated keys, PIN block fill and {@code hsm.random} bytes come from: a {@link SecureRandom} in service,
 * or, for conformance tests only, one byte repeated ({@link #fixedForConformanceTests(byte)}), so that the
 * published A0 vectors ("random source fixed to bytes CD") can be reproduced.
 */
public final class RandomSource {
    private final SecureRandom secure;
    private final Byte fixed;

    private RandomSource(SecureRandom secure, Byte fixed) {
        this.secure = secure;
        this.fixed = fixed;
    }

    /** @return a source backed by a new {@link SecureRandom}. */
    public static RandomSource secure() {
        return new RandomSource(new SecureRandom(), null);
    }

    /**
     * Returns a source that yields the same byte for ever. Never use it in service: every generated key would be
     * that byte repeated. The server logs it at ERROR when configured.
     *
     * @param value the byte every request gets.
     * @return the fixed source.
     */
    public static RandomSource fixedForConformanceTests(byte value) {
        return new RandomSource(null, value);
    }

    /** @return whether this source is fixed (conformance tests), not random. */
    public boolean isFixed() {
        return fixed != null;
    }

    /**
     * Fills an array.
     *
     * @param out the array to fill.
     */
    public void nextBytes(byte[] out) {
        if (fixed != null) {
            Arrays.fill(out, fixed);
        } else {
            secure.nextBytes(out);
        }
    }

    @Override
    public String toString() {
        return fixed == null ? "RandomSource[SecureRandom]"
                : "RandomSource[fixed " + String.format("%02X", fixed & 0xFF) + ", conformance tests only]";
    }
}
