package dev.wasmhsm.rar.transport;

import static dev.wasmhsm.rar.transport.TestClient.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmhsm.protocol.Framing;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final byte EM = Framing.EM;

    private final FrameCodec plain = new FrameCodec(4, false);
    private final FrameCodec trailing = new FrameCodec(4, true);

    @Test
    void messageStripsTheHeader() {
        assertArrayEquals(bytes("NC0123"), plain.message(bytes("HDR1NC0123")));
        assertArrayEquals(bytes("NC"), plain.message(bytes("HDR1NC")));
    }

    @Test
    void replyFrameHasTwoByteLengthAndEchoesBinaryHeader() throws FrameException {
        var header = new byte[] {0x00, (byte) 0xFF, EM, (byte) 0x80};
        var reply = new byte[300];
        Arrays.fill(reply, (byte) 'R');

        var frame = plain.replyFrame(join(header, bytes("NC")), reply);

        assertEquals(2 + 4 + 300, frame.length);
        assertEquals(0x01, frame[0]);
        assertEquals(0x30, frame[1]);
        assertArrayEquals(header, Arrays.copyOfRange(frame, 2, 6));
        assertArrayEquals(reply, Arrays.copyOfRange(frame, 6, frame.length));
    }

    @Test
    void trailerIsSplitOffTheMessageAndEchoedAfterTheReply() throws FrameException {
        var body = join(bytes("HDR1NC0123"), new byte[] {EM}, bytes("TRAILER"));

        assertArrayEquals(bytes("NC0123"), trailing.message(body));
        var expected = join(new byte[] {0, 16}, bytes("HDR1ND00"), new byte[] {EM}, bytes("TRAILER"));
        assertArrayEquals(expected, trailing.replyFrame(body, bytes("ND00")));
    }

    @Test
    void emWithoutTrailerIsSplitOffAndEchoed() throws FrameException {
        var body = join(bytes("HDR1NC"), new byte[] {EM});

        assertArrayEquals(bytes("NC"), trailing.message(body));
        assertArrayEquals(join(new byte[] {0, 9}, bytes("HDR1ND00"), new byte[] {EM}),
                trailing.replyFrame(body, bytes("ND00")));
    }

    @Test
    void emMoreThanMaxTrailerLengthFromTheEndStaysInTheData() {
        var data = new byte[Framing.MAX_TRAILER_LENGTH + 1];
        Arrays.fill(data, (byte) 'D');
        var message = join(bytes("NC"), new byte[] {EM}, data);

        assertArrayEquals(message, trailing.message(join(bytes("HDR1"), message)));
    }

    @Test
    void emInTheHeaderOrCommandCodeIsNotATrailer() {
        var body = new byte[] {'H', 'D', 'R', EM, 'N', EM};

        assertArrayEquals(new byte[] {'N', EM}, trailing.message(body));
    }

    @Test
    void withTrailersDisabledEmStaysInTheData() throws FrameException {
        var body = join(bytes("HDR1NC0123"), new byte[] {EM}, bytes("TRAILER"));

        assertArrayEquals(Arrays.copyOfRange(body, 4, body.length), plain.message(body));
        assertArrayEquals(join(new byte[] {0, 8}, bytes("HDR1ND00")), plain.replyFrame(body, bytes("ND00")));
    }

    @Test
    void replyTooLongForAFrameIsRejected() throws FrameException {
        var body = bytes("HDR1NC");
        var longest = new byte[Framing.MAX_FRAME_LENGTH - 4];

        assertEquals(Framing.MAX_FRAME_LENGTH + 2, plain.replyFrame(body, longest).length);
        assertThrows(FrameException.class, () -> plain.replyFrame(body, new byte[longest.length + 1]));
    }

    @Test
    void trailerCountsTowardsTheReplyFrameLimit() {
        var body = join(bytes("HDR1NC"), new byte[] {EM}, bytes("T"));
        var reply = new byte[Framing.MAX_FRAME_LENGTH - 4 - 1];

        assertThrows(FrameException.class, () -> trailing.replyFrame(body, reply));
    }

    private static byte[] join(byte[]... parts) {
        var joined = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int offset = 0;
        for (var part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }

        return joined;
    }
}
