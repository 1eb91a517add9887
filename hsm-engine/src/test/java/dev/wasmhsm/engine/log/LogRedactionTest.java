package dev.wasmhsm.engine.log;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogRedactionTest {
    @Test
    void panKeepsFirstSixAndLastFourDigits() {
        assertEquals("CW;412345******2345;8701", masked("CW;4123456789012345;8701"));
    }

    @Test
    void accountNumberFieldKeepsOnlyItsLastFourDigits() {
        assertEquals("CA********5321", masked("CA550000025321"));
    }

    @Test
    void keyLengthHexRunIsMaskedWhole() {
        assertEquals("BUU********************************", masked("BUU1EF828AA8F6B80EB83E19FBC373F3A85"));
    }

    @Test
    void codesOnlyShowsTheCodesAndTheLength() {
        assertEquals("43582A2A2A2A2A", LogRedaction.codesOnlyHex("CX00561".getBytes(ISO_8859_1), 2));
        assertEquals("435830302A2A2A", LogRedaction.codesOnlyHex("CX00561".getBytes(ISO_8859_1), 4));
        assertEquals("4E", LogRedaction.codesOnlyHex("N".getBytes(ISO_8859_1), 2));
    }

    @Test
    void everyNonPrintableByteIsMaskedCodesIncluded() {
        var binaryPinBlock = new byte[] {'C', 'A', 'U', '1', 0x04, 0x12, (byte) 0x9F, 'U', 'x', 'y', 'z'};
        assertEquals("CA*********", new String(LogRedaction.mask(binaryPinBlock), ISO_8859_1),
                "the printable bytes of a binary field are masked too");
        assertEquals("*A12345", new String(LogRedaction.mask(new byte[] {0x00, 'A', '1', '2', '3', '4', '5'}),
                ISO_8859_1));
        assertEquals("2A412A2A", LogRedaction.codesOnlyHex(new byte[] {0x00, 'A', 0x7F, 'B'}, 2));
        assertEquals("2A2A", LogRedaction.maskedHex(new byte[] {(byte) 0xFF, 0x0A}));
    }

    @Test
    void commandCodeAndShortFieldsStayReadable() {
        assertEquals("B20004PING", masked("B20004PING"));
        assertEquals("ND00", masked("ND00"));
    }

    @Test
    void hexIsUpperCaseOfTheMaskedBytes() {
        assertEquals("4E43", LogRedaction.maskedHex("NC".getBytes(ISO_8859_1)));
        assertEquals(hex("ND002686********0000"), LogRedaction.maskedHex("ND002686040000000000".getBytes(ISO_8859_1)));
    }

    private static String hex(String text) {
        return java.util.HexFormat.of().withUpperCase().formatHex(text.getBytes(ISO_8859_1));
    }

    private static String masked(String text) {
        return new String(LogRedaction.mask(text.getBytes(ISO_8859_1)), ISO_8859_1);
    }
}
