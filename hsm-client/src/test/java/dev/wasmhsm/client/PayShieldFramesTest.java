package dev.wasmhsm.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PayShieldFramesTest {
    private static final byte[] BUFFER = new byte[2 + 65_535 + 1];

    @Test
    void aReplyArrivingOneByteAtATimeIsReadWhole() throws Exception {
        var frame = PayShieldFrames.frame("0001".getBytes(ISO_8859_1), "B300PING".getBytes(ISO_8859_1), null);

        int length = PayShieldFrames.readReply(trickle(frame), BUFFER);
        assertEquals(frame.length, length);
        assertEquals("0001B300PING", new String(BUFFER, 2, length - 2, ISO_8859_1));
    }

    @Test
    void bytesBeyondTheOneReplyAskedForAreAProtocolError() {
        var frame = PayShieldFrames.frame(new byte[0], "ND00".getBytes(ISO_8859_1), null);
        var twice = Arrays.copyOf(frame, 2 * frame.length);
        System.arraycopy(frame, 0, twice, frame.length, frame.length);

        assertThrows(ProtocolException.class, () -> PayShieldFrames.readReply(new ByteArrayInputStream(twice),
                BUFFER));
    }

    @Test
    void aStreamEndingInsideTheFrameIsAnEndOfFile() {
        var frame = PayShieldFrames.frame(new byte[0], "ND00".getBytes(ISO_8859_1), null);

        assertThrows(EOFException.class, () -> PayShieldFrames.readReply(new ByteArrayInputStream(frame, 0, 4),
                BUFFER));
        assertThrows(EOFException.class, () -> PayShieldFrames.readReply(new ByteArrayInputStream(frame, 0, 1),
                BUFFER));
        assertThrows(IllegalArgumentException.class, () -> PayShieldFrames.readReply(
                new ByteArrayInputStream(frame), new byte[100]), "a buffer too small for the largest frame");
    }

    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
    }
}
