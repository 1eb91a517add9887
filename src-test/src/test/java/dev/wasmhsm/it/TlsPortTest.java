package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wasmhsm.client.PayShieldFrames;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS host port as a client meets it: the test servers run the {@code secure} listener on 1501 with mutual
 * TLS (the certificate of {@code client.p12} on its allowlist) and the address allowlist {@code 127.0.0.1}, keys
 * from scripts/test-secrets.sh in {@code hsm.secrets.dir}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TlsPortTest {
    private static final int TLS_PORT = 1501;
    private static final Path KEYS = Path.of(System.getProperty("hsm.secrets.dir", "target/secrets"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void aTlsClientWithAnAllowedCertificateGetsAnswersOverTls13() throws Exception {
        try (var socket = tlsSocket("client.p12", null); var client = new HsmClient(socket)) {
            assertEquals("0001B300PING", client.call("0001B20004PING"));
            assertTrue(client.call("HEADNC").startsWith("HEADND00"));
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @Test
    void aPlainClientOnTheTlsPortGetsATlsAlertAtMostAndIsClosed() throws IOException {
        try (var socket = HsmClient.connected(new Socket(), TLS_PORT)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(HsmClient.frame("0001B20004PING"));
            byte[] received;
            try {
                received = socket.getInputStream().readAllBytes();
            } catch (SocketException e) {
                received = new byte[0];
            }

            assertTrue(received.length == 0 || received[0] == 0x15, "not a TLS alert record: "
                    + HexFormat.of().formatHex(received));
            assertFalse(new String(received, ISO_8859_1).contains("B3"), "the request was answered");
        }
    }

    @Test
    void mutualTlsRefusesACertificateOffTheAllowlistAndAClientWithNone() throws Exception {
        for (var keyStore : new String[] {"stranger.p12", null}) {
            try (var socket = tlsSocket(keyStore, null)) {
                assertTrue(refused(socket), (keyStore == null ? "no certificate" : keyStore) + " was served");
            }
        }
    }

    @Test
    void anAddressOutsideTheAllowlistIsRefusedEvenWithAnAllowedCertificate() throws Exception {
        try (var jmx = new ServerJmx()) {
            var before = (Long) jmx.listenerAttribute(TLS_PORT, "RefusedConnections");
            try (var socket = tlsSocket("client.p12", InetAddress.getByName("127.0.0.2"))) {
                assertTrue(refused(socket), "a client from 127.0.0.2 was served");
            }

            assertTrue((Long) jmx.listenerAttribute(TLS_PORT, "RefusedConnections") > before,
                    "the listener itself refused the connection");
        }
    }

    @Test
    void opensslSClientGetsAnswers(@TempDir Path directory) throws Exception {
        assumeTrue(run(directory, "openssl", "version") == 0, "openssl is not installed");
        var pem = directory.resolve("client.pem");
        var ca = directory.resolve("server.pem");
        var password = "file:" + KEYS.resolve("password");
        assertEquals(0, run(directory, "openssl", "pkcs12", "-in", KEYS.resolve("client.p12").toString(), "-passin",
                password, "-nodes", "-out", pem.toString()));
        assertEquals(0, run(directory, "openssl", "x509", "-inform", "DER", "-in",
                KEYS.resolve("server.cer").toString(), "-out", ca.toString()));
        var process = new ProcessBuilder("openssl", "s_client", "-quiet", "-connect", HsmClient.HOST + ":" + TLS_PORT,
                "-cert", pem.toString(), "-key", pem.toString(), "-CAfile", ca.toString(), "-verify_return_error",
                "-verify_ip", HsmClient.HOST).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            process.getOutputStream().write(HsmClient.frame("0001B20004PING"));
            process.getOutputStream().flush();
            var reply = PayShieldFrames.readBody(process.getInputStream());

            assertEquals("0001B300PING", new String(reply, ISO_8859_1));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A TLS socket that verifies the server (certificate and IP address), with a client key store or none. */
    private static SSLSocket tlsSocket(String keyStore, InetAddress localAddress) throws IOException,
            GeneralSecurityException {
        var password = Files.readAllLines(KEYS.resolve("password"), StandardCharsets.UTF_8).get(0).toCharArray();
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("trust.p12", password));
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore == null ? null : load(keyStore, password), password);
        var context = SSLContext.getInstance("TLS");
        context.init(keyStore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        var socket = (SSLSocket) context.getSocketFactory().createSocket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        var parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        HsmClient.connected(socket, TLS_PORT);
        socket.setSoTimeout(10_000);

        return socket;
    }

    private static KeyStore load(String file, char[] password) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(KEYS.resolve(file))) {
            store.load(in, password);
        }

        return store;
    }

    /** @return whether the server ended the connection without answering a request. */
    private static boolean refused(SSLSocket socket) {
        try (var client = new HsmClient(socket)) {
            client.write(HsmClient.frame("0001B20004PING"));

            return client.closedByServer();
        } catch (IOException e) {
            return true;
        }
    }

    /** @return the command's exit status, or -1 when it cannot run or takes longer than 30 s. */
    private static int run(Path directory, String... command) throws InterruptedException {
        try {
            var process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
