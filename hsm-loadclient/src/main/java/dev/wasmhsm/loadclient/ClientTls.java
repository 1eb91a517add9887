package dev.wasmhsm.loadclient;

import dev.wasmhsm.client.TlsStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.net.ssl.SSLSocketFactory;

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
            return TlsStores.socketFactory(trustStore, keyStore, passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
