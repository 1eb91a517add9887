package dev.wasmhsm.engine.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * The command plugins shipped inside the application, copied into a commands directory that does not exist yet,
 * so that a fresh server answers the bundled commands at once. An existing directory is never touched.
 *
 * <p>The application carries them as resources {@code bundled-commands/XX.wasm}, listed one a line in
 * {@code bundled-commands/index.txt}.
 */
public final class BundledPlugins {
    private static final Logger LOG = Logger.getLogger(BundledPlugins.class);
    private static final String FOLDER = "bundled-commands/";

    private BundledPlugins() {
    }

    /**
     * Creates the commands directory with the bundled plugins in it, unless it exists.
     *
     * @param directory the commands directory.
     * @param resources the class loader that sees the application's {@code bundled-commands/} resources.
     * @throws IOException when the directory cannot be created or a plugin cannot be copied.
     */
    public static void seedIfAbsent(Path directory, ClassLoader resources) throws IOException {
        if (Files.exists(directory)) {
            return;
        }
        Files.createDirectories(directory);
        restrict(directory);
        try (var index = resources.getResourceAsStream(FOLDER + "index.txt")) {
            if (index == null) {
                return;
            }
            for (var name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (!name.isBlank()) {
                    copy(resources, name, directory.resolve(name));
                }
            }
        }
        LOG.infof("event=plugins.seed directory=%s", directory);
    }

    /**
     * Returns the bundled manifest: the build's plugins/SHA256SUMS, which the application carries as
     * {@code bundled-commands/SHA256SUMS}, for {@link PluginTrust}.
     *
     * @param resources the class loader that sees the application's {@code bundled-commands/} resources.
     * @return the manifest, or an empty text when the application carries none.
     * @throws IOException when it cannot be read.
     */
    public static String manifest(ClassLoader resources) throws IOException {
        try (var in = resources.getResourceAsStream(FOLDER + "SHA256SUMS")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Makes a new commands directory writable by its owner only, whatever the umask (the PCI profile checks it). */
    private static void restrict(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
        } catch (UnsupportedOperationException e) {
            LOG.debugf("event=plugins.seed directory=%s description=\"the file system has no POSIX permissions\"",
                    directory);
        }
    }

    private static void copy(ClassLoader resources, String name, Path target) throws IOException {
        try (var in = resources.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IOException("bundled plugin " + name + " is missing from the application");
            }
            Files.copy(in, target);
        }
    }
}
