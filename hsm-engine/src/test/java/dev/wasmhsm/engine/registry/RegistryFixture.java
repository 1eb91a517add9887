package dev.wasmhsm.engine.registry;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.EngineConfig;
import dev.wasmhsm.engine.HsmEngine;
import dev.wasmhsm.engine.TestPlugins;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import dev.wasmhsm.protocol.HsmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/** Engines over a temporary commands directory for tests, seen through their registries; close stops them all. */
final class RegistryFixture implements AutoCloseable {
    /** A trust file for every module of the repository, each granted the host functions its metadata declares. */
    static final Path TRUST_FILE = trustEveryRepositoryModule();

    private final Path directory;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<HsmEngine> started = new ArrayList<>();

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
     * Starts an engine over the directory, a 300 ms deadline, then the given settings, and returns its registry.
     *
     * @param settings system properties as {@code name=value}.
     * @return the started registry.
     */
    PluginRegistry start(String... settings) {
        var properties = new Properties();
        properties.setProperty(RegistryConfig.COMMANDS_DIR, directory.toString());
        properties.setProperty(PluginTrust.TRUST_FILE, TRUST_FILE.toString());
        properties.setProperty("hsm.plugins.callTimeoutMillis", "300");
        properties.setProperty("hsm.security.officers", "officer-1,officer-2");
        for (var setting : settings) {
            int equals = setting.indexOf('=');
            properties.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
        }
        var engine = HsmEngine.start(EngineConfig.from(properties), scheduler);
        started.add(engine);

        return engine.registry();
    }

    /**
     * Enters authorised activities on the engine started last, for a minute, by two principals (as dual control
     * needs).
     *
     * @param activities the activities' identifiers.
     */
    void authorise(String... activities) {
        var state = started.get(started.size() - 1).authorisedState();
        for (var activity : activities) {
            state.authorise(activity, Duration.ofMinutes(1), "officer-1");
            if (state.dualControl()) {
                state.authorise(activity, Duration.ofMinutes(1), "officer-2");
            }
        }
    }

    private static Path trustEveryRepositoryModule() {
        try {
            var file = Files.createTempFile("wasmhsm-trust", ".txt");
            var lines = new ArrayList<String>();
            for (var folder : new String[] {"wasm", "test-wasm"}) {
                try (var modules = Files.list(TestPlugins.ROOT.resolve(folder))) {
                    for (var module : modules.sorted().toList()) {
                        var bytes = Files.readAllBytes(module);
                        List<String> imports;
                        try {
                            imports = PluginMetadata.of(Parser.parse(bytes)).imports();
                        } catch (PluginException | RuntimeException e) {
                            imports = List.of();
                        }
                        lines.add(PluginTrust.line(WasmPlugin.digest(bytes), Set.copyOf(imports),
                                module.getFileName().toString()));
                    }
                }
            }
            Files.write(file, lines);
            file.toFile().deleteOnExit();

            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void installTest(String name, String code) throws IOException {
        TestPlugins.installTest(name, directory, code);
    }

    Path directory() {
        return directory;
    }

    static String call(PluginRegistry registry, String message) {
        return new String(registry.execute(new HsmRequest("127.0.0.1:1", message.getBytes(ISO_8859_1), 1)),
                ISO_8859_1);
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
        started.forEach(HsmEngine::stop);
        scheduler.shutdownNow();
    }
}
