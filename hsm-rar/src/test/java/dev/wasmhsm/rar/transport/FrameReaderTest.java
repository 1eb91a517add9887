package dev.wasmhsm.rar.transport;

import static dev.wasmhsm.rar.transport.TestClient.bytes;
import static dev.wasmhsm.rar.transport.TestClient.frame;
import static dev.wasmhsm.rar.transport.TestClient.frames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    /** A 4-byte header, frames of 6 to 32,768 bytes. */
    private static final ListenerConfig CONFIG = ListenerConfig.defaults();

    /** Delivers one byte per read, as a slow network might. */
    private static class TrickleStream extends FilterInputStream {
        TrickleStream(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    @Test
    void frameTrickledPastTheReadTimeoutIsRefused() {
        var config = new ListenerConfig("127.0.0.1", 0, 4, false, 32 * 1024, 10, 10, Duration.ZERO,
                Duration.ofMillis(100), Duration.ZERO);
        var slow = new TrickleStream(frames("HDR1B20004PING")) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }

                return super.read(b, off, len);
            }
        };
        var reader = new FrameReader(slow, null, config);

        assertThrows(SocketTimeoutException.class, reader::next);
    }

    @Test
    void frameSplitByteByByteIsReassembled() throws IOException {
        var reader = reader(new TrickleStream(frames("HDR1NC0123", "HDR1B2")));

        assertArrayEquals(bytes("HDR1NC0123"), reader.next());
        assertArrayEquals(bytes("HDR1B2"), reader.next());
        assertNull(reader.next());
    }

    @Test
    void threeFramesInOneReadAreSeparated() throws IOException {
        var reader = reader(new ByteArrayInputStream(frames("HDR1NC1", "HDR1NC22", "HDR1NC333")));

        assertArrayEquals(bytes("HDR1NC1"), reader.next());
        assertArrayEquals(bytes("HDR1NC22"), reader.next());
        assertArrayEquals(bytes("HDR1NC333"), reader.next());
        assertNull(reader.next());
    }

    @Test
    void frameShorterThanHeaderPlusCommandCodeIsRejected() {
        assertThrows(FrameException.class, () -> reader(new ByteArrayInputStream(frames("HDR1N"))).next());
        assertThrows(FrameException.class, () -> reader(new ByteArrayInputStream(frames(""))).next());
    }

    @Test
    void frameLongerThanMaxFrameLengthIsRejected() {
        int length = CONFIG.maxFrameLength() + 1;
        var prefix = new byte[] {(byte) (length >>> 8), (byte) length};

        assertThrows(FrameException.class, () -> reader(new ByteArrayInputStream(prefix)).next());
    }

    @Test
    void framesOfTheMinimumAndMaximumLengthAreAccepted() throws IOException {
        var longest = filled(CONFIG.maxFrameLength());
        var reader = reader(new ByteArrayInputStream(concat(frames("HDR1NC"), frame(longest))));

        assertArrayEquals(bytes("HDR1NC"), reader.next());
        assertArrayEquals(longest, reader.next());
    }

    @Test
    void eofBetweenFramesReturnsNull() throws IOException {
        assertNull(reader(new ByteArrayInputStream(new byte[0])).next());

        var reader = reader(new ByteArrayInputStream(frames("HDR1NC")));
        assertArrayEquals(bytes("HDR1NC"), reader.next());
        assertNull(reader.next());
    }

    @Test
    void eofInsideFrameThrowsEofException() {
        var frame = frames("HDR1NC0123");
        for (int cut : new int[] {1, 2, 5, frame.length - 1}) {
            var truncated = Arrays.copyOf(frame, cut);
            assertThrows(EOFException.class, () -> reader(new TrickleStream(truncated)).next(), "cut at " + cut);
        }
    }

    @Test
    void frameLargerThanTheReadBufferIsReassembled() throws IOException {
        var body = filled(32 * 1024);
        var data = concat(frame(body), frames("HDR1NC"));
        var reader = reader(new ByteArrayInputStream(data));
        var trickling = reader(new TrickleStream(data));

        assertArrayEquals(body, reader.next());
        assertArrayEquals(bytes("HDR1NC"), reader.next());
        assertArrayEquals(body, trickling.next());
        assertArrayEquals(bytes("HDR1NC"), trickling.next());
    }

    private static FrameReader reader(InputStream in) {
        return new FrameReader(in, null, CONFIG);
    }

    private static byte[] filled(int length) {
        var body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) i;
        }

        return body;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        var both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        return both;
    }
}
