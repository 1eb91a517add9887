package dev.wasmhsm.rar.outbound;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.client.PayShieldFrames;
import dev.wasmhsm.rar.api.ConnectionStatistics;
import dev.wasmhsm.rar.inbound.HsmResourceAdapter;
import dev.wasmhsm.rar.transport.RequestHandler;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.security.PasswordCredential;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

/**
 * The remote side of the outbound connector without a container: failover past a dead HSM, a broken connection
 * reported to the container (so that it is destroyed, never pooled again), validation by NC, the allowlist.
 */
class OutboundConnectionTest {
    private final List<Integer> events = new ArrayList<>();

    @Test
    void aNewConnectionSkipsADeadHsmAndABrokenOneIsReportedToThePool() throws Exception {
        try (var hsm = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            var answering = new Thread(() -> answerOnceThenHangUp(hsm));
            answering.start();
            var factory = remoteFactory(deadPort() + "," + hsm.getLocalPort(), "");
            var managed = (HsmManagedConnection) factory.createManagedConnection(null, null);
            managed.addConnectionEventListener(listener());
            var handle = (HsmConnectionHandle) managed.getConnection(null, null);

            assertArrayEquals("ND00".getBytes(ISO_8859_1), handle.execute("NC".getBytes(ISO_8859_1)));
            assertThrows(ResourceException.class, () -> handle.execute("NC".getBytes(ISO_8859_1)));
            assertEquals(List.of(ConnectionEvent.CONNECTION_ERROR_OCCURRED), events);
            assertTrue(managed.isBroken());
            assertEquals(Set.of(managed), factory.getInvalidConnections(Set.of(managed)));
            assertEquals(null, factory.matchManagedConnections(Set.of(managed), null, null), "never reused");
            managed.destroy();
            answering.join(5000);
        }
    }

    @Test
    void validatingAConnectionThatRepliedLatelySendsNothing() throws Exception {
        try (var hsm = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            var factory = remoteFactory(String.valueOf(hsm.getLocalPort()), "");
            var managed = (HsmManagedConnection) factory.createManagedConnection(null, null);
            try (var accepted = hsm.accept()) {
                accepted.setSoTimeout(300);
                for (int i = 0; i < 100; i++) {
                    assertEquals(Set.of(), factory.getInvalidConnections(Set.of(managed)));
                }

                assertThrows(SocketTimeoutException.class, () -> accepted.getInputStream().read(),
                        "the HSM got no NC for a connection that is not idle");
            }
            managed.destroy();
        }
    }

    @Test
    void noHsmAnsweringIsAResourceExceptionNamingEach() throws Exception {
        var factory = remoteFactory(deadPort() + "," + deadPort(), "");

        var error = assertThrows(ResourceException.class, () -> factory.createManagedConnection(null, null));
        assertTrue(error.getMessage().startsWith("no HSM answers: 127.0.0.1:"), error.getMessage());
    }

    @Test
    void theAllowlistAnswersOtherCommandsWithError17AndSendsNothing() throws Exception {
        try (var hsm = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            var factory = remoteFactory(String.valueOf(hsm.getLocalPort()), "CA, cc");
            var managed = (HsmManagedConnection) factory.createManagedConnection(null, null);
            var handle = (HsmConnectionHandle) managed.getConnection(null, null);

            assertArrayEquals("A917".getBytes(ISO_8859_1), handle.execute("A8003U0000".getBytes(ISO_8859_1)));
            handle.close();
            assertThrows(ResourceException.class, () -> handle.execute("CA".getBytes(ISO_8859_1)), "closed handle");
            managed.destroy();
        }
        assertThrows(IllegalArgumentException.class, () -> CommandAllowlist.parse("CA,C"));
    }

