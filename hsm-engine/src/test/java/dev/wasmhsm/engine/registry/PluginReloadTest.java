package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static dev.wasmhsm.engine.registry.RegistryFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads without a container: the generation swap, per-command reload and unload, drains, and the watcher. */
class PluginReloadTest {
    @TempDir
    Path directory;
    private RegistryFixture fixture;
    private PluginRegistry registry;

    @BeforeEach
    void setUp() throws IOException {
        fixture = RegistryFixture.withNcAndB2(directory);
        registry = fixture.start();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void reloadReportsLoadedReplacedRemovedUnchangedAndFailedWithReasons() throws IOException {
        Files.delete(directory.resolve("B2.wasm"));
        registry.reload();
        assertEquals("B386", call(registry, "B20004PING"));
        TestPlugins.installBundled("B2", directory, "B2");
        fixture.installTest("trap", "ZA");
        fixture.installTest("version1", "ZM");
        registry.reload();
        fixture.installTest("version2", "ZM");
        Files.delete(directory.resolve("ZA.wasm"));
        Files.write(directory.resolve("ZZ.wasm"), "not a module".getBytes(StandardCharsets.US_ASCII));
        Files.write(directory.resolve("readme.txt"), "ignored".getBytes(StandardCharsets.US_ASCII));

        var report = registry.reload();

        assertEquals(4, report.generation());
        assertEquals(List.of(), report.loaded());
        assertEquals(List.of("ZM"), report.replaced());
        assertEquals(List.of("ZA"), report.removed());
        assertEquals(List.of("B2", "NC"), report.unchanged());
        assertEquals(1, report.failed().size());
        assertTrue(report.failed().get(0).startsWith("ZZ (untrusted: SHA-256 "), report.failed().toString());
        assertEquals("ZN00V2", call(registry, "ZM"));
        assertEquals("ZA86", call(registry, "ZZ"));
        assertEquals(List.of("B2", "NC", "ZM"), List.copyOf(registry.plugins().keySet()));
    }

    @Test
    void modulesThatBreakTheAbiAreRefusedWithTheReason() throws IOException {
        fixture.installTest("nometa", "ZS");
        fixture.installTest("undeclared", "ZQ");
        fixture.installTest("foreign", "ZR");
        TestPlugins.installBundled("NC", directory, "N1");

        var failed = String.join("\n", registry.reload().failed());

        assertTrue(failed.contains("N1 (the metadata says command NC, the file name N1)"), failed);
        assertTrue(failed.contains("ZQ (the module imports hsm.config without declaring it"), failed);
        assertTrue(failed.contains("ZR (the metadata declares host function env.now"), failed);
        assertTrue(failed.contains("ZS (the module has no hsm.plugin custom section"), failed);
        assertEquals(List.of("B2", "NC"), List.copyOf(registry.plugins().keySet()));
    }

    @Test
    void corruptReplacementKeepsThePreviousVersionServing() throws IOException {
        var before = registry.plugin("B2");
        Files.write(directory.resolve("B2.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 42});

        var report = registry.reload();

        assertTrue(report.failed().get(0).startsWith("B2 ("), report.failed().toString());
        assertEquals(before, registry.plugin("B2"));
        assertEquals("B300PING", call(registry, "B20004PING"));
    }

    @Test
    void unreadableDirectoryKeepsTheCurrentSetServing() throws IOException {
        for (var file : List.of("NC.wasm", "B2.wasm")) {
            Files.delete(directory.resolve(file));
        }
        Files.delete(directory);

        var report = registry.reload();

        assertTrue(report.failed().get(0).contains("does not exist"), report.failed().toString());
        assertEquals(List.of(), report.removed());
        assertEquals("B300PING", call(registry, "B20004PING"));
        Files.createDirectory(directory);
    }

    @Test
    void reloadOfOneCommandTouchesOnlyThatCommand() throws IOException {
        fixture.installTest("version1", "ZM");
        registry.reload("ZM");
        assertEquals("ZN00V1DATA", call(registry, "ZMDATA"));
        fixture.installTest("version2", "ZM");
        fixture.installTest("echo", "ZG");
        Files.delete(directory.resolve("B2.wasm"));

        var report = registry.reload("ZM");

        assertEquals(List.of("ZM"), report.replaced());
        assertEquals("ZN00V2DATA", call(registry, "ZMDATA"));
        assertEquals("2.0.0", registry.plugin("ZM").metadata().version());
        assertNull(registry.plugin("ZG"));
        assertEquals("B300PING", call(registry, "B20004PING"));
        assertEquals(List.of("ZM"), registry.reload("ZM").unchanged());
        assertEquals(List.of("B2"), registry.reload("B2").removed());
        assertTrue(registry.reload("Q1").failed().get(0).startsWith("Q1 (no file"));
        assertTrue(registry.reload("../x").failed().get(0).contains("two letters or digits"));
    }

    @Test
    void failedReloadOfOneCommandKeepsItsVersion() throws IOException {
        fixture.installTest("version1", "ZM");
        registry.reload("ZM");
        Files.write(directory.resolve("ZM.wasm"), new byte[] {1, 2, 3});

        var report = registry.reload("ZM");

        assertFalse(report.succeeded());
        assertEquals("ZN00V1", call(registry, "ZM"));
    }

    @Test
    void unloadTakesACommandOutOfServiceUntilTheNextReload() {
        assertEquals(List.of("B2"), registry.unload("B2").removed());
        assertEquals("B386", call(registry, "B20004PING"));
        assertFalse(registry.unload("B2").succeeded());

        registry.reload();

        assertEquals("B300PING", call(registry, "B20004PING"));
    }

    @Test
    void callRunningOnTheOldVersionFinishesOnItAndTheVersionIsReleasedAfter() throws Exception {
        fixture.installTest("spin", "ZO");
        var slow = fixture.start("hsm.plugins.ZO.callTimeoutMillis=10000");
        var old = slow.plugin("ZO");
        var request = "ZO" + String.format("%09d", iterationsFor(slow, 300));
        var executor = Executors.newSingleThreadExecutor();
        try {
            var running = executor.submit(() -> call(slow, request));
            waitFor(() -> old.inFlight() == 1);

            slow.unload("ZO");

            assertNull(slow.plugin("ZO"));
            assertFalse(old.released());
            assertTrue(running.get().startsWith("ZP00"), "the call in flight finished on the old version");
            waitFor(old::released);
            assertEquals(0, old.idleInstances());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void drainTimeoutReleasesAVersionWhoseCallsDoNotEnd() throws Exception {
        fixture.installTest("loop", "ZE");
        var stuck = fixture.start("hsm.plugins.ZE.callTimeoutMillis=2000", "hsm.plugins.drainTimeoutMillis=50");
        var old = stuck.plugin("ZE");
        var executor = Executors.newSingleThreadExecutor();
        try {
            var running = executor.submit(() -> call(stuck, "ZE"));
            waitFor(() -> old.inFlight() == 1);

            stuck.unload("ZE");
            waitFor(old::released);

            assertEquals(1, old.inFlight());
            assertEquals("ZF86", running.get());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void reloadsUnderLoadLoseNoReply() throws Exception {
        fixture.installTest("version1", "ZM");
        registry.reload();
        var stop = new AtomicBoolean();
        var executor = Executors.newFixedThreadPool(8);
        var workers = new ArrayList<Future<String>>();
        try {
            for (int t = 0; t < 8; t++) {
                var data = "T" + t;
                workers.add(executor.submit(() -> {
                    int calls = 0;
                    while (!stop.get()) {
                        var reply = call(registry, "ZM" + data);
                        if (!reply.equals("ZN00V1" + data) && !reply.equals("ZN00V2" + data)) {
                            return "unexpected reply " + reply;
                        }
                        calls++;
                    }

                    return "ok " + calls;
                }));
            }
            for (int i = 0; i < 50; i++) {
                fixture.installTest(i % 2 == 0 ? "version2" : "version1", "ZM");
                var report = registry.reload("ZM");
                assertEquals(List.of("ZM"), report.replaced(), report.summary());
            }
            stop.set(true);
            for (var worker : workers) {
                var result = worker.get();
                assertTrue(result.startsWith("ok ") && !result.equals("ok 0"), result);
            }
            assertEquals(0, registry.plugin("ZM").stats().errors());
        } finally {
            stop.set(true);
            executor.shutdownNow();
        }
    }

    @Test
    void watcherIsOffByDefault() throws Exception {
        var config = RegistryConfig.from(new Properties());
        assertFalse(config.watch());
        fixture.installTest("echo", "ZG");

        Thread.sleep(400);

        assertNull(registry.plugin("ZG"));
    }

    @Test
    void watcherReloadsAChangedFileAfterTheQuietPeriod() throws Exception {
        var watched = fixture.start("hsm.plugins.watch=true", "hsm.plugins.watchQuietMillis=200");
        fixture.installTest("echo", "ZG");

        waitFor(() -> watched.plugin("ZG") != null);

        assertEquals("ZH00HI", call(watched, "ZGHI"));
        var first = watched.plugin("NC");
        Files.delete(directory.resolve("ZG.wasm"));
        waitFor(() -> watched.plugin("ZG") == null);
        assertEquals(first, watched.plugin("NC"));
        assertNotSame(registry, watched);
    }

    /** Calibrates the spin plugin: the iterations that take about the given time on this machine. */
    private static long iterationsFor(PluginRegistry registry, long millis) {
        long iterations = 1_000_000;
        long start = System.nanoTime();
        call(registry, "ZO" + String.format("%09d", iterations));
        long nanos = Math.max(1, System.nanoTime() - start);

        return Math.min(999_999_999L, iterations * millis * 1_000_000 / nanos);
    }
}
