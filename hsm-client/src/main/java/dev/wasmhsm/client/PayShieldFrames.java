package dev.wasmhsm.client;

import dev.wasmhsm.protocol.Framing;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Arrays;

/**
 * The payShield framing on TCP: a 2-byte big-endian length, the message header, the message, and optionally the
 * EM character (X'19) and a trailer. One implementation for every client in the project.
 */
public final class PayShieldFrames {
    private PayShieldFrames() {
    }

    /**
     * Frames one message.
     *
     * @param header the message header (may be empty).
     * @param message the command code and data.
     * @param trailer the trailer, or null for none.
     * @return the frame, length prefix included.
     * @throws IllegalArgumentException when the frame would exceed the 2-byte length.
     */
    public static byte[] frame(byte[] header, byte[] message, byte[] trailer) {
        int length = header.length + message.length + (trailer == null ? 0 : 1 + trailer.length);
        if (length > Framing.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("a frame carries at most " + Framing.MAX_FRAME_LENGTH + " bytes, not "
                    + length);
        }
        var frame = new byte[2 + length];
        frame[0] = (byte) (length >>> 8);
        frame[1] = (byte) length;
        System.arraycopy(header, 0, frame, 2, header.length);
        System.arraycopy(message, 0, frame, 2 + header.length, message.length);
        if (trailer != null) {
            frame[2 + header.length + message.length] = Framing.EM;
            System.arraycopy(trailer, 0, frame, 3 + header.length + message.length, trailer.length);
        }

        return frame;
    }

    /**
     * Reads one frame's body (header, message and any trailer).
     *
     * @param in the stream.
     * @return the body.
     * @throws EOFException when the stream ends before or inside the frame.
     * @throws IOException when reading fails.
     */
    public static byte[] readBody(InputStream in) throws IOException {
        var data = new DataInputStream(in);
        var body = new byte[data.readUnsignedShort()];
        data.readFully(body);

        return body;
    }

    /**
     * Reads one reply frame into a buffer, for a synchronous caller that sent one request: it reads what the
     * socket has, as much as fits, until the whole frame is there. Nothing was asked beyond that frame, so bytes
     * beyond it in the same reads are a protocol error; bytes that arrive later are read as the next reply, which
     * the caller's header check catches. Nothing is allocated.
     *
     * @param in the stream.
     * @param buffer at least 2 + {@link Framing#MAX_FRAME_LENGTH} + 1 bytes.
     * @return the frame's length, its 2-byte prefix included; the body starts at offset 2.
     * @throws EOFException when the stream ends before the frame does.
     * @throws ProtocolException when more bytes came than the frame's length.
     * @throws IOException when reading fails.
     */
    public static int readReply(InputStream in, byte[] buffer) throws IOException {
        if (buffer.length <= 2 + Framing.MAX_FRAME_LENGTH) {
            throw new IllegalArgumentException("a reply buffer needs more than " + (2 + Framing.MAX_FRAME_LENGTH)
                    + " bytes");
        }
        int received = 0;
        int expected = 2;
        boolean lengthKnown = false;
        while (received < expected) {
            int n = in.read(buffer, received, buffer.length - received);
            if (n < 0) {
                throw new EOFException("connection closed after " + received + " reply bytes");
            }
            received += n;
            if (!lengthKnown && received >= 2) {
                expected = 2 + ((buffer[0] & 0xff) << 8 | buffer[1] & 0xff);
                lengthKnown = true;
            }
        }
        if (received > expected) {
            throw new ProtocolException("received " + received + " bytes for a frame of " + expected);
        }

        return expected;
    }

    /**
     * Splits a reply body into its message, checking the header and trailer the request carried.
     *
     * @param body the reply body.
     * @param header the request's header, which the reply must begin with.
     * @param trailer the request's trailer, which the reply must end with, or null.
     * @return the reply message: response code, error code and data.
     * @throws IOException when the reply does not echo the header or trailer, or is too short for the codes.
     */
    public static byte[] replyMessage(byte[] body, byte[] header, byte[] trailer) throws IOException {
        int end = body.length;
        if (trailer != null) {
            end -= 1 + trailer.length;
            if (end < header.length || body[end] != Framing.EM
                    || !Arrays.equals(body, end + 1, body.length, trailer, 0, trailer.length)) {
                throw new IOException("the reply does not echo the trailer");
            }
        }
        if (end < header.length + 4 || !Arrays.equals(body, 0, header.length, header, 0, header.length)) {
            throw new IOException("the reply does not echo the header or is shorter than its codes ("
                    + body.length + " bytes)");
        }

        return Arrays.copyOfRange(body, header.length, end);
    }
}
