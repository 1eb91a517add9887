package dev.wasmhsm.rar.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.client.PayShieldFrames;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the listener: a TLS client is answered, a plain client on the TLS port is closed, only TLS 1.2 and 1.3
 * are offered, and with mutual TLS a client certificate off the allowlist is refused. The key stores are made here
 * with the JDK's keytool.
 */
class TlsListenerTest {
    private static final String PASSWORD = "test-only-password";

    @TempDir
    static Path directory;
    private static Path serverStore;
    private static Path clientStore;
    private static Path strangerStore;
    private static Path passwordFile;
    private TcpListener listener;

    @BeforeAll
    static void makeKeyStores() throws IOException, InterruptedException {
        serverStore = keyStore("server");
        clientStore = keyStore("client");
        strangerStore = keyStore("stranger");
        passwordFile = Files.writeString(directory.resolve("password"), PASSWORD + "\n");
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    @Test
    void aTlsClientIsAnsweredAndAPlainOneIsClosed() throws Exception {
        int port = start(List.of());

        try (var socket = tlsClient(port, null)) {
            assertEquals("HDR1ND00tls", call(socket, "HDR1NCtls"));
            assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(socket.getSession().getProtocol()));
        }
        assertEquals(1, listener.getTlsHandshakes());
        try (var plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(5000);
            plain.getOutputStream().write(TestClient.frames("HDR1NCplain"));
            assertThrows(IOException.class, () -> readReply(plain.getInputStream()), "a plain client gets no reply");
        }
        assertEquals(1, listener.getTlsHandshakes(), "a failed handshake is not counted");
    }

    @Test
    void mutualTlsAcceptsTheAllowlistedCertificateOnly() throws Exception {
        int port = start(List.of(fingerprint(clientStore)));

        try (var socket = tlsClient(port, clientStore)) {
            assertEquals("HDR1ND00mtls", call(socket, "HDR1NCmtls"));
        }
        assertThrows(IOException.class, () -> {
            try (var socket = tlsClient(port, strangerStore)) {
                call(socket, "HDR1NCstranger");
            }
        });
        assertThrows(IOException.class, () -> {
            try (var socket = tlsClient(port, null)) {
                call(socket, "HDR1NCnone");
            }
        });
    }

    @Test
    void aKeyAliasChoosesTheEntryOfAStoreWithSeveralKeys() throws Exception {
        var shared = Files.copy(serverStore, directory.resolve("shared.p12"));
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", shared.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        int port = start(new TlsConfig(shared, passwordFile, List.of(), "other"));

        try (var socket = tlsClient(port, null, shared)) {
            assertEquals("HDR1ND00", call(socket, "HDR1NC").substring(0, 8));
            assertEquals("CN=other", ((X509Certificate) socket.getSession()
                    .getPeerCertificates()[0]).getSubjectX500Principal().getName());
        }
        listener.stop();
        listener = null;
        var missing = new TlsConfig(shared, passwordFile, List.of(), "absent");
        var error = assertThrows(IOException.class, () -> start(missing));
        assertTrue(error.getMessage().contains("no key entry absent"), error.getMessage());
    }

    @Test
    void onlyStrongSuitesAreOffered() {
        assertTrue(TlsConfig.strong("TLS_AES_128_GCM_SHA256"));
        assertTrue(TlsConfig.strong("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
        assertTrue(!TlsConfig.strong("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"));
        assertTrue(!TlsConfig.strong("TLS_RSA_WITH_AES_128_GCM_SHA256"), "no forward secrecy");
    }

    private int start(List<String> fingerprints) throws IOException {
        return start(new TlsConfig(serverStore, passwordFile, fingerprints));
    }

    private int start(TlsConfig tls) throws IOException {
        var d = ListenerConfig.defaults();
        var config = new ListenerConfig("127.0.0.1", 0, 4, false, 32 * 1024, 100, 50, d.idleTimeout(),
                Duration.ofSeconds(5), Duration.ofSeconds(2), d.writeTimeout(), List.of(), 0, tls);
        listener = new TcpListener(config, TcpListenerTest::echo);
        listener.start(r -> new Thread(r, "test-acceptor").start());

        return listener.localPort();
    }

    private static SSLSocket tlsClient(int port, Path ownStore) throws IOException, GeneralSecurityException {
        return tlsClient(port, ownStore, serverStore);
    }

    private static SSLSocket tlsClient(int port, Path ownStore, Path trusted) throws IOException,
            GeneralSecurityException {
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trusted));
        KeyManagerFactory keys = null;
        if (ownStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(ownStore), PASSWORD.toCharArray());
        }
        var context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(5000);

        return socket;
    }

    private static String call(Socket socket, String body) throws IOException {
        socket.getOutputStream().write(TestClient.frames(body));

        return readReply(socket.getInputStream());
    }

    private static String readReply(InputStream in) throws IOException {
        return new String(PayShieldFrames.readBody(in), StandardCharsets.ISO_8859_1);
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }

        return store;
    }

    private static String fingerprint(Path store) throws IOException, GeneralSecurityException {
        var certificate = load(store).getCertificate("key");

        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static Path keyStore(String name) throws IOException, InterruptedException {
        var file = directory.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "key", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);

        return file;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
