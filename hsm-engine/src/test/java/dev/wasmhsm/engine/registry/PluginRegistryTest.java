package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static dev.wasmhsm.engine.registry.RegistryFixture.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.LogCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request path through the registry: bundled commands, error replies, and plugins that misbehave. */
class PluginRegistryTest {
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

    /**
     * A request for a command no plugin serves (never loaded, failed to load, or unloaded) may carry card data, say
     * a CVV and its expiry date while CY is out of service: its log line shows only the codes.
     */
    @Test
    void anUnknownCommandIsLoggedWithItsCodesOnly() throws InterruptedException {
        List<String> lines;
        try (var capture = LogCapture.of("dev.wasmhsm.request")) {
            lines = capture.lines();
            assertEquals("CZ86", call(registry, "CYU0123456789ABCDEF0123456789ABCDEF1234;2512101"));
            waitFor(() -> lines.stream().anyMatch(line -> line.contains("command=CY")));
        }

        var line = lines.stream().filter(text -> text.contains("command=CY")).findFirst().orElseThrow();
        assertTrue(line.contains(" request=4359" + "2A".repeat(45) + " "), line);
        assertTrue(line.contains(" response=435A3836 "), line);
    }

    @Test
    void ncAnswersLmkCheckValueAndFirmware() {
        assertEquals("ND0026860400000000000007-E000", call(registry, "NC"));
    }

    @Test
    void b2EchoesItsData() {
        assertEquals("B3000123456789ABCDEF", call(registry, "B200100123456789ABCDEF"));
        assertEquals("B300PING", call(registry, "B20004PING"));
    }

    @Test
    void b2ChecksItsLengthField() {
        assertEquals("B380", call(registry, "B20005PING"));
        assertEquals("B315", call(registry, "B20003PING"));
    }

    @Test
    void unknownCommandGetsIncrementedCodeAnd86() {
        assertEquals("XY86", call(registry, "XX"));
        assertEquals("Z086", call(registry, "Z9"));
        assertEquals("AA86", call(registry, "AZ"));
    }

    @Test
    void missingDirectoryServesNothingButAnswers() {
        var empty = fixture.start("hsm.commands.dir=" + directory.resolve("none"));

        assertEquals("ND86", call(empty, "NC"));
    }

    @Test
    void errorCodeIsConfigurable() {
        var other = fixture.start("hsm.plugins.errorCode=68");

        assertEquals("XY68", call(other, "XX"));
    }

    @Test
    void messageShorterThanACommandCodeGetsAnErrorReply() {
        assertEquals("X!86", call(registry, "X"));
    }

    @Test
    void trappingPluginGetsErrorReplyAndNextRequestSucceeds() throws IOException {
        install("trap", "ZA");

        assertEquals("ZB86", call(registry, "ZA"));
        assertEquals("ZB86", call(registry, "ZA"));
        assertEquals("B300PING", call(registry, "B20004PING"));
        assertEquals(2, registry.plugin("ZA").stats().errors());
    }

    @Test
    void replyPointerOutsideGuestMemoryGetsErrorReply() throws IOException {
        install("garbage", "ZC");

        assertEquals("ZD86", call(registry, "ZC"));
        assertEquals(0, registry.plugin("ZC").idleInstances());
    }

    @Test
    void replyLongerThanTheLimitGetsErrorReply() throws IOException {
        install("bigreply", "ZK");

        assertEquals("ZL00" + "X".repeat(96), call(registry, "ZK00100"));
        assertEquals("ZL86", call(registry, "ZK32001"));
    }

