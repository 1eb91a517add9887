package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "frob", "list", "list a b", "info", "validate", "validate a b c", "call",
        "call FILE", "list DIR --config lmk.check=0", "info FILE --timeout-ms 10", "call FILE --bogus 1",
        "call FILE NC --timeout-ms", "call FILE NC --timeout-ms 0", "call FILE NC --timeout-ms soon",
        "call FILE NC --timeout-ms 99999999999",
        "call FILE NC --config novalue", "call FILE NC --hex 4E43", "call FILE --hex 4E4", "call FILE --hex XY"})
    void aWrongCommandLineExits2WithTheUsageOnStderr(String line) {
        var run = ToolRun.of(line.isEmpty() ? new String[0] : line.split(" "));

        assertEquals(Main.USAGE, run.status(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("hsm-plugin-tool: "), run.err());
        assertTrue(run.err().contains("usage: java -jar hsm-plugin-tool.jar"), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "call --help"})
    void helpPrintsTheUsageOnStdout(String line) {
        var run = ToolRun.of(line.split(" "));

        assertEquals(Main.OK, run.status());
        assertTrue(run.out().contains("validate FILE [REQUEST]"), run.out());
        assertTrue(run.out().contains("firmware=0007-E000"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void aMissingFileExits1WithAMessageAndNoStackTrace() {
        for (var line : new String[] {"info no/such/XX.wasm", "validate no/such/XX.wasm", "call no/such/XX.wasm XX"}) {
            var run = ToolRun.of(line.split(" "));

            assertEquals(Main.FAILED, run.status(), line);
            assertEquals("hsm-plugin-tool: no such file: no/such/XX.wasm" + System.lineSeparator(), run.err());
            assertEquals("", run.out());
        }
    }
}
