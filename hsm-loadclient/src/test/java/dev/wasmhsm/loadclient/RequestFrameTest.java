package dev.wasmhsm.loadclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RequestFrameTest {
    @Test
    void echoFrameCarriesLengthPrefixCounterHeaderAndData() {
        var frame = new RequestFrame(Command.B2, 4, 4, LengthFormat.HEX);
        frame.stampHeader(42);

        assertArrayEquals(frame("0042B20004PING"), frame.bytes());
    }

    @Test
    void diagnosticsFrameIsHeaderAndCode() {
        var frame = new RequestFrame(Command.NC, 4, 4, LengthFormat.HEX);
        frame.stampHeader(7);

        assertArrayEquals(frame("0007NC"), frame.bytes());
    }

    @Test
    void cvvFrameCarriesTheVectorRequest() {
        var frame = new RequestFrame(Command.CW, 4, 4, LengthFormat.HEX);
        frame.stampHeader(1);

        assertArrayEquals(frame("0001CWU9B4934384B19946B040CD702B4D581454123456789012345;8701101"), frame.bytes());
    }

    @Test
    void headerKeepsTheCounterLowDigits() {
        var frame = new RequestFrame(Command.NC, 4, 0, LengthFormat.HEX);
        frame.stampHeader(1_234_567);

        assertArrayEquals(frame("4567NC"), frame.bytes());
    }

    @Test
    void echoLengthIsHexByDefaultOrDecimal() {
        var hex = new RequestFrame(Command.B2, 2, 16, LengthFormat.HEX);
        var decimal = new RequestFrame(Command.B2, 2, 16, LengthFormat.DECIMAL);

        assertEquals("00B20010PINGPINGPINGPING", body(hex));
        assertEquals("00B20016PINGPINGPINGPING", body(decimal));
    }

    @Test
    void payloadRepeatsPingCutToSize() {
        assertArrayEquals("PINGPI".getBytes(StandardCharsets.US_ASCII), RequestFrame.payloadOf(6));
    }

    private static byte[] frame(String body) {
        var bytes = body.getBytes(StandardCharsets.US_ASCII);
        var frame = new byte[bytes.length + 2];
        frame[0] = (byte) (bytes.length >>> 8);
        frame[1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, frame, 2, bytes.length);

        return frame;
    }

    private static String body(RequestFrame frame) {
        var bytes = frame.bytes();

        return new String(Arrays.copyOfRange(bytes, 2, bytes.length), StandardCharsets.US_ASCII);
    }
}
