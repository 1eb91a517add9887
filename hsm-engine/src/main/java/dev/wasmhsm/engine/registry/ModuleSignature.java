package dev.wasmhsm.engine.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Detached Ed25519 signatures of modules: beside {@code XX.wasm}, a file {@code XX.wasm.sig} of two lines, a trust
 * line ({@link PluginTrust#line}: the module's SHA-256 and the host functions granted) and {@code ed25519:} with the
 * base64 signature of that line's UTF-8 bytes. A signature by the key pinned in {@code hsm.plugins.signingKey} (a
 * PEM public key, as {@code openssl pkey -pubout} writes it) trusts the module with the grant it signs, as a trust
 * file line does; the commands directory holds the signature, but only the key's owner can make one.
 */
public final class ModuleSignature {
    /** The file name ending of a module's signature. */
    public static final String SUFFIX = ".sig";

    private static final String ALGORITHM = "Ed25519";
    private static final String PREFIX = "ed25519:";

    private ModuleSignature() {
    }

    /**
     * Signs a trust line.
     *
     * @param trustLine the line, as {@link PluginTrust#line} writes it.
     * @param key the Ed25519 private key.
     * @return the signature file's text: the line, then {@code ed25519:} and the base64 signature.
     * @throws GeneralSecurityException when the key is no Ed25519 key.
     */
    public static String sign(String trustLine, PrivateKey key) throws GeneralSecurityException {
        var signer = Signature.getInstance(ALGORITHM);
        signer.initSign(key);
        signer.update(trustLine.getBytes(StandardCharsets.UTF_8));

        return trustLine + "\n" + PREFIX + Base64.getEncoder().encodeToString(signer.sign()) + "\n";
    }

    /**
     * Reads a signature file and returns its trust line if the signature verifies.
     *
     * @param file the {@code XX.wasm.sig} file.
     * @param key the pinned public key.
     * @return the trust line.
     * @throws IOException when the file cannot be read, is malformed, or its signature does not verify.
     */
    public static String verifiedLine(Path file, PublicKey key) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !lines.get(1).startsWith(PREFIX)) {
            throw new IOException(file.getFileName() + " is not a trust line then " + PREFIX + "<base64>");
        }
        try {
            var verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(lines.get(0).getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(Base64.getDecoder().decode(lines.get(1).substring(PREFIX.length()).strip()))) {
                throw new IOException(file.getFileName() + " does not verify with the pinned signing key");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file.getFileName() + " does not verify: " + e.getMessage(), e);
        }

        return lines.get(0);
    }

    /**
     * Reads a PEM public key ({@code -----BEGIN PUBLIC KEY-----}).
     *
     * @param file the file.
     * @return the key.
     * @throws IOException when it cannot be read or is no Ed25519 public key.
     */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pem(file)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is no Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a PEM private key ({@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey -algorithm ed25519}
     * writes it).
     *
     * @param file the file.
     * @return the key.
     * @throws IOException when it cannot be read or is no Ed25519 private key.
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pem(file)));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is no Ed25519 private key: " + e.getMessage(), e);
        }
    }

    private static byte[] pem(Path file) throws IOException {
        var text = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not PEM", e);
        }
    }
}
