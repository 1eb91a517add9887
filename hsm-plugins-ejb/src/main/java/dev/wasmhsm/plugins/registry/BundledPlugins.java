package dev.wasmhsm.plugins.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The command plugins shipped inside the application, copied into a commands directory that does not exist yet,
 * so that a fresh server answers the bundled commands at once. An existing directory is never touched.
 */
final class BundledPlugins {
    private static final Logger LOG = Logger.getLogger(BundledPlugins.class);
    private static final String FOLDER = "/bundled-commands/";

    private BundledPlugins() {
    }

    static void seedIfAbsent(Path directory) throws IOException {
        if (Files.exists(directory)) {
            return;
        }
        Files.createDirectories(directory);
        try (var index = BundledPlugins.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (index == null) {
                return;
            }
            for (var name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (!name.isBlank()) {
                    copy(name, directory.resolve(name));
                }
            }
        }
        LOG.infof("event=plugins.seed directory=%s", directory);
    }

    private static void copy(String name, Path target) throws IOException {
        try (var in = BundledPlugins.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IOException("bundled plugin " + name + " is missing from the application");
            }
            Files.copy(in, target);
        }
    }
}