    @Test
    void aLocalCallNamesThePrincipalTheContainerSignedOnForItsHandle() throws Exception {
        var clients = new ArrayList<String>();
        var adapter = new HsmResourceAdapter() {
            @Override
            public RequestHandler localHandler() {
                return request -> {
                    clients.add(request.clientAddress());

                    return "ND00".getBytes(ISO_8859_1);
                };
            }
        };
        var factory = new HsmManagedConnectionFactory();
        factory.setMode("local");
        factory.setResourceAdapter(adapter);
        var managed = (HsmManagedConnection) factory.createManagedConnection(subject("pool"), null);
        var mapped = new Subject();
        var credential = new PasswordCredential("cardapp", new char[] {'p'});
        credential.setManagedConnectionFactory(factory);
        mapped.getPrivateCredentials().add(credential);
        var unmapped = new Subject();
        unmapped.getPrivateCredentials().add(new PasswordCredential("", new char[0]));
        for (var caller : new Subject[] {subject("teller7"), null, subject("x,principal=root y\"z"), mapped,
            unmapped, subject(" ")}) {
            try (var handle = (HsmConnectionHandle) managed.getConnection(caller, null)) {
                handle.execute("NC".getBytes(ISO_8859_1));
            }
        }

        assertEquals(List.of("local:app=-,principal=teller7", "local:app=-,principal=-",
                "local:app=-,principal=x_principal_root_y_z", "local:app=-,principal=cardapp",
                "local:app=-,principal=-", "local:app=-,principal=-"), clients, "never the pooled connection's own"
                + " principal; a name cannot add fields");
        assertEquals("pool", managed.getMetaData().getUserName());
    }

    @Test
    void statisticsCountOpenAndHeldConnectionsAndASharedHandleLeavesItsFormerConnection() throws Exception {
        var factory = new HsmManagedConnectionFactory();
        var first = (HsmManagedConnection) factory.createManagedConnection(null, null);
        var second = (HsmManagedConnection) factory.createManagedConnection(null, null);
        assertEquals(new ConnectionStatistics(2, 0), factory.statistics());

        var handle = (HsmConnectionHandle) first.getConnection(null, null);
        assertEquals(new ConnectionStatistics(2, 1), factory.statistics());
        second.associateConnection(handle);
        assertEquals(new ConnectionStatistics(2, 1), factory.statistics(), "the handle moved, it did not double");
        first.destroy();
        assertEquals(new ConnectionStatistics(1, 1), factory.statistics());
        handle.close();
        assertEquals(new ConnectionStatistics(1, 0), factory.statistics());
        assertEquals(1, factory.statistics().idle());
        second.destroy();
        assertEquals(new ConnectionStatistics(0, 0), factory.statistics());
    }

    private static Subject subject(String name) {
        var subject = new Subject();
        subject.getPrincipals().add(() -> name);

        return subject;
    }

    private static HsmManagedConnectionFactory remoteFactory(String ports, String allowed) {
        var factory = new HsmManagedConnectionFactory();
        factory.setMode("remote");
        factory.setHosts(Arrays.stream(ports.split(",")).map(port -> "127.0.0.1:" + port.strip())
                .reduce((a, b) -> a + "," + b).orElseThrow());
        factory.setConnectTimeoutMillis(1000);
        factory.setReplyTimeoutMillis(1000);
        factory.setAllowedCommands(allowed);

        return factory;
    }

    private ConnectionEventListener listener() {
        return new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent event) {
                events.add(event.getId());
            }

            @Override
            public void localTransactionStarted(ConnectionEvent event) {
                events.add(event.getId());
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent event) {
                events.add(event.getId());
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent event) {
                events.add(event.getId());
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent event) {
                events.add(event.getId());
            }
        };
    }

    private static int deadPort() throws IOException {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Answers the first request with ND00 (its header echoed), then closes the connection. */
    private static void answerOnceThenHangUp(ServerSocket server) {
        try (var socket = server.accept()) {
            var body = PayShieldFrames.readBody(socket.getInputStream());
            socket.getOutputStream().write(PayShieldFrames.frame(Arrays.copyOf(body, 4), "ND00".getBytes(ISO_8859_1),
                    null));
        } catch (IOException e) {
            // The client went away.
        }
    }
}
