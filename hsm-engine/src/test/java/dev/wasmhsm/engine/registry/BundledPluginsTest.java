package dev.wasmhsm.engine.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh server's commands directory gets the bundled plugins; an existing one is never touched. */
class BundledPluginsTest {
    @Test
    void aMissingDirectoryIsCreatedWithEveryIndexedPlugin(@TempDir Path root) throws IOException {
        var resources = resources(root, "NC.wasm\nB2.wasm\n", "NC", "B2");
        var directory = root.resolve("commands");

        BundledPlugins.seedIfAbsent(directory, resources);

        assertEquals(List.of("B2.wasm", "NC.wasm"), names(directory));
        assertArrayEquals(Files.readAllBytes(TestPlugins.ROOT.resolve("wasm/NC.wasm")),
                Files.readAllBytes(directory.resolve("NC.wasm")));
    }

    @Test
    void anExistingDirectoryIsLeftAsItIs(@TempDir Path root) throws IOException {
        var resources = resources(root, "NC.wasm\n", "NC");
        var directory = Files.createDirectories(root.resolve("commands"));

        BundledPlugins.seedIfAbsent(directory, resources);

        assertEquals(List.of(), names(directory));
    }

    @Test
    void aPluginTheIndexNamesButTheApplicationLacksStopsTheSeed(@TempDir Path root) throws IOException {
        var resources = resources(root, "NC.wasm\nQ1.wasm\n", "NC");

        var e = assertThrows(IOException.class, () -> BundledPlugins.seedIfAbsent(root.resolve("commands"),
                resources));
        assertEquals("bundled plugin Q1.wasm is missing from the application", e.getMessage());
    }

    /** A class loader over a folder laid out as the application carries the plugins: bundled-commands/... */
    private static ClassLoader resources(Path root, String index, String... codes) throws IOException {
        var folder = Files.createDirectories(root.resolve("classes/bundled-commands"));
        Files.writeString(folder.resolve("index.txt"), index);
        for (var code : codes) {
            Files.copy(TestPlugins.ROOT.resolve("wasm").resolve(code + ".wasm"), folder.resolve(code + ".wasm"));
        }

        return new URLClassLoader(new URL[] {root.resolve("classes").toUri().toURL()}, null);
    }

    private static List<String> names(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
