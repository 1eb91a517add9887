package dev.wasmhsm.bench;

import dev.wasmhsm.engine.host.HostConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * Finds the project's built plugins and prepares what the benchmarks share.
 *
 * <p>The plugins folder is the system property {@value #PLUGINS_PROPERTY} when set (the project's {@code plugins}
 * folder, as the registry's tests take it), else {@code plugins} in the working directory or one of its parents,
 * so that {@code java -jar hsm-microbench/target/benchmarks.jar} works from the project root and from the module.
 */
final class BenchPlugins {
    /** The system property naming the project's {@code plugins} folder. */
    static final String PLUGINS_PROPERTY = "wasmhsm.plugins";

    /** The plugins the benchmarks load. */
    static final String[] CODES = {"NC", "B2", "CW"};

    private static final int PARENTS_SEARCHED = 3;

    private BenchPlugins() {
    }

    /**
     * Returns the folder of the built plugins, {@code plugins/wasm}.
     *
     * @return the folder.
     * @throws IllegalStateException when it cannot be found.
     */
    static Path wasmDirectory() {
        var explicit = System.getProperty(PLUGINS_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            var wasm = Path.of(explicit, "wasm");
            if (!Files.isRegularFile(wasm.resolve("NC.wasm"))) {
                throw new IllegalStateException("-D" + PLUGINS_PROPERTY + "=" + explicit + " has no wasm/NC.wasm;"
                        + " it must name the project's plugins folder, for example -D" + PLUGINS_PROPERTY + "=$PWD/plugins");
            }

            return wasm;
        }
        var start = Path.of(System.getProperty("user.dir", ".")).toAbsolutePath().normalize();
        var directory = start;
        for (int i = 0; i <= PARENTS_SEARCHED && directory != null; i++) {
            var wasm = directory.resolve("plugins").resolve("wasm");
            if (Files.isRegularFile(wasm.resolve("NC.wasm"))) {
                return wasm;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("cannot find plugins/wasm/NC.wasm in " + start + " or its " + PARENTS_SEARCHED
                + " parents; run from the project root or set -D" + PLUGINS_PROPERTY + "=<the project's plugins folder>");
    }

    /**
     * Reads one built plugin.
     *
     * @param code the command code.
     * @return the module's bytes.
     */
    static byte[] bytes(String code) {
        var file = wasmDirectory().resolve(code + ".wasm");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Creates a temporary commands directory holding copies of the benchmarked plugins.
     *
     * @return the directory; {@link #delete} removes it.
     */
    static Path commandsDirectory() {
        try {
            var directory = Files.createTempDirectory("hsm-microbench-");
            for (var code : CODES) {
                Files.write(directory.resolve(code + ".wasm"), bytes(code));
            }

            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary commands directory", e);
        }
    }

    /**
     * Deletes a directory made by {@link #commandsDirectory}.
     *
     * @param directory the directory, or null.
     */
    static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /**
     * Returns the plugin configuration values the registry has by default, which NC reads.
     *
     * @return key to value.
     */
    static Map<String, byte[]> values() {
        return HostConfig.defaultPluginValues();
    }

    /**
     * Creates the single-thread scheduler the watchdog runs on, with a daemon thread.
     *
     * @return the scheduler; shut it down after the trial.
     */
    static ScheduledExecutorService scheduler() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "hsm-microbench-scheduler");
            thread.setDaemon(true);

            return thread;
        });
    }
}
