package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SelfTestTest {
    @Test
    void passesOnThisJvm() {
        assertDoesNotThrow(() -> SelfTest.run());
    }

    @Test
    void namesListEveryTestInOrder() {
        assertEquals(List.of("DES ECB encryption", "DES ECB decryption", "2-key 3DES ECB encryption",
                "2-key 3DES ECB decryption", "3-key 3DES ECB encryption", "3-key 3DES ECB decryption",
                "DES CBC encryption", "DES CBC decryption", "key check value", "ISO 9797-1 MAC algorithm 1",
                "retail MAC", "ISO format 0 PIN block", "ISO format 4 PIN block", "Visa CVV", "Visa PVV",
                "EMV option A card key", "EMV common session key", "EMV ARPC method 1", "LMK key encryption",
                "LMK key decryption"), SelfTest.names());
        assertEquals(SelfTest.names(), SelfTest.knownAnswers().stream().map(SelfTest.KnownAnswer::name).toList());
    }

    /** Each test compares its answer: one wrong digit in its expected value fails it, by name, without values. */
    @ParameterizedTest
    @MethodSource("names")
    void wrongAnswerFailsTheNamedTest(String name) {
        var tests = new ArrayList<SelfTest.KnownAnswer>();
        String wrong = null;
        for (var test : SelfTest.knownAnswers()) {
            if (test.name().equals(name)) {
                wrong = oneDigitChanged(test.expected());
                tests.add(new SelfTest.KnownAnswer(name, test.computation(), wrong));
            } else {
                tests.add(test);
            }
        }
        var e = assertThrows(IllegalStateException.class, () -> SelfTest.run(tests));

        assertEquals("self-test failed: " + name, e.getMessage());
        assertNull(e.getCause());
        assertFalse(e.getMessage().contains(wrong));
    }

    @Test
    void exceptionFailsTheNamedTestWithOnlyItsNameInTheMessage() {
        var refusal = new CryptoException(ErrorCode.INVALID_INPUT, "refused");
        var tests = List.of(new SelfTest.KnownAnswer("retail MAC", () -> {
            throw refusal;
        }, "00"));
        var e = assertThrows(IllegalStateException.class, () -> SelfTest.run(tests));

        assertEquals("self-test failed: retail MAC", e.getMessage());
        assertSame(refusal, e.getCause());
        assertFalse(e.getMessage().contains("refused"));
    }

    @Test
    void firstFailureStopsTheRun() {
        var ran = new ArrayList<String>();
        var tests = List.of(answer("first", "01", ran), answer("second", "02", ran), answer("third", "03", ran));
        var e = assertThrows(IllegalStateException.class, () -> SelfTest.run(tests));

        assertEquals("self-test failed: second", e.getMessage());
        assertEquals(List.of("first", "second"), ran);
    }

    static List<String> names() {
        return SelfTest.names();
    }

    private static SelfTest.KnownAnswer answer(String name, String expected, List<String> ran) {
        return new SelfTest.KnownAnswer(name, () -> {
            ran.add(name);

            return "01".getBytes(StandardCharsets.US_ASCII);
        }, expected);
    }

    private static String oneDigitChanged(String expected) {
        int last = expected.length() - 1;

        return expected.substring(0, last) + (expected.charAt(last) == '0' ? '1' : '0');
    }
}
