package dev.wasmhsm.plugins.registry;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.plugins.TestPlugins;
import dev.wasmhsm.plugins.log.RequestLog;
import dev.wasmhsm.plugins.wasm.PluginRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginRegistryTest {
    @TempDir
    Path directory;
    private ScheduledExecutorService scheduler;
    private PluginRuntime runtime;
    private PluginRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        TestPlugins.installBundled("NC", directory, "NC");
        TestPlugins.installBundled("B2", directory, "B2");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        runtime = PluginRuntime.withDefaults(Map.of(
                "lmk.check", "2686040000000000".getBytes(StandardCharsets.US_ASCII),
                "firmware", "0007-E000".getBytes(StandardCharsets.US_ASCII)), Duration.ofMillis(300));
        runtime.watchdog().start(scheduler);
        registry = new PluginRegistry(directory, "86", runtime, new RequestLog());
        registry.reload();
    }

    @AfterEach
    void tearDown() {
        runtime.watchdog().stop();
        scheduler.shutdownNow();
    }

    @Test
    void ncAnswersLmkCheckValueAndFirmware() {
        assertEquals("ND0026860400000000000007-E000", call("NC"));
    }

    @Test
    void b2EchoesItsData() {
        assertEquals("B3000123456789ABCDEF", call("B200100123456789ABCDEF"));
        assertEquals("B300PING", call("B20004PING"));
    }

    @Test
    void b2ChecksItsLengthField() {
        assertEquals("B380", call("B20005PING"));
        assertEquals("B315", call("B20003PING"));
    }

    @Test
    void unknownCommandGetsIncrementedCodeAnd86() {
        assertEquals("ND86", new String(new PluginRegistry(directory.resolve("none"), "86", runtime, new RequestLog())
                .execute("test", "NC".getBytes(ISO_8859_1), 1), ISO_8859_1));
        assertEquals("XY86", call("XX"));
        assertEquals("Z086", call("Z9"));
        assertEquals("AA86", call("AZ"));
    }

    @Test
    void errorCodeIsConfigurable() {
        var other = new PluginRegistry(directory, "68", runtime, new RequestLog());
        other.reload();

        assertEquals("XY68", new String(other.execute("test", "XX".getBytes(ISO_8859_1), 1), ISO_8859_1));
    }

    @Test
    void messageShorterThanACommandCodeGetsAnErrorReply() {
        assertEquals("X!86", call("X"));
    }

    @Test
    void trappingPluginGetsErrorReplyAndNextRequestSucceeds() throws IOException {
        installTestPlugin("trap", "TR");

        assertEquals("TS86", call("TR"));
        assertEquals("TS86", call("TR"));
        assertEquals("B300PING", call("B20004PING"));
    }

    @Test
    void pluginReturningGarbageGetsErrorReply() throws IOException {
        installTestPlugin("garbage", "GA");

        assertEquals("GB86", call("GA"));
    }

    @Test
    void pluginAnsweringWithTheWrongCodeGetsErrorReply() throws IOException {
        TestPlugins.installBundled("NC", directory, "N1");
        registry.reload();

        assertEquals("N286", call("N1"));
    }

    @Test
    void endlessPluginIsStoppedAtItsDeadline() throws IOException {
        installTestPlugin("loop", "LO");

        long start = System.nanoTime();
        assertEquals("LP86", call("LO"));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals("ND0026860400000000000007-E000", call("NC"));
    }

    @Test
    void reloadReportsLoadedReplacedRemovedUnchangedAndFailed() throws IOException {
        Files.delete(directory.resolve("B2.wasm"));
        registry.reload();
        assertEquals("B386", call("B20004PING"));
        TestPlugins.installBundled("B2", directory, "B2");
        TestPlugins.installTest("trap", directory, "TR");
        Files.write(directory.resolve("NC.wasm"), Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/garbage.wasm")));
        Files.write(directory.resolve("ZZ.wasm"), "not a module".getBytes(StandardCharsets.US_ASCII));
        Files.write(directory.resolve("readme.txt"), "ignored".getBytes(StandardCharsets.US_ASCII));

        var report = registry.reload();

        assertEquals(3, report.generation());
        assertEquals(List.of("B2", "TR"), report.loaded());
        assertEquals(List.of("NC"), report.replaced());
        assertEquals(List.of(), report.unchanged());
        assertEquals(List.of(), report.removed());
        assertEquals(1, report.failed().size());
        assertTrue(report.failed().get(0).startsWith("ZZ"), report.failed().toString());
        assertEquals("B300PING", call("B20004PING"));
        assertEquals("ND86", call("NC"));
        assertEquals("ZA86", call("ZZ"));
        assertEquals(List.of("B2", "NC", "TR"), List.copyOf(registry.plugins().keySet()));
        assertEquals(List.of("B2", "NC", "TR"), registry.reload().unchanged());
    }

    @Test
    void corruptReplacementKeepsThePreviousVersionServing() throws IOException {
        Files.write(directory.resolve("B2.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 42});

        var report = registry.reload();

        assertEquals(1, report.failed().size());
        assertTrue(report.failed().get(0).startsWith("B2"), report.failed().toString());
        assertEquals("B300PING", call("B20004PING"));
        assertEquals(List.of("B2", "NC"), List.copyOf(registry.plugins().keySet()));
    }

    @Test
    void unreadableDirectoryKeepsTheCurrentSetServing() throws IOException {
        for (var file : List.of("NC.wasm", "B2.wasm")) {
            Files.delete(directory.resolve(file));
        }
        Files.delete(directory);

        var report = registry.reload();

        assertEquals(List.of("B2", "NC"), report.unchanged());
        assertTrue(report.failed().get(0).contains("does not exist"), report.failed().toString());
        assertEquals("B300PING", call("B20004PING"));
        Files.createDirectory(directory);
    }

    @Test
    void removedPluginStopsServing() throws IOException {
        Files.delete(directory.resolve("B2.wasm"));

        var report = registry.reload();

        assertEquals(List.of("B2"), report.removed());
        assertEquals("B386", call("B20004PING"));
    }

    @Test
    void pluginsDescribeThemselves() {
        assertEquals("Perform diagnostics", registry.plugins().get("NC").description());
        assertEquals("Echo", registry.plugins().get("B2").description());
    }

    @Test
    void concurrentCallsEachGetTheirOwnReply() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var results = pool.invokeAll(java.util.stream.IntStream.range(0, 8).mapToObj(t -> (java.util.concurrent
                    .Callable<Boolean>) () -> {
                        for (int i = 0; i < 2000; i++) {
                            var data = String.format("%08d", t * 100000 + i);
                            if (!("B300" + data).equals(call("B20008" + data))) {
                                return false;
                            }
                        }

                        return true;
                    }).toList());
            for (var result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void installTestPlugin(String name, String code) throws IOException {
        TestPlugins.installTest(name, directory, code);
        registry.reload();
    }

    private String call(String message) {
        return new String(registry.execute("127.0.0.1:1", message.getBytes(ISO_8859_1), 1), ISO_8859_1);
    }
}
