package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.registry.PluginTrust;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trust} prints the line an operator adds to the trust file, with the grant declared or given. */
class TrustCommandTest {
    @Test
    void theLineGrantsWhatTheModuleDeclaresUnlessAGrantIsGiven() throws IOException {
        var file = ToolRun.bundled("CW");
        var sha256 = WasmPlugin.digest(Files.readAllBytes(Path.of(file)));
        var declared = ToolRun.of("trust", file);
        var none = ToolRun.of("trust", file, "-");
        var one = ToolRun.of("trust", file, "hsm.cvv");
        var option = ToolRun.of("trust", file, "--grant", "hsm.cvv");
        var both = ToolRun.of("trust", file, "hsm.cvv", "--grant", "-");

        assertEquals(Main.OK, declared.status(), declared.err());
        assertEquals(sha256 + "  hsm.cvv,hsm.key_from_lmk,hsm.lmk_select  # CW 1.0.0, CW.wasm", declared.out().strip());
        assertTrue(none.out().startsWith(sha256 + "  -  # CW"), none.out());
        assertTrue(one.out().startsWith(sha256 + "  hsm.cvv  # CW"), one.out());
        assertEquals(one.out(), option.out());
        assertEquals(Main.USAGE, both.status());
        assertEquals(Main.USAGE, ToolRun.of("info", file, "--grant", "-").status(), "--grant is trust's and sign's");
    }

    @Test
    void aLineTheToolPrintsIsOneTheServerReads(@TempDir Path directory) throws IOException {
        var file = ToolRun.bundled("CW");
        var line = ToolRun.of("trust", file, "hsm.cvv").out();
        var trustFile = Files.writeString(directory.resolve("trust.txt"), line);
        var sha256 = WasmPlugin.digest(Files.readAllBytes(Path.of(file)));

        var trust = PluginTrust.read(true, "", trustFile);

        assertEquals(null, trust.refusal(sha256, List.of("hsm.cvv")));
        assertTrue(trust.refusal(sha256, List.of("hsm.cvv", "hsm.key_from_lmk")).startsWith("imports beyond"));
        assertEquals(Set.of("hsm.cvv"), trust.entries().get(sha256));
    }
}
