package dev.wasmhsm.bench;

import dev.wasmhsm.engine.EngineConfig;
import dev.wasmhsm.engine.HsmEngine;
import dev.wasmhsm.engine.host.SecurityProfile;
import dev.wasmhsm.engine.registry.RegistryConfig;
import dev.wasmhsm.protocol.HsmRequest;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request through {@link HsmEngine#execute}, the server's whole plugin path below the transport: command
 * lookup, instance pool checkout, call deadline armed with the watchdog, the guest call, the reply copied out and
 * checked, the instance given back, the statistics and the (disabled) request log.
 *
 * <p><b>The per-request log is off in this benchmark</b>: the category {@code dev.wasmhsm.request} is raised to
 * WARNING in the setup (see {@link RequestLogGuard}), and the teardown fails the run if any line was written.
 * What a line costs when it is on is measured end to end in docs/performance.md, not here.
 *
 * <p>{@link #execute} runs on one thread; {@link #executeTwoThreads} runs the same call on two threads sharing one
 * registry, to show the contention on the pool, the watchdog's map and the statistics.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegistryBenchmark {
    private static final String CLIENT = "127.0.0.1:50000";
    private static final int ACTIVE_CONNECTIONS = 1;

    /** The command sent: {@code NC} (diagnostics) or {@code B2} ({@code B20004PING}, echo). */
    @Param({"NC", "B2", "CW"})
    public String command;

    private Command request;
    private Path directory;
    private ScheduledExecutorService scheduler;
    private RequestLogGuard logGuard;
    private HsmRequest hsmRequest;
    private HsmEngine engine;

    /** Loads NC and B2 from a temporary commands directory, checks the replies once, and turns the log off. */
    @Setup(Level.Trial)
    public void setUp() {
        request = Command.of(command);
        directory = BenchPlugins.commandsDirectory();
        logGuard = new RequestLogGuard();
        var properties = new Properties();
        properties.setProperty(RegistryConfig.COMMANDS_DIR, directory.toString());
        // The modules come from plugins/wasm, not from the application's bundled manifest; legacy loads them.
        properties.setProperty(SecurityProfile.PROFILE, "legacy");
        scheduler = BenchPlugins.scheduler();
        hsmRequest = new HsmRequest(CLIENT, request.message(), ACTIVE_CONNECTIONS);
        engine = HsmEngine.start(EngineConfig.from(properties), scheduler);
        var registry = engine.registry();
        var report = registry.lastReload();
        for (var code : BenchPlugins.CODES) {
            if (registry.plugin(code) == null) {
                throw new IllegalStateException("the registry did not load " + code + " from " + directory + ": "
                        + (report == null ? "no reload report" : report.summary()));
            }
        }
        request.check(execute(), "the registry");
        logGuard.probe();
        logGuard.silence();
        request.check(execute(), "the registry");
    }

    /** Stops the engine and fails the run if the request log wrote any line while it was off. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (engine != null) {
            engine.stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        BenchPlugins.delete(directory);
        logGuard.verify();
    }

    /**
     * One request on one thread.
     *
     * @return the reply.
     */
    @Benchmark
    @Threads(1)
    public byte[] execute() {
        return engine.execute(hsmRequest);
    }

    /**
     * One request on each of two threads sharing the registry.
     *
     * @return the reply.
     */
    @Benchmark
    @Threads(2)
    public byte[] executeTwoThreads() {
        return engine.execute(hsmRequest);
    }
}
