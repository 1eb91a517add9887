package dev.wasmhsm.rar.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.DestroyFailedException;

/**
 * TLS on a listener: the server certificate and key from a PKCS#12 key store, TLS 1.3 and 1.2 only with
 * forward-secret AEAD suites, and optionally mutual TLS, a client certificate whose SHA-256 fingerprint is on an
 * allowlist.
 *
 * @param keyStore the PKCS#12 file with the server's key and certificate chain.
 * @param passwordFile a file whose first line is the key store's password (never on the command line).
 * @param clientFingerprints the SHA-256 fingerprints (hex, colons allowed) of the client certificates accepted;
 *     empty for no client certificate.
 * @param keyAlias the entry of the key store to serve, or null when it holds one key (a server's own store, such as
 *     Payara's {@code keystore.p12} with its {@code s1as} entry, may hold several).
 */
public record TlsConfig(Path keyStore, Path passwordFile, List<String> clientFingerprints, String keyAlias) {
    /** The protocols offered. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * Normalises the fingerprints.
     *
     * @throws IllegalArgumentException when a file is missing from the settings or a fingerprint is no SHA-256.
     */
    public TlsConfig {
        if (keyStore == null || passwordFile == null) {
            throw new IllegalArgumentException("a TLS listener needs tls.keyStore and tls.keyStorePasswordFile");
        }
        clientFingerprints = clientFingerprints.stream().map(TlsConfig::normalise).toList();
        keyAlias = keyAlias == null || keyAlias.isBlank() ? null : keyAlias.strip();
    }

    /**
     * TLS with the one key of a key store.
     *
     * @param keyStore the PKCS#12 file with the server's key and certificate chain.
     * @param passwordFile the file whose first line is the key store's password.
     * @param clientFingerprints the client certificate fingerprints accepted, or empty.
     */
    public TlsConfig(Path keyStore, Path passwordFile, List<String> clientFingerprints) {
        this(keyStore, passwordFile, clientFingerprints, null);
    }

    /**
     * Creates the unbound server socket.
     *
     * @return the socket.
     * @throws IOException when the key store or its password cannot be read, or TLS cannot be set up.
     */
    ServerSocket newServerSocket() throws IOException {
        var password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                .toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            var store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyAlias == null ? store : onlyEntry(store, password), password);
            var context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), clientFingerprints.isEmpty() ? null
                    : new X509TrustManager[] {new FingerprintTrust(clientFingerprints)}, null);
            var socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setEnabledProtocols(PROTOCOLS);
            socket.setEnabledCipherSuites(Arrays.stream(socket.getSupportedCipherSuites())
                    .filter(TlsConfig::strong).toArray(String[]::new));
            socket.setNeedClientAuth(!clientFingerprints.isEmpty());

            return socket;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS from " + keyStore + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** @return a key store holding only the entry {@link #keyAlias} of the store. */
    private KeyStore onlyEntry(KeyStore store, char[] password) throws IOException, GeneralSecurityException {
        if (!store.isKeyEntry(keyAlias)) {
            throw new GeneralSecurityException("no key entry " + keyAlias + " in " + keyStore);
        }
        var protection = new KeyStore.PasswordProtection(password);
        try {
            var one = KeyStore.getInstance("PKCS12");
            one.load(null, password);
            one.setEntry(keyAlias, store.getEntry(keyAlias, protection), protection);

            return one;
        } finally {
            try {
                protection.destroy();
            } catch (DestroyFailedException e) {
                // The caller wipes the password array itself.
            }
        }
    }

    /** @return whether a suite is TLS 1.3's, or a TLS 1.2 ECDHE suite with AES-GCM or ChaCha20-Poly1305. */
    static boolean strong(String suite) {
        return suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")
                || suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20"));
    }

    private static String normalise(String fingerprint) {
        var hex = fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a client certificate fingerprint is 64 hex digits (SHA-256), not "
                    + fingerprint);
        }

        return hex;
    }

    /** Accepts a client whose certificate's SHA-256 fingerprint is on the allowlist, and nothing else. */
    private record FingerprintTrust(List<String> fingerprints) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no client certificate");
            }
            try {
                var digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(chain[0].getEncoded()));
                if (!fingerprints.contains(digest)) {
                    throw new CertificateException("client certificate " + digest.substring(0, 16)
                            + "... is not on the allowlist (tls.clientFingerprints)");
                }
                chain[0].checkValidity();
            } catch (NoSuchAlgorithmException e) {
                throw new CertificateException("no SHA-256", e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a listener trusts no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
