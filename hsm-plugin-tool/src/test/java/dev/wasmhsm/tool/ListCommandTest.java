package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListCommandTest {
    @Test
    void theBundledPluginsAreAllValidAndSorted() {
        var run = ToolRun.of("list", ToolRun.PLUGINS.resolve("wasm").toString());

        assertEquals(Main.OK, run.status(), run.out() + run.err());
        var lines = run.outLines();
        assertEquals(30, lines.length, run.out());
        assertTrue(line(run, "B2.wasm").matches("B2\\.wasm +B2 +1\\.0\\.0 +Echo +abi 1 +[0-9a-f]{12} +ok"), run.out());
        assertTrue(line(run, "NC.wasm").matches("NC\\.wasm +NC +\\S+ +Perform diagnostics +abi 1 +[0-9a-f]{12} +ok"),
                run.out());
        assertTrue(lines[0].startsWith("A0.wasm "), lines[0]);
        for (var line : lines) {
            assertTrue(line.endsWith(" ok"), line);
        }
        assertEquals("", run.err());
    }

    @Test
    void theTestPluginsWithoutMetadataOrWithAForeignImportAreInvalid() {
        var run = ToolRun.of("list", ToolRun.PLUGINS.resolve("test-wasm").toString());

        assertEquals(Main.FAILED, run.status(), run.out() + run.err());
        assertTrue(line(run, "nometa.wasm").endsWith(
                "INVALID: the module has no hsm.plugin custom section with its metadata"), run.out());
        assertTrue(line(run, "foreign.wasm").endsWith(
                "INVALID: metadata declares host function env.now, which this host does not offer"), run.out());
        assertTrue(line(run, "echo.wasm").endsWith(" ok, but a server loads it only as ZG.wasm"), run.out());
        assertTrue(line(run, "trap.wasm").endsWith(" ok, but a server loads it only as ZA.wasm"), run.out());
    }

    @Test
    void aFileNamedForAnotherCommandIsInvalid(@TempDir Path directory) throws IOException {
        Files.copy(Path.of(ToolRun.bundled("NC")), directory.resolve("B2.wasm"));
        Files.writeString(directory.resolve("notes.txt"), "not a plugin");

        var run = ToolRun.of("list", directory.toString());

        assertEquals(Main.FAILED, run.status());
        assertEquals(1, run.outLines().length, run.out());
        assertTrue(run.out().strip().endsWith("INVALID: file name says B2, metadata says NC"), run.out());
    }

    @Test
    void anEmptyDirectoryListsNothing(@TempDir Path directory) {
        var run = ToolRun.of("list", directory.toString());

        assertEquals(Main.OK, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("no .wasm files in "), run.err());
    }

    @Test
    void aMissingDirectoryExits1() {
        var run = ToolRun.of("list", "no/such/directory");

        assertEquals(Main.FAILED, run.status());
        assertEquals("hsm-plugin-tool: no such directory: no/such/directory" + System.lineSeparator(), run.err());
    }

    private static String line(ToolRun run, String file) {
        return Arrays.stream(run.outLines()).filter(line -> line.startsWith(file + " ")).findFirst().orElseThrow();
    }
}
