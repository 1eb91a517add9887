package dev.wasmhsm.engine.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginMetadataTest {
    private static final String NC = """
            abi=1
            command=NC
            response=ND
            description=Perform diagnostics
            version=1.0.0
            author=WasmHSM project
            imports=hsm.config
            sample=NC
            log=data
            """;

    @Test
    void parsesEveryKeyAndWritesTheSameText() throws PluginException {
        var metadata = PluginMetadata.parse(NC);

        assertEquals("NC", metadata.command());
        assertEquals("ND", metadata.response());
        assertEquals(List.of("hsm.config"), metadata.imports());
        assertEquals(NC, metadata.toText());
    }

    @Test
    void unknownKeysAreIgnoredAndOptionalOnesDefault() throws PluginException {
        var metadata = PluginMetadata.parse("abi=1\ncommand=B2\nresponse=B3\ndescription=Echo\nversion=2\nfuture=x\n");

        assertEquals("", metadata.author());
        assertEquals(List.of(), metadata.imports());
        assertEquals("", metadata.sample());
    }

    @Test
    void logCodesKeepsTheDataOutOfTheRequestLog() throws PluginException {
        assertEquals(false, PluginMetadata.parse(NC.replace("log=data", "log=codes")).logData());
        assertEquals(false, PluginMetadata.parse(NC.replace("log=data\n", "")).logData(), "codes is the default");
        assertEquals(true, PluginMetadata.parse(NC).logData());
        assertRefused(NC.replace("log=data", "log=all"), "metadata: log must be data or codes, was all");
    }

    @Test
    void refusesWhatDoesNotFitTheAbi() {
        assertRefused(NC.replace("abi=1", "abi=2"), "metadata: abi 2 is not supported, this host implements abi 1");
        assertRefused(NC.replace("response=ND", "response=NE"), "metadata: response must be ND for command NC, was NE");
        assertRefused(NC.replace("version=1.0.0\n", ""), "metadata: key version is missing");
        assertRefused(NC.replace("command=NC", "command=NCX"), "metadata: command must be two letters or digits, was NCX");
        assertRefused(NC.replace("abi=1", "abi=one"), "metadata: abi must be a number, was one");
    }

    private static void assertRefused(String text, String message) {
        assertEquals(message, assertThrows(PluginException.class, () -> PluginMetadata.parse(text)).getMessage());
    }
}
