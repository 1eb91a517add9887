package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InfoCommandTest {
    @Test
    void ncShowsItsMetadataDigestImportsExportsMemoryAndSections() {
        var run = ToolRun.of("info", ToolRun.bundled("NC"));

        assertEquals(Main.OK, run.status(), run.err());
        var lines = List.of(run.outLines());
        assertTrue(lines.get(1).matches("size: \\d+ bytes"), lines.get(1));
        assertTrue(lines.get(2).matches("sha256: [0-9a-f]{64}"), lines.get(2));
        for (var expected : List.of("metadata: ok", "  abi=1", "  command=NC", "  response=ND",
                "  description=Perform diagnostics", "  imports=hsm.config", "  sample=NC", "imports: 1",
                "  function hsm.config (i32, i32, i32, i32) -> i32", "  memory memory",
                "  function alloc (i32) -> i32", "  function Execute (i32, i32) -> i64",
                "  function reset () -> ()", "custom sections: hsm.plugin")) {
            assertTrue(lines.contains(expected), expected + " in " + run.out());
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("memory: initial ")), run.out());
        assertEquals("", run.err());
    }

    @Test
    void aModuleWithoutMetadataIsShownAsInvalid() {
        var run = ToolRun.of("info", ToolRun.testPlugin("nometa"));

        assertEquals(Main.OK, run.status());
        assertTrue(run.out().contains("metadata: INVALID: the module has no hsm.plugin custom section"), run.out());
    }

    @Test
    void aFileThatIsNotAModuleExits1() {
        var run = ToolRun.of("info", ToolRun.PLUGINS.resolve("SHA256SUMS").toString());

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.err().contains("does not parse: "), run.err());
        assertEquals("", run.out());
    }
}
