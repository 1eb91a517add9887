package dev.wasmhsm.crypto;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * One JCE cipher per thread and transformation, so an operation pays for a key schedule but not for
 * {@code Cipher.getInstance}'s provider lookup (about 2 µs against 0.4 µs on the development machine).
 *
 * <p>A cipher keeps the key schedule of its last operation until the thread's next one. The JCE never zeroes a
 * schedule it replaces either (each {@code init} allocates a new one and drops the old), so a fresh cipher per
 * operation would leave the same material in the heap as garbage; setting the cipher up again with a blank key
 * after each use was measured, doubled the schedules allocated, and erased nothing.
 */
enum ThreadCiphers {
    SINGLE_ECB("DES/ECB/NoPadding", "DES"),
    SINGLE_CBC("DES/CBC/NoPadding", "DES"),
    TRIPLE_ECB("DESede/ECB/NoPadding", "DESede"),
    TRIPLE_CBC("DESede/CBC/NoPadding", "DESede"),
    AES_ECB("AES/ECB/NoPadding", "AES"),
    AES_CBC("AES/CBC/NoPadding", "AES");

    private final String algorithm;
    private final ThreadLocal<Cipher> ciphers;

    ThreadCiphers(String transformation, String algorithm) {
        this.algorithm = algorithm;
        this.ciphers = ThreadLocal.withInitial(() -> newCipher(transformation));
    }

    /**
     * Runs one whole operation.
     *
     * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}.
     * @param key the raw key bytes for this algorithm.
     * @param params the initial value, or null for ECB.
     * @param data whole blocks.
     * @return the result.
     */
    byte[] run(int mode, byte[] key, AlgorithmParameterSpec params, byte[] data) {
        var cipher = ciphers.get();
        try {
            var spec = new SecretKeySpec(key, algorithm);
            if (params == null) {
                cipher.init(mode, spec);
            } else {
                cipher.init(mode, spec, params);
            }

            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            ciphers.remove();
            throw new IllegalStateException("the JCE refused " + algorithm, e);
        }
    }

    private static Cipher newCipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JCE has no " + transformation, e);
        }
    }
}
