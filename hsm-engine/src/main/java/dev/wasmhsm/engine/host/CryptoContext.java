package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.KeyBlockLmks;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import java.time.Clock;

/**
 * What the cryptographic host functions share: the LMK set, the random source, the security settings they
 * enforce and the authorised state.
 *
 * @param lmk the LMK set keys and PINs are encrypted under.
 * @param random where generated keys, PIN block fill and random bytes come from.
 * @param profile the security settings.
 * @param authorised the authorised activities entered through management.
 * @param keyBlockLmks the key-block LMKs in their slots, and the slot requests use by default.
 */
public record CryptoContext(LmkSet lmk, RandomSource random, SecurityProfile profile, AuthorisedState authorised,
        KeyBlockLmks keyBlockLmks) {
    /**
     * Creates a context with the variant LMK alone.
     *
     * @param lmk the LMK set.
     * @param random the random source.
     * @param profile the security settings.
     * @param authorised the authorised state.
     */
    public CryptoContext(LmkSet lmk, RandomSource random, SecurityProfile profile, AuthorisedState authorised) {
        this(lmk, random, profile, authorised, KeyBlockLmks.none());
    }

    /**
     * Creates a context whose authorised state has no activity entered, with the profile's dual control.
     *
     * @param lmk the LMK set.
     * @param random the random source.
     * @param profile the security settings.
     */
    public CryptoContext(LmkSet lmk, RandomSource random, SecurityProfile profile) {
        this(lmk, random, profile, new AuthorisedState(profile.dualControl(), Clock.systemUTC()));
    }

    /**
     * Returns the context of tests and tools: the standard Thales test LMK, a {@code SecureRandom} and the default
     * (PCI) profile.
     *
     * @return the context.
     */
    public static CryptoContext testDefaults() {
        return new CryptoContext(LmkSet.testLmk(), RandomSource.secure(), SecurityProfile.PCI);
    }

    /** @return a cipher for keys under this context's LMK. */
    LmkKeyCipher lmkCipher() {
        return new LmkKeyCipher(lmk);
    }
}
