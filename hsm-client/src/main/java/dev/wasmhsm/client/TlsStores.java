package dev.wasmhsm.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS socket factories from PKCS#12 stores, as a payShield client with a certificate uses them. */
public final class TlsStores {
    private TlsStores() {
    }

    /**
     * Builds a factory that verifies the HSM against a trust store and, when given a key store, presents the
     * client's certificate.
     *
     * @param trustStore the PKCS#12 file with the HSM's certificate or its issuer's.
     * @param keyStore the PKCS#12 file with the client's key and certificate, or null for none.
     * @param passwordFile the file whose first line is the password of both.
     * @return the factory.
     * @throws IOException when a store cannot be read or TLS cannot be set up.
     */
    public static SSLSocketFactory socketFactory(Path trustStore, Path keyStore, Path passwordFile)
            throws IOException {
        var password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                .toCharArray();
        try {
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, password));
            var context = SSLContext.getInstance("TLS");
            if (keyStore == null) {
                context.init(null, trust.getTrustManagers(), null);
            } else {
                var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, password), password);
                context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            }

            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Puts TLS over a connected socket, verifying that the HSM's certificate names the host, and completes the
     * handshake.
     *
     * @param factory the factory of {@link #socketFactory}.
     * @param socket the connected plain socket.
     * @param host the host name or address the certificate must name.
     * @return the TLS socket.
     * @throws IOException when the handshake fails.
     */
    public static SSLSocket wrap(SSLSocketFactory factory, Socket socket, String host) throws IOException {
        var tls = (SSLSocket) factory.createSocket(socket, host, socket.getPort(), true);
        var parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();

        return tls;
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }

        return store;
    }
}
