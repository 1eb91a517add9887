package dev.wasmhsm.loadclient;

import dev.wasmhsm.client.PayShieldFrames;
import java.nio.charset.StandardCharsets;

/**
 * One connection's reusable request frame: 2-byte big-endian length, message header, command code and data.
 *
 * <p>The header holds a decimal request counter (its low digits when the header is short) that
 * {@link #stampHeader(long)} rewrites in place before each send, so a reply meant for another request is caught.
 */
public final class RequestFrame {
    private static final byte[] PAYLOAD_PATTERN = "PING".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX_LENGTH = 2;
    private static final int B2_LENGTH_FIELD = 4;

    private final byte[] bytes;
    private final int headerLength;
    private final byte[] payload;

    /**
     * Builds the frame for the given settings.
     *
     * @param command the host command.
     * @param headerLength the message header length.
     * @param payloadSize the B2 data length, ignored for other commands.
     * @param lengthFormat how the B2 length field is written.
     */
    public RequestFrame(Command command, int headerLength, int payloadSize, LengthFormat lengthFormat) {
        this.headerLength = headerLength;
        this.payload = command == Command.B2 ? payloadOf(payloadSize) : new byte[0];
        var fixedData = command.requestData().getBytes(StandardCharsets.US_ASCII);
        var message = new byte[2 + (command == Command.B2 ? B2_LENGTH_FIELD + payload.length : fixedData.length)];
        message[0] = (byte) command.code().charAt(0);
        message[1] = (byte) command.code().charAt(1);
        if (command == Command.B2) {
            lengthFormat.write(payload.length, message, 2);
            System.arraycopy(payload, 0, message, 2 + B2_LENGTH_FIELD, payload.length);
        } else {
            System.arraycopy(fixedData, 0, message, 2, fixedData.length);
        }
        this.bytes = PayShieldFrames.frame(new byte[headerLength], message, null);
        stampHeader(0);
    }

    /**
     * The data a B2 request carries: "PING" repeated and cut to the size.
     *
     * @param size the number of bytes.
     * @return the data.
     */
    public static byte[] payloadOf(int size) {
        var data = new byte[size];
        for (var i = 0; i < size; i++) {
            data[i] = PAYLOAD_PATTERN[i % PAYLOAD_PATTERN.length];
        }

        return data;
    }

    /**
     * Writes a request number into the header as zero-padded decimal digits, keeping the low digits.
     *
     * @param sequence the request number, not negative.
     */
    public void stampHeader(long sequence) {
        var rest = sequence;
        for (var i = PREFIX_LENGTH + headerLength - 1; i >= PREFIX_LENGTH; i--) {
            bytes[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
    }

    /**
     * The whole frame, length prefix included; the array is live and reused.
     *
     * @return the frame bytes.
     */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * Where the message header starts in {@link #bytes()}.
     *
     * @return the header offset.
     */
    public int headerOffset() {
        return PREFIX_LENGTH;
    }

    /**
     * The B2 data this frame carries, which the reply must echo.
     *
     * @return a copy of the data, empty for other commands.
     */
    public byte[] payload() {
        return payload.clone();
    }
}
