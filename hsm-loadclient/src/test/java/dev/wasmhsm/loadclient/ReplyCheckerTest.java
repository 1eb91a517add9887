package dev.wasmhsm.loadclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReplyCheckerTest {
    private static final byte[] SENT_HEADER = bytes("0042");

    private final ReplyChecker echo = new ReplyChecker(Command.B2, 4, bytes("PING"));
    private final ReplyChecker diagnostics = new ReplyChecker(Command.NC, 4, new byte[0]);

    @Test
    void cvvAndPinTranslationRepliesMustMatchTheirVector() {
        var cvv = new ReplyChecker(Command.CW, 4, new byte[0]);
        var pin = new ReplyChecker(Command.CA, 4, new byte[0]);

        assertEquals(RequestOutcome.OK, check(cvv, "0042CX00561"));
        assertEquals(RequestOutcome.WRONG_DATA, check(cvv, "0042CX00562"));
        assertEquals(RequestOutcome.OK, check(pin, "0042CB0004F7808F2CBEC6316803"));
        assertEquals(RequestOutcome.WRONG_LENGTH, check(pin, "0042CB0004F7808F2CBEC63168"));
    }

    @Test
    void goodEchoReplyPasses() {
        assertEquals(RequestOutcome.OK, checkEcho("0042B300PING"));
    }

    @Test
    void replyToAnotherRequestFailsOnHeader() {
        assertEquals(RequestOutcome.WRONG_HEADER, checkEcho("0041B300PING"));
    }

    @Test
    void wrongResponseCodeFails() {
        assertEquals(RequestOutcome.WRONG_RESPONSE_CODE, checkEcho("0042B200PING"));
        assertEquals(RequestOutcome.WRONG_RESPONSE_CODE, checkEcho("0042C300PING"));
    }

    @Test
    void errorCodeOtherThan00Fails() {
        assertEquals(RequestOutcome.ERROR_CODE, checkEcho("0042B315"));
        assertEquals(RequestOutcome.ERROR_CODE, checkEcho("0042B301PING"));
    }

    @Test
    void wrongEchoedDataFails() {
        assertEquals(RequestOutcome.WRONG_DATA, checkEcho("0042B300PONG"));
    }

    @Test
    void shortOrLongEchoFailsOnLength() {
        assertEquals(RequestOutcome.WRONG_LENGTH, checkEcho("0042B300PIN"));
        assertEquals(RequestOutcome.WRONG_LENGTH, checkEcho("0042B300PINGX"));
    }

    @Test
    void replyWithoutCodesIsTooShort() {
        assertEquals(RequestOutcome.TOO_SHORT, checkEcho("0042B3"));
    }

    @Test
    void replyIsReadAtItsOffset() {
        var reply = bytes("xx0042B300PINGyy");

        assertEquals(RequestOutcome.OK, echo.check(bytes("..0042"), 2, reply, 2, 12));
    }

    @Test
    void emptyHeaderIsAllowed() {
        var checker = new ReplyChecker(Command.B2, 0, bytes("PING"));
        var reply = bytes("B300PING");

        assertEquals(RequestOutcome.OK, checker.check(new byte[0], 0, reply, 0, reply.length));
    }

    @Test
    void goodDiagnosticsReplyPasses() {
        assertEquals(RequestOutcome.OK, checkDiagnostics("0042ND0026860400000000000007-E000"));
    }

    @Test
    void diagnosticsReplyWithBadCheckValueFails() {
        assertEquals(RequestOutcome.BAD_SHAPE, checkDiagnostics("0042ND0026860400000000G00007-E000"));
        assertEquals(RequestOutcome.BAD_SHAPE, checkDiagnostics("0042ND0026860400000000000007-E\u000100"));
    }

    @Test
    void diagnosticsReplyOfWrongLengthFails() {
        assertEquals(RequestOutcome.WRONG_LENGTH, checkDiagnostics("0042ND002686040000000000"));
        assertEquals(RequestOutcome.WRONG_RESPONSE_CODE, checkDiagnostics("0042NC0026860400000000000007-E000"));
    }

    private RequestOutcome checkEcho(String reply) {
        return check(echo, reply);
    }

    private RequestOutcome checkDiagnostics(String reply) {
        return check(diagnostics, reply);
    }

    private static RequestOutcome check(ReplyChecker checker, String reply) {
        var body = bytes(reply);

        return checker.check(SENT_HEADER, 0, body, 0, body.length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
