package dev.wasmhsm.plugins.ejb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The EJB module carries every bundled plugin, and its index, which a fresh server seeds from, lists them all. */
class BundledCommandsTest {
    private static final Path PLUGINS = Path.of(System.getProperty("wasmhsm.plugins", "../plugins"));

    @Test
    void theIndexListsExactlyTheBundledModules() throws IOException {
        var index = Arrays.stream(Files.readString(Path.of("src/main/resources/bundled-commands/index.txt"))
                .split("\\s+")).filter(name -> !name.isBlank()).collect(Collectors.toCollection(TreeSet::new));
        try (var modules = Files.list(PLUGINS.resolve("wasm"))) {
            var bundled = modules.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".wasm"))
                    .collect(Collectors.toCollection(TreeSet::new));

            assertEquals(bundled, index);
        }
    }
}
