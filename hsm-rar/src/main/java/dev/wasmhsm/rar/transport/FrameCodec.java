package dev.wasmhsm.rar.transport;

import dev.wasmhsm.protocol.Framing;
import java.util.Arrays;

/**
 * Splits a frame body into header, message and trailer, and builds the reply frame around a reply message.
 *
 * <p>A request body is the message header (fixed length, any bytes), the command code and its data, and, when
 * trailers are enabled, an EM character (0x19) followed by up to 32 trailer characters. The reply frame is the
 * 2-byte length, the same header, the reply message and the same EM and trailer.
 */
public final class FrameCodec {
    private final int headerLength;
    private final boolean trailerEnabled;

    /**
     * Creates a codec.
     *
     * @param headerLength the message header length.
     * @param trailerEnabled whether trailers are split off and echoed.
     */
    public FrameCodec(int headerLength, boolean trailerEnabled) {
        this.headerLength = headerLength;
        this.trailerEnabled = trailerEnabled;
    }

    /**
     * Returns the message of a request body: what follows the header, less the trailer.
     *
     * @param body the frame body, at least header length + 2 bytes long.
     * @return the command code and data.
     */
    public byte[] message(byte[] body) {
        return Arrays.copyOfRange(body, headerLength, body.length - trailerLength(body));
    }

    /**
     * Builds the reply frame, length prefix included, ready for a single write.
     *
     * @param body the request body, for its header and trailer.
     * @param reply the reply message.
     * @return the frame.
     * @throws FrameException when the reply does not fit in a frame.
     */
    public byte[] replyFrame(byte[] body, byte[] reply) throws FrameException {
        int trailer = trailerLength(body);
        int length = headerLength + reply.length + trailer;
        if (length > Framing.MAX_FRAME_LENGTH) {
            throw new FrameException("reply of " + length + " bytes does not fit in a frame");
        }
        var frame = new byte[2 + length];
        frame[0] = (byte) (length >>> 8);
        frame[1] = (byte) length;
        System.arraycopy(body, 0, frame, 2, headerLength);
        System.arraycopy(reply, 0, frame, 2 + headerLength, reply.length);
        System.arraycopy(body, body.length - trailer, frame, 2 + headerLength + reply.length, trailer);

        return frame;
    }

    /**
     * Returns the length of the EM character and trailer at the end of a body, or 0 when it has none.
     *
     * @param body the frame body.
     * @return the trailer length, EM included.
     */
    int trailerLength(byte[] body) {
        if (!trailerEnabled) {
            return 0;
        }
        int first = Math.max(headerLength + 2, body.length - 1 - Framing.MAX_TRAILER_LENGTH);
        for (int i = body.length - 1; i >= first; i--) {
            if (body[i] == Framing.EM) {
                return body.length - i;
            }
        }

        return 0;
    }
}
