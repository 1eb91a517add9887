package dev.wasmhsm.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where the repository's plugin modules are, for tests that load them. */
public final class TestPlugins {
    /** The repository's plugins folder. */
    public static final Path ROOT = Path.of(System.getProperty("wasmhsm.plugins", "../plugins"));

    private TestPlugins() {
    }

    /**
     * Copies a bundled plugin into a commands directory.
     *
     * @param name the bundled module's name, such as NC.
     * @param directory the commands directory.
     * @param code the command code to serve it as.
     * @throws IOException when the copy fails.
     */
    public static void installBundled(String name, Path directory, String code) throws IOException {
        Files.copy(ROOT.resolve("wasm").resolve(name + ".wasm"), directory.resolve(code + ".wasm"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Copies a test plugin (plugins/test-src) into a commands directory under the command code its metadata
     * declares (trap ZA, garbage ZC, loop ZE, echo ZG, grow ZI, bigreply ZK, version1 and version2 ZM, spin ZO,
     * undeclared ZQ, foreign ZR, nometa ZS); another code makes the registry refuse it.
     *
     * @param name the test module's name.
     * @param directory the commands directory.
     * @param code the file's command code.
     * @throws IOException when the copy fails.
     */
    public static void installTest(String name, Path directory, String code) throws IOException {
        Files.copy(ROOT.resolve("test-wasm").resolve(name + ".wasm"), directory.resolve(code + ".wasm"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