    @Test
    void endlessPluginIsStoppedAtItsDeadline() throws IOException {
        install("loop", "ZE");

        long start = System.nanoTime();
        assertEquals("ZF86", call(registry, "ZE"));
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= Duration.ofMillis(300).toNanos(), "stopped after " + elapsed + " ns");
        assertTrue(elapsed < Duration.ofSeconds(3).toNanos(), "stopped after " + elapsed + " ns");
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(1, registry.plugin("ZE").stats().timeouts());
        assertEquals("ND0026860400000000000007-E000", call(registry, "NC"));
    }

    @Test
    void deadlineIsConfigurablePerCommand() throws IOException {
        fixture.installTest("loop", "ZE");
        var quick = fixture.start("hsm.plugins.ZE.callTimeoutMillis=50");

        long start = System.nanoTime();
        assertEquals("ZF86", call(quick, "ZE"));
        assertTrue(System.nanoTime() - start < Duration.ofMillis(250).toNanos());
        assertEquals(Duration.ofMillis(300), quick.plugin("NC").limits().callTimeout());
    }

    @Test
    void memoryGrowthPastTheCapFailsInsideTheGuest() throws IOException {
        fixture.installTest("grow", "ZI");
        var capped = fixture.start("hsm.plugins.ZI.maxMemoryPages=16");

        assertEquals("ZJ00N", call(capped, "ZI0100"));
        assertEquals("ZJ00Y", call(capped, "ZI0001"));
    }

    @Test
    void instanceThatGrewPastTheRecycleThresholdIsReplacedAfterItsCall() throws IOException {
        fixture.installTest("grow", "ZI");
        var recycling = fixture.start("hsm.plugins.ZI.recycleMemoryPages=8", "hsm.plugins.ZI.maxMemoryPages=64");
        var plugin = recycling.plugin("ZI");
        assertEquals(1, plugin.idleInstances());

        assertEquals("ZJ00Y", call(recycling, "ZI0020"));
        assertEquals(0, plugin.idleInstances());
        assertEquals("ZJ00Y", call(recycling, "ZI0001"));
        assertEquals(1, plugin.idleInstances());
    }

    @Test
    void callerWaitsForABusyInstanceThenGetsTheErrorReply() throws Exception {
        fixture.installTest("loop", "ZE");
        var bounded = fixture.start("hsm.plugins.ZE.maxInstances=1", "hsm.plugins.ZE.instanceWaitMillis=50",
                "hsm.plugins.ZE.callTimeoutMillis=1000");
        var plugin = bounded.plugin("ZE");
        var executor = Executors.newSingleThreadExecutor();
        try {
            var first = executor.submit(() -> call(bounded, "ZE"));
            waitFor(() -> plugin.inFlight() == 1);

            long start = System.nanoTime();
            assertEquals("ZF86", call(bounded, "ZE"));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= Duration.ofMillis(50).toNanos() && waited < Duration.ofMillis(900).toNanos(),
                    "waited " + waited + " ns");
            assertEquals(1, plugin.inFlight());
            assertEquals("ZF86", first.get());
            assertEquals(2, plugin.stats().errors());
            assertEquals(1, plugin.stats().timeouts());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void pluginsDescribeThemselvesThroughTheirMetadata() {
        var nc = registry.plugin("NC").metadata();

        assertEquals("Perform diagnostics", nc.description());
        assertEquals("ND", nc.response());
        assertEquals(List.of("hsm.config"), nc.imports());
        assertEquals("Echo", registry.plugin("B2").metadata().description());
    }

    @Test
    void callsAreCountedWithTheirLatency() {
        for (int i = 0; i < 100; i++) {
            call(registry, "B20004PING");
        }
        call(registry, "B20005PING");

        var stats = registry.plugin("B2").stats();
        assertEquals(101, stats.calls());
        assertEquals(0, stats.errors());
        assertTrue(stats.meanMicros() > 0);
        assertTrue(stats.percentileMicros(99) >= stats.percentileMicros(50));
    }

    @Test
    void concurrentCallsEachGetTheirOwnReply() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            var results = pool.invokeAll(IntStream.range(0, 8).mapToObj(t -> (Callable<Boolean>) () -> {
                for (int i = 0; i < 2000; i++) {
                    var data = String.format("%08d", t * 100000 + i);
                    if (!("B300" + data).equals(call(registry, "B20008" + data))) {
                        return false;
                    }
                }

                return true;
            }).toList());
            for (var result : results) {
                assertTrue(result.get());
            }
            assertTrue(registry.plugin("B2").idleInstances() <= 8);
        } finally {
            pool.shutdownNow();
        }
    }

    private void install(String name, String code) throws IOException {
        fixture.installTest(name, code);
        registry.reload();
    }
}
