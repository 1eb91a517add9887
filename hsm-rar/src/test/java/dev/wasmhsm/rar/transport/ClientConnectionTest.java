package dev.wasmhsm.rar.transport;

import static dev.wasmhsm.rar.transport.TestClient.frames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.ResponseCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection over a real loopback socket, without a listener: what it is given and how it stops. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientConnectionTest {
    private static final String STOPPED = "listener stopping";

    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final AtomicReference<ClientConnection> self = new AtomicReference<>();
    private ServerSocket server;
    private TestClient client;
    private Thread thread;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new TestClient(server.getLocalPort());
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
        server.close();
        if (thread != null) {
            thread.join(10_000);
        }
    }

    @Test
    void aVirtualMachineErrorOnTheRequestPathAnswers41AndClosesTheConnection() throws Exception {
        start(request -> {
            throw new OutOfMemoryError("test: the heap is full");
        });

        assertEquals("HDR1ND41", client.call("HDR1NC1"));
        assertThrows(IOException.class, () -> client.call("HDR1NC2"), "the connection is closed after the reply");
        assertTrue(closes.take().startsWith("virtual machine error: java.lang.OutOfMemoryError"));
    }

    @Test
    void theRequestCarriesTheClientItsMessageAndTheActiveCount() throws Exception {
        var seen = new AtomicReference<HsmRequest>();
        start(request -> {
            seen.set(request);

            return ResponseCodes.errorReply(request.message(), "00");
        });

        assertEquals("HDR1ND00", client.call("HDR1NC1"));
        assertEquals("127.0.0.1:" + client.localPort(), seen.get().clientAddress());
        assertArrayEquals(TestClient.bytes("NC1"), seen.get().message());
        assertEquals(7, seen.get().activeConnections());
    }

    @Test
    void aStopWhileWaitingForARequestClosesAtOnce() throws Exception {
        start(ClientConnectionTest::ok);
        assertEquals("HDR1ND00", client.call("HDR1NC1"));

        self.get().stop();
        assertTrue(client.closedByServer());
        assertClosedOnce(STOPPED);
    }

    @Test
    void aStopDuringTheReplyLetsTheReplyOutThenCloses() throws Exception {
        var calls = new AtomicInteger();
        start(request -> {
            calls.incrementAndGet();
            self.get().stop();

            return ok(request);
        });

        client.write(frames("HDR1NC1", "HDR1NC2"));
        assertEquals("HDR1ND00", client.receive());
        assertTrue(client.closedByServer());
        assertClosedOnce(STOPPED);
        assertEquals(1, calls.get());
    }

    @Test
    void aConnectionStoppedBeforeItRunsAnswersNothing() throws Exception {
        var calls = new AtomicInteger();
        var connection = connection(request -> {
            calls.incrementAndGet();

            return ok(request);
        });
        connection.stop();
        client.send("HDR1NC1");

        connection.run();
        assertTrue(client.closedByServer());
        assertClosedOnce(STOPPED);
        assertEquals(0, calls.get());
    }

    @Test
    void aPeerThatHangsUpIsReportedOnce() throws Exception {
        start(ClientConnectionTest::ok);
        assertEquals("HDR1ND00", client.call("HDR1NC1"));

        client.close();
        assertClosedOnce("closed by peer");
    }

    private void start(RequestHandler handler) throws IOException {
        thread = new Thread(connection(handler), "test-connection");
        thread.start();
    }

    private ClientConnection connection(RequestHandler handler) throws IOException {
        var config = ListenerConfig.defaults().withPort(0);
        var context = new ConnectionContext(config, new FrameCodec(config.headerLength(), config.trailerEnabled()),
                handler, () -> 7, (connection, reason) -> closes.add(reason), new WriteDeadlines(Duration.ZERO, 0),
                () -> { });
        self.set(new ClientConnection(server.accept(), context));

        return self.get();
    }

    private void assertClosedOnce(String reason) throws InterruptedException {
        assertEquals(reason, closes.poll(10, TimeUnit.SECONDS));
        if (thread != null) {
            thread.join(10_000);
        }
        assertTrue(closes.isEmpty(), "closed again: " + closes);
    }

    private static byte[] ok(HsmRequest request) {
        return ResponseCodes.errorReply(request.message(), "00");
    }
}
