package dev.wasmhsm.engine.abi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled verify commands verify in the host: each links the host function that answers yes or no, and not the
 * one that computes the value it verifies (M8 links {@code mac} for its chaining modes only, as documented).
 */
class VerifyCommandsTest {
    @ParameterizedTest
    @CsvSource({"CY, hsm.cvv_verify, hsm.cvv", "DC, hsm.pvv_verify, hsm.pvv_from_block",
        "EC, hsm.pvv_verify, hsm.pvv_from_block", "KQ, hsm.emv_arqc_verify, hsm.mac", "M8, hsm.mac_verify, ''"})
    void verifyCommandsLinkTheVerifyingFunctionOnly(String code, String verify, String compute)
            throws IOException, PluginException {
        var file = TestPlugins.ROOT.resolve("wasm").resolve(code + ".wasm");
        assumeTrue(Files.exists(file), "plugins/wasm/" + code + ".wasm is not built yet");
        var imports = PluginMetadata.of(Parser.parse(Files.readAllBytes(file))).imports();

        assertTrue(imports.contains(verify), code + " imports " + imports);
        assertFalse(!compute.isEmpty() && imports.contains(compute), code + " imports " + imports);
        assertFalse(imports.contains("hsm.pvv_from_lmk"), code + " imports " + imports);
    }
}
