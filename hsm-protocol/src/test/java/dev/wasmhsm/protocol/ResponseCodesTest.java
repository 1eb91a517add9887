package dev.wasmhsm.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseCodesTest {
    @Test
    void ncGivesNd() {
        assertEquals("ND", responseCode("NC"));
    }

    @Test
    void b2GivesB3() {
        assertEquals("B3", responseCode("B2"));
    }

    @Test
    void a0GivesA1() {
        assertEquals("A1", responseCode("A0"));
    }

    @Test
    void secondCharacterNineWrapsToZero() {
        assertEquals("X0", responseCode("X9"));
    }

    @Test
    void upperCaseZWrapsToA() {
        assertEquals("KA", responseCode("KZ"));
    }

    @Test
    void lowerCaseZWrapsToLowerCaseA() {
        assertEquals("Ka", responseCode("Kz"));
    }

    @Test
    void errorReplyIsResponseCodeThenErrorCode() {
        assertEquals("ND86", text(ResponseCodes.errorReply(bytes("NC"), "86")));
        assertEquals("ND15", text(ResponseCodes.errorReply(bytes("NCdata"), "15")));
    }

    @Test
    void errorReplyOfOneByteMessagePadsWithSpace() {
        // The padding space is the command code's second character, so the response code carries its successor.
        assertEquals("N!15", text(ResponseCodes.errorReply(bytes("N"), "15")));
    }

    @Test
    void errorReplyOfEmptyMessagePadsWithSpaces() {
        assertEquals(" !15", text(ResponseCodes.errorReply(new byte[0], "15")));
    }

    @Test
    void answersAcceptsOnlyTheMatchingResponseCode() {
        assertTrue(ResponseCodes.answers(bytes("NC"), bytes("ND00")));
        assertTrue(ResponseCodes.answers(bytes("X9data"), bytes("X0")));
        assertFalse(ResponseCodes.answers(bytes("NC"), bytes("NC00")));
        assertFalse(ResponseCodes.answers(bytes("NC"), bytes("MD00")));
    }

    @Test
    void answersRejectsShortMessagesAndReplies() {
        assertFalse(ResponseCodes.answers(bytes("N"), bytes("N!00")));
        assertFalse(ResponseCodes.answers(bytes("NC"), bytes("N")));
        assertFalse(ResponseCodes.answers(new byte[0], new byte[0]));
    }

    private static String responseCode(String commandCode) {
        return ResponseCodes.responseCode(commandCode);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
