package dev.wasmhsm.rar.transport;

import static dev.wasmhsm.rar.transport.TestClient.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.ResponseCodes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real sockets on 127.0.0.1; every client read times out after 10 s and every test after 30 s. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpListenerTest {
    private static final int IDLE_CONNECTIONS = 1000;

    private TcpListener listener;

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.stop();
        }
    }

    @Test
    void roundTripEchoesTheHeader() throws IOException {
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);

        try (var client = new TestClient(port)) {
            assertEquals("HDR1ND00hello", client.call("HDR1NChello"));
            assertEquals("\u0000\u00ff\u0019\u0080B300", client.call("\u0000\u00ff\u0019\u0080B2"));
        }
    }

    /** Use 127.0.0.2 as the outside address: a client bound to it is refused by an allowlist of 127.0.0.1 only. */
    @Test
    void theAllowlistAndThePerClientCapRefuseConnectionsAndOthersAreServed() throws IOException {
        var d = ListenerConfig.defaults();
        int port = start(new ListenerConfig("127.0.0.1", 0, 4, false, 32 * 1024, 100, 50, d.idleTimeout(),
                d.readTimeout(), Duration.ofSeconds(2), d.writeTimeout(), List.of("127.0.0.1/32", "10.0.0.0/8"), 2, null),
                TcpListenerTest::echo);
        try (var outside = new Socket()) {
            outside.bind(new InetSocketAddress("127.0.0.2", 0));
            outside.connect(new InetSocketAddress("127.0.0.1", port));
            outside.setSoTimeout(5000);

            assertEquals(-1, outside.getInputStream().read(), "closed at once");
        }
        try (var first = new TestClient(port); var second = new TestClient(port); var third = new TestClient(port)) {
            assertEquals("HDR1ND00a", first.call("HDR1NCa"));
            assertEquals("HDR1ND00b", second.call("HDR1NCb"));
            assertThrows(IOException.class, () -> third.call("HDR1NCc"), "a third connection from one address");
        }
        assertEquals(2, listener.getRefusedConnections());
        awaitActive(0);
        try (var again = new TestClient(port)) {
            assertEquals("HDR1ND00d", again.call("HDR1NCd"), "the cap counts open connections only");
        }
    }

    /** A client that sends requests and never reads its replies is disconnected within the write deadline. */
    @Test
    @Timeout(30)
    void aClientThatNeverReadsIsDisconnectedAtTheWriteDeadlineAndOthersAreServed() throws Exception {
        var config = ListenerConfig.defaults().withPort(0);
        config = new ListenerConfig(config.bindAddress(), 0, 4, false, 32 * 1024, 100, 50, config.idleTimeout(),
                config.readTimeout(), Duration.ofSeconds(2), Duration.ofMillis(500));
        int port = start(config, TcpListenerTest::echo);
        var body = "HDR1NC" + "x".repeat(30_000);
        try (var reader = new TestClient(port); var greedy = new TestClient(port)) {
            var writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        greedy.write(frames(body));
                    }
                } catch (IOException e) {
                    // The server closed the connection: what the test waits for.
                }
            });
            awaitActive(2);
            long start = System.nanoTime();
            writer.get(20, TimeUnit.SECONDS);
            long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(closedAfterMillis < 15_000, "closed after " + closedAfterMillis + " ms");
            awaitActive(1);
            assertEquals("HDR1ND00ok", reader.call("HDR1NCok"), "the other client is served");
        }
    }

    @Test
    void threeFramesInOneWriteAreAnsweredInOrder() throws IOException {
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);

        try (var client = new TestClient(port)) {
            client.write(frames("HDR1NC1", "HDR1NC2", "HDR1NC3"));
            assertEquals("HDR1ND001", client.receive());
            assertEquals("HDR1ND002", client.receive());
            assertEquals("HDR1ND003", client.receive());
        }
    }

    @Test
    void framesWrittenByteByByteAreAnsweredInOrder() throws Exception {
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);

        try (var client = new TestClient(port)) {
            for (byte b : frames("HDR1NC1", "HDR1NC2")) {
                client.write(new byte[] {b});
                Thread.sleep(2);
            }
            assertEquals("HDR1ND001", client.receive());
            assertEquals("HDR1ND002", client.receive());
        }
    }

    @Test
    void oversizeFrameClosesOnlyItsConnection() throws IOException {
        var config = ListenerConfig.defaults().withPort(0);
        int port = start(config, TcpListenerTest::echo);
        int length = config.maxFrameLength() + 1;

        try (var good = new TestClient(port); var bad = new TestClient(port)) {
            assertEquals("HDR1ND001", good.call("HDR1NC1"));
            bad.write(new byte[] {(byte) (length >>> 8), (byte) length, 'H', 'D', 'R', '1', 'N', 'C'});
            assertTrue(bad.closedByServer());
            assertEquals("HDR1ND002", good.call("HDR1NC2"));
        }
    }

    @Test
    void connectionBeyondMaxConnectionsIsRefused() throws IOException {
        int port = start(config(2, Duration.ofMinutes(1), Duration.ofSeconds(5)), TcpListenerTest::echo);

        try (var first = new TestClient(port); var second = new TestClient(port)) {
            assertEquals("HDR1ND001", first.call("HDR1NC1"));
            assertEquals("HDR1ND002", second.call("HDR1NC2"));
            try (var third = new TestClient(port)) {
                assertTrue(third.closedByServer());
            }
            assertEquals("HDR1ND003", first.call("HDR1NC3"));
            assertEquals("HDR1ND004", second.call("HDR1NC4"));
            assertEquals(1, listener.getRefusedConnections());
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        int port = start(config(10, Duration.ofSeconds(1), Duration.ofSeconds(5)), TcpListenerTest::echo);

        try (var client = new TestClient(port)) {
            long started = System.nanoTime();
            assertTrue(client.closedByServer());
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 800, "closed after " + waited + " ms");
        }
    }

    @Test
    void frameStalledMidwayIsClosedAfterTheReadTimeout() throws IOException {
        int port = start(config(10, Duration.ofMinutes(1), Duration.ofMillis(200)), TcpListenerTest::echo);

        try (var client = new TestClient(port)) {
            assertEquals("HDR1ND001", client.call("HDR1NC1"));
            client.write(new byte[] {0, 7, 'H', 'D'});
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void stopDeliversTheInFlightReplyThenCloses() throws Exception {
        var config = config(10, Duration.ofMinutes(1), Duration.ofSeconds(5));
        var entered = new CountDownLatch(1);
        int port = start(config, request -> {
            entered.countDown();
            pause(300);

            return echo(request);
        });

        try (var busy = new TestClient(port); var idle = new TestClient(port)) {
            awaitActive(2);
            busy.send("HDR1NC1");
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            var stopping = listener;
            listener = null;
            var stopped = CompletableFuture.supplyAsync(() -> timed(stopping::stop));
            assertEquals("HDR1ND001", busy.receive());
            assertTrue(busy.closedByServer());
            assertTrue(idle.closedByServer());
            var took = stopped.get(10, TimeUnit.SECONDS);
            assertTrue(took.compareTo(config.stopTimeout()) < 0, "stop took " + took);
        }
    }

    @Test
    void activeConnectionsGoUpAndBackDown() throws IOException {
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);
        assertEquals(0, listener.getActiveConnections());

        try (var first = new TestClient(port)) {
            assertEquals("HDR1ND001", first.call("HDR1NC1"));
            assertEquals(1, listener.getActiveConnections());
            try (var second = new TestClient(port)) {
                assertEquals("HDR1ND002", second.call("HDR1NC2"));
                assertEquals(2, listener.getActiveConnections());
            }
            awaitActive(1);
        }
        awaitActive(0);
        assertEquals(2, listener.getAcceptedConnections());
        assertEquals(2, listener.getRequests());
    }

    @Test
    void thousandIdleConnectionsDoNotBlockANewOne() throws IOException {
        // Each connection costs two descriptors in this JVM: the client end and the server end.
        assumeTrue(freeFileDescriptors() > 2L * IDLE_CONNECTIONS + 200, "file descriptor limit too low");
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);
        var idle = new ArrayList<TestClient>();

        try {
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                idle.add(new TestClient(port));
            }
            try (var client = new TestClient(port)) {
                // Accepts are in arrival order, so the idle connections are all open by the time this one is.
                assertEquals("HDR1ND001", client.call("HDR1NC1"));
                assertEquals(IDLE_CONNECTIONS + 1, listener.getActiveConnections());
            }
        } finally {
            for (var client : idle) {
                client.close();
            }
        }
    }

    @Test
    void connectionClosedAtTheLimitFreesItsPlace() throws IOException {
        // The place is free once the count drops, even while the closed connection's thread is still winding down.
        int port = start(config(1, Duration.ofMinutes(1), Duration.ofSeconds(5)), TcpListenerTest::echo);

        for (int i = 0; i < 200; i++) {
            try (var client = new TestClient(port)) {
                assertEquals("HDR1ND001", client.call("HDR1NC1"), "round " + i);
            }
            awaitActive(0);
        }
    }

    @Test
    void aPortInUseLeavesNoSocketOpen() throws IOException {
        assumeTrue(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean,
                "no file descriptor count");
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);
        long before = openFileDescriptors();

        for (int i = 0; i < 20; i++) {
            var clash = new TcpListener(ListenerConfig.defaults().withPort(port), TcpListenerTest::echo);
            assertThrows(BindException.class, () -> clash.start(Runnable::run));
        }
        long leaked = openFileDescriptors() - before;
        assertTrue(leaked < 10, leaked + " descriptors left open");
    }

    @Test
    void aListenerWhoseBeanNameIsTakenLeavesTheOtherBeanRegistered() throws Exception {
        int port = start(ListenerConfig.defaults().withPort(0), TcpListenerTest::echo);
        var name = new ObjectName("dev.wasmhsm:type=Listener,port=" + port);
        var beans = ManagementFactory.getPlatformMBeanServer();
        assertTrue(beans.isRegistered(name));
        var d = ListenerConfig.defaults();
        var samePort = new TcpListener(new ListenerConfig("127.0.0.2", port, d.headerLength(), d.trailerEnabled(),
                d.maxFrameLength(), d.maxConnections(), d.backlog(), d.idleTimeout(), d.readTimeout(),
                d.stopTimeout()), TcpListenerTest::echo);
        try {
            samePort.start(r -> new Thread(r, "test-acceptor-2").start());
        } catch (BindException e) {
            assumeTrue(false, "127.0.0.2 cannot be bound here");
        }

        samePort.stop();
        assertTrue(beans.isRegistered(name));
    }

    private int start(ListenerConfig config, RequestHandler handler) throws IOException {
        listener = new TcpListener(config, handler);
        listener.start(r -> new Thread(r, "test-acceptor").start());

        return listener.localPort();
    }

    private void awaitActive(int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (listener.getActiveConnections() != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        assertEquals(expected, listener.getActiveConnections());
    }

    private static ListenerConfig config(int maxConnections, Duration idleTimeout, Duration readTimeout) {
        return new ListenerConfig("127.0.0.1", 0, 4, false, 32 * 1024, maxConnections, 50, idleTimeout, readTimeout,
                Duration.ofSeconds(2));
    }

    /** Answers with the response code, error code 00, then the request's data. */
    static byte[] echo(HsmRequest request) {
        var message = request.message();
        var code = ResponseCodes.errorReply(message, "00");
        var reply = new byte[code.length + message.length - 2];
        System.arraycopy(code, 0, reply, 0, code.length);
        System.arraycopy(message, 2, reply, code.length, message.length - 2);

        return reply;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration timed(Runnable action) {
        long started = System.nanoTime();
        action.run();

        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static long openFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    private static long freeFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount()
                : Long.MAX_VALUE;
    }
}
