package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;

/**
 * What the cryptographic host functions share: the LMK set and the random source.
 *
 * @param lmk the LMK set keys and PINs are encrypted under.
 * @param random where generated keys, PIN block fill and random bytes come from.
 */
public record CryptoContext(LmkSet lmk, RandomSource random) {
    /**
     * Returns the context of tests and tools: the standard Thales test LMK and a {@code SecureRandom}.
     *
     * @return the context.
     */
    public static CryptoContext testDefaults() {
        return new CryptoContext(LmkSet.testLmk(), RandomSource.secure());
    }

    /** @return a cipher for keys under this context's LMK. */
    LmkKeyCipher lmkCipher() {
        return new LmkKeyCipher(lmk);
    }
}
