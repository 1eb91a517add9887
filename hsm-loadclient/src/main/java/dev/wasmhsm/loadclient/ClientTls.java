package dev.wasmhsm.loadclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the load client's connections, as a payShield client with a certificate uses it: the server is verified
 * against a PKCS#12 trust store (certificate and host name or address), and a PKCS#12 client key store answers a
 * listener that asks for a certificate.
 *
 * @param trustStore the PKCS#12 file with the server's certificate (or its issuer's).
 * @param keyStore the PKCS#12 file with the client's key and certificate, or null for none.
 * @param passwordFile a file whose first line is the password of both stores.
 */
public record ClientTls(Path trustStore, Path keyStore, Path passwordFile) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException when the trust store or the password file is missing.
     */
    public ClientTls {
        if (trustStore == null || passwordFile == null) {
            throw new IllegalArgumentException("a TLS run needs --tls-trust-store and --tls-password-file");
        }
    }

    /**
     * Builds the socket factory once for every connection of a run.
     *
     * @return the factory.
     * @throws UncheckedIOException when a store cannot be read.
     */
    SSLSocketFactory socketFactory() {
        try {
            var password = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).get(0).toCharArray();
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("cannot set up TLS: " + e.getMessage(), e));
        }
    }

    /**
     * Puts TLS over a connected socket and completes the handshake.
     *
     * @param factory the factory of {@link #socketFactory()}.
     * @param socket the connected plain socket.
     * @param host the server's name or address, which its certificate must name.
     * @return the TLS socket.
     * @throws IOException when the handshake fails.
     */
    static Socket wrap(SSLSocketFactory factory, Socket socket, String host) throws IOException {
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
