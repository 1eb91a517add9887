package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateCommandTest {
    @ParameterizedTest
    @ValueSource(strings = {"NC", "B2", "NO"})
    void theBundledPluginsPassEveryCheck(String code) {
        var run = ToolRun.of("validate", ToolRun.bundled(code));

        assertEquals(Main.OK, run.status(), run.out());
        for (var check : new String[] {"parses", "metadata", "imports", "exports", "file name", "loads",
            "smoke call"}) {
            assertTrue(run.out().contains("ok   " + check + ":"), check + " in " + run.out());
        }
        assertTrue(!run.out().contains("FAIL") && !run.out().contains("skip"), run.out());
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"A0", "A6", "A8", "B2", "BU", "CA", "CC", "CW", "CY", "DC", "DG", "EC", "FA", "GC", "HC",
        "J2", "J4", "J8", "JE", "JG", "JK", "KQ", "M0", "M2", "M6", "M8", "N0", "NC", "NO"})
    void everyBundledPluginPassesTheStrictRulesAndItsSample(String code) {
        // The samples are the public vectors, which need the legacy profile (single-length keys), as build.sh runs.
        System.setProperty("hsm.security.profile", "legacy");
        ToolRun run;
        try {
            run = ToolRun.of("validate", "--strict", ToolRun.bundled(code));
        } finally {
            System.clearProperty("hsm.security.profile");
        }

        assertEquals(Main.OK, run.status(), run.out());
        assertTrue(run.out().contains("ok   strict: "), run.out());
        assertTrue(run.out().contains("ok   smoke call: "), run.out());
    }

    @Test
    void strictRefusesAModuleThatImportsWhatItDoesNotDeclare() {
        var run = ToolRun.of("validate", "--strict", ToolRun.testPlugin("undeclared"));

        assertEquals(Main.FAILED, run.status());
        assertTrue(line(run, "FAIL strict: ").contains("the metadata declares imports [] but the module imports"
                + " [hsm.config]"), run.out());
    }

    @Test
    void strictIsAnOptionOfValidateOnly() {
        var run = ToolRun.of("call", "--strict", ToolRun.bundled("NC"), "NC");

        assertEquals(Main.USAGE, run.status());
        assertTrue(run.err().startsWith("hsm-plugin-tool: call takes no --strict"), run.err());
    }

    @Test
    void theSmokeCallUsesTheGivenRequestAndShowsTheReply() {
        var run = ToolRun.of("validate", ToolRun.bundled("B2"), "B20004PING");

        assertEquals(Main.OK, run.status(), run.out());
        assertTrue(run.out().contains("ok   smoke call: B20004PING"), run.out());
        assertTrue(run.out().contains("     reply B300PING"), run.out());
        assertTrue(run.out().contains("     hex   4233303050494E47"), run.out());
    }

    @Test
    void aModuleWithoutMetadataFailsTheMetadataCheck() {
        var run = ToolRun.of("validate", ToolRun.testPlugin("nometa"));

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.out().contains(
                "FAIL metadata: the module has no hsm.plugin custom section with its metadata"), run.out());
        assertTrue(run.out().contains("skip loads: "), run.out());
    }

    @Test
    void aForeignImportFailsTheImportsCheck() {
        var run = ToolRun.of("validate", ToolRun.testPlugin("foreign"));

        assertEquals(Main.FAILED, run.status());
        assertTrue(line(run, "FAIL imports: ").contains("the module imports env.now, which this host does not offer"),
                run.out());
        assertTrue(run.out().contains("ok   exports: alloc, Execute, reset"), run.out());
    }

    @Test
    void anUndeclaredImportFailsTheImportsCheck() {
        var run = ToolRun.of("validate", ToolRun.testPlugin("undeclared"));

        assertEquals(Main.FAILED, run.status());
        assertTrue(line(run, "FAIL imports: ").contains("imports hsm.config without declaring it in its metadata"),
                run.out());
    }

    @Test
    void aTrappingPluginLoadsButFailsTheSmokeCall() {
        var run = ToolRun.of("validate", ToolRun.testPlugin("trap"));

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.out().contains("ok   loads"), run.out());
        assertTrue(line(run, "FAIL smoke call: ").contains("the guest failed"), run.out());
    }

    @Test
    void anEndlessLoopFailsTheSmokeCallAtItsDeadline() {
        long start = System.nanoTime();
        var run = ToolRun.of("validate", ToolRun.testPlugin("loop"), "--timeout-ms", "50");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.out().contains("FAIL smoke call: ZE: the call ran past its deadline of 50 ms"), run.out());
        assertTrue(millis < 5000, "took " + millis + " ms");
    }

    @Test
    void aFileNamedForAnotherCommandFailsTheFileNameCheck(@TempDir Path directory) throws IOException {
        var file = directory.resolve("B2.wasm");
        Files.copy(Path.of(ToolRun.bundled("NC")), file);

        var run = ToolRun.of("validate", file.toString());

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.out().contains("FAIL file name: the file name says B2, the metadata says NC"), run.out());
    }

    @Test
    void validateTellsWhetherAServerWouldTrustTheModule(@TempDir Path directory) throws IOException {
        var bundled = ToolRun.of("validate", ToolRun.bundled("NO"));
        var changed = directory.resolve("NO.wasm");
        var bytes = Files.readAllBytes(Path.of(ToolRun.bundled("NO")));
        var customSection = new byte[] {0, 2, 1, 'x'};
        var copy = Arrays.copyOf(bytes, bytes.length + customSection.length);
        System.arraycopy(customSection, 0, copy, bytes.length, customSection.length);
        Files.write(changed, copy);
        var untrusted = ToolRun.of("validate", changed.toString());
        var line = ToolRun.of("trust", changed.toString()).out();
        var trustFile = Files.writeString(directory.resolve("trust.txt"), line);
        var trusted = ToolRun.of("validate", changed.toString(), "--trust-file", trustFile.toString());
        var narrow = Files.writeString(directory.resolve("narrow.txt"), line.replace("hsm.config", "-"));
        var beyond = ToolRun.of("validate", changed.toString(), "--trust-file", narrow.toString());

        assertTrue(bundled.out().contains("ok   trust: a bundled module"), bundled.out());
        assertEquals(Main.FAILED, untrusted.status(), untrusted.out());
        assertTrue(line(untrusted, "FAIL trust: ").startsWith("FAIL trust: untrusted: SHA-256 "), untrusted.out());
        assertTrue(untrusted.out().contains("ok   smoke call: "), "the other checks still run: " + untrusted.out());
        assertEquals(Main.OK, trusted.status(), trusted.out());
        assertTrue(trusted.out().contains("ok   trust: granted [hsm.config]"), trusted.out());
        assertEquals(Main.FAILED, beyond.status(), beyond.out());
        assertTrue(line(beyond, "FAIL trust: ").startsWith("FAIL trust: imports beyond the grant"), beyond.out());
        assertTrue(untrusted.out().indexOf("FAIL trust:") < untrusted.out().indexOf("smoke call:"),
                "the trust verdict comes before the module runs");
        System.setProperty("hsm.security.profile", "legacy");
        try {
            var legacy = ToolRun.of("validate", changed.toString(), "--trust-file", narrow.toString());
            assertTrue(legacy.out().contains("FAIL trust: imports beyond"), "a given trust file is checked under"
                    + " legacy too: " + legacy.out());
        } finally {
            System.clearProperty("hsm.security.profile");
        }
    }

    @Test
    void trustOptionsBelongToValidate() {
        var run = ToolRun.of("info", ToolRun.bundled("NC"), "--trust-file", "x");

        assertEquals(Main.USAGE, run.status());
        assertTrue(run.err().contains("takes no --config, --timeout-ms, --hex, --strict, --trust-file or"
                + " --signing-key"), run.err());
    }

    private static String line(ToolRun run, String prefix) {
        return Arrays.stream(run.outLines()).filter(line -> line.startsWith(prefix)).findFirst().orElse("");
    }
}
