package dev.wasmhsm.plugins.registry;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.wasmhsm.plugins.TestPlugins;
import dev.wasmhsm.plugins.log.RequestLog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/** Registries over a temporary commands directory for tests; close stops them all. */
final class RegistryFixture implements AutoCloseable {
    private final Path directory;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<PluginRegistry> started = new ArrayList<>();

    RegistryFixture(Path directory) {
        this.directory = directory;
    }

    /**
     * Creates a fixture whose directory holds the bundled NC and B2.
     *
     * @param directory an empty directory.
     * @return the fixture.
     * @throws IOException when the plugins cannot be copied.
     */
    static RegistryFixture withNcAndB2(Path directory) throws IOException {
        TestPlugins.installBundled("NC", directory, "NC");
        TestPlugins.installBundled("B2", directory, "B2");

        return new RegistryFixture(directory);
    }

    /**
     * Starts a registry over the directory: a 300 ms deadline, then the given settings.
     *
     * @param settings system properties as {@code name=value}.
     * @return the started registry.
     */
    PluginRegistry start(String... settings) {
        var properties = new Properties();
        properties.setProperty(RegistryConfig.COMMANDS_DIR, directory.toString());
        properties.setProperty("hsm.plugins.callTimeoutMillis", "300");
        for (var setting : settings) {
            int equals = setting.indexOf('=');
            properties.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
        }
        var registry = new PluginRegistry(RegistryConfig.from(properties), new RequestLog(), scheduler);
        registry.start();
        started.add(registry);

        return registry;
    }

    void installTest(String name, String code) throws IOException {
        TestPlugins.installTest(name, directory, code);
    }

    Path directory() {
        return directory;
    }

    static String call(PluginRegistry registry, String message) {
        return new String(registry.execute("127.0.0.1:1", message.getBytes(ISO_8859_1), 1), ISO_8859_1);
    }

    /**
     * Waits up to 5 s for a condition.
     *
     * @param condition the condition.
     * @throws InterruptedException when interrupted.
     */
    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        started.forEach(PluginRegistry::stop);
        scheduler.shutdownNow();
    }
}
