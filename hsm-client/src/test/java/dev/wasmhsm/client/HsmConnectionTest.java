package dev.wasmhsm.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A connection frames with a counting header and the trailer, checks the echo, and breaks on any failure. */
class HsmConnectionTest {
    @Test
    void theHeaderCountsAndTheTrailerIsSentAndChecked() throws Exception {
        var seen = new AtomicReference<byte[]>();
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var thread = new Thread(() -> answer(server, seen, false));
            thread.start();
            var settings = new HsmSettings("127.0.0.1", server.getLocalPort(), 6, "TR", Duration.ofSeconds(2),
                    Duration.ofSeconds(2), null);
            try (var connection = HsmConnection.open(settings)) {
                assertArrayEquals("B300PING".getBytes(ISO_8859_1), connection.execute("B20004PING".getBytes(ISO_8859_1)));
                assertArrayEquals("B300PONG".getBytes(ISO_8859_1), connection.execute("B20004PONG".getBytes(ISO_8859_1)));
            }
            thread.join(5000);
        }

        assertEquals("000001B20004PONG\u0019TR", new String(seen.get(), ISO_8859_1));
    }

    @Test
    void aReplyWithAnotherHeaderBreaksTheConnection() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var thread = new Thread(() -> answer(server, new AtomicReference<>(), true));
            thread.start();
            try (var connection = HsmConnection.open(HsmSettings.of("127.0.0.1", server.getLocalPort()))) {
                var error = assertThrows(IOException.class, () -> connection.execute("NC".getBytes(ISO_8859_1)));
                assertTrue(error.getMessage().contains("header"), error.getMessage());
                assertTrue(connection.isBroken());
                assertThrows(IOException.class, () -> connection.execute("NC".getBytes(ISO_8859_1)));
            }
            thread.join(5000);
        }
    }

    @Test
    void noReplyWithinTheTimeoutIsAnError() throws Exception {
        try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var settings = new HsmSettings("127.0.0.1", server.getLocalPort(), 4, null, Duration.ofSeconds(2),
                    Duration.ofMillis(200), null);
            try (var connection = HsmConnection.open(settings); var accepted = server.accept()) {
                assertTrue(accepted.isConnected());
                long start = System.nanoTime();
                assertThrows(IOException.class, () -> connection.execute("NC".getBytes(ISO_8859_1)));
                assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
            }
        }
    }

    /** Echoes B2 as B3 00 for two requests (or one with a wrong header), keeping the last request body. */
    private static void answer(ServerSocket server, AtomicReference<byte[]> seen, boolean wrongHeader) {
        try (var socket = server.accept()) {
            for (int i = 0; i < (wrongHeader ? 1 : 2); i++) {
                var body = PayShieldFrames.readBody(socket.getInputStream());
                seen.set(body);
                int headerLength = wrongHeader ? 4 : 6;
                var header = Arrays.copyOf(body, headerLength);
                if (wrongHeader) {
                    header[0] ^= 1;
                }
                var message = new String(body, headerLength, body.length - headerLength, ISO_8859_1);
                var data = message.contains("\u0019") ? message.substring(0, message.indexOf('\u0019')) : message;
                var reply = "B300" + data.substring(Math.min(6, data.length()));
                var trailer = message.contains("\u0019") ? "TR".getBytes(ISO_8859_1) : null;
                socket.getOutputStream().write(PayShieldFrames.frame(header, reply.getBytes(ISO_8859_1), trailer));
            }
        } catch (IOException e) {
            // The client went away.
        }
    }
}
