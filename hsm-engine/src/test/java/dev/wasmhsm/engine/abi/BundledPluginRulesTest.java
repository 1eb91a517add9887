package dev.wasmhsm.engine.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.TestPlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed bundled plugins follow the bundled rules, checked here even where no WebAssembly toolchain runs
 * plugins/build.sh, and each rule refuses a module that breaks it. The modules that break one are the test plugin
 * without metadata (ZS) given a metadata section here.
 */
class BundledPluginRulesTest {
    private static final String GOOD = "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nauthor=a\n"
            + "imports=\nsample=ZS00\n";

    static Stream<Path> bundledModules() throws IOException {
        try (var files = Files.list(TestPlugins.ROOT.resolve("wasm"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("bundledModules")
    void everyBundledModuleFollowsTheRules(Path module) throws IOException {
        var check = BundledPluginRules.check(Parser.parse(Files.readAllBytes(module)));

        assertEquals(List.of(), check.problems(), module.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {GOOD})
    void aModuleWithFullMetadataPasses(String metadata) throws IOException {
        assertTrue(check(metadata).passed(), check(metadata).problems().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abi=1\r\ncommand=ZS\r\nresponse=ZT\r\ndescription=Echo\r\nversion=1\r\nauthor=a\r\nimports=\r\nsample=ZS\r\n"
            + "|the metadata has CR characters; use LF line ends",
        "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nauthor=a\nimports=\nsample=ZS"
            + "|the metadata does not end with a line feed",
        "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nauthor=a\nimports=\nsample=ZS\nnote\n"
            + "|the metadata line 'note' is not key=value",
        "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nimports=\nsample=ZS\n"
            + "|the metadata has no author= line",
        "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nauthor=a\nimports=\nsample=NC\n"
            + "|the sample request does not start with the command code ZS",
        "abi=1\ncommand=ZS\nresponse=ZT\ndescription=Echo\nversion=1\nauthor=a\nimports=hsm.config\nsample=ZS\n"
            + "|the metadata declares imports [hsm.config] but the module imports []",
        "abi=1\ncommand=ZS\nresponse=ZU\ndescription=Echo\nversion=1\nauthor=a\nimports=\nsample=ZS\n"
            + "|metadata: response must be ZT for command ZS, was ZU",
    })
    void eachRuleRefusesTheModuleThatBreaksIt(String metadataAndProblem) throws IOException {
        int split = metadataAndProblem.lastIndexOf('|');
        var check = check(metadataAndProblem.substring(0, split));

        assertEquals(List.of(metadataAndProblem.substring(split + 1)), check.problems());
    }

    private static AbiCheck check(String metadata) throws IOException {
        var module = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm").resolve("nometa.wasm"));

        return BundledPluginRules.check(Parser.parse(withCustomSection(module, PluginMetadata.SECTION, metadata)));
    }

    /** Appends a custom section: id 0, its size, the name's length and the name, then the content. */
    private static byte[] withCustomSection(byte[] module, String name, String content) {
        var nameBytes = name.getBytes(StandardCharsets.UTF_8);
        var payload = new ByteArrayOutputStream();
        leb128(payload, nameBytes.length);
        payload.writeBytes(nameBytes);
        payload.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        var out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        leb128(out, payload.size());
        out.writeBytes(payload.toByteArray());

        return out.toByteArray();
    }

    private static void leb128(ByteArrayOutputStream out, int value) {
        int rest = value;
        do {
            int bits = rest & 0x7F;
            rest >>>= 7;
            out.write(rest == 0 ? bits : bits | 0x80);
        } while (rest != 0);
    }
}
