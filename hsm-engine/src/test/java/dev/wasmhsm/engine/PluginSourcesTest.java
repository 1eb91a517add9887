package dev.wasmhsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed plugin modules match their sources: plugins/build.sh records the SHA-256 of every source and
 * module in plugins/SHA256SUMS, and this test recomputes them, so a source changed without rebuilding fails the
 * build on a machine without a WebAssembly toolchain. {@code plugins/build.sh --check} rebuilds and compares.
 */
class PluginSourcesTest {
    @Test
    void committedModulesAndSourcesMatchSha256Sums() throws IOException {
        var expected = Files.readAllLines(TestPlugins.ROOT.resolve("SHA256SUMS"), StandardCharsets.UTF_8);
        var actual = Stream.of("src", "test-src", "include", "wasm", "test-wasm")
                .flatMap(folder -> list(TestPlugins.ROOT.resolve(folder)))
                .map(TestPlugins.ROOT::relativize)
                .map(Path::toString)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        actual.add("build.sh");

        var recomputed = actual.stream().map(path -> digest(path) + "  " + path).toList();

        assertEquals(expected, recomputed);
    }

    private static Stream<Path> list(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + folder, e);
        }
    }

    private static String digest(String path) {
        try {
            return WasmPlugin.digest(Files.readAllBytes(TestPlugins.ROOT.resolve(path)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
