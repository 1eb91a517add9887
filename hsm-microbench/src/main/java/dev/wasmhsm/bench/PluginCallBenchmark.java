package dev.wasmhsm.bench;

import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.host.CryptoContext;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.runtime.PluginLimits;
import dev.wasmhsm.engine.runtime.PluginRuntime;
import dev.wasmhsm.engine.runtime.WasmPlugin;
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
 * One request through {@link WasmPlugin#call} directly: pool checkout, deadline armed, the guest call, the reply
 * copied out and checked, the instance given back and the statistics, without the registry's lookup and request
 * log. Against {@link RegistryBenchmark} it splits the registry's own cost from the plugin's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PluginCallBenchmark {
    /** The command sent: {@code NC} (diagnostics) or {@code B2} ({@code B20004PING}, echo). */
    @Param({"NC", "B2"})
    public String command;

    private Command request;
    private ScheduledExecutorService scheduler;
    private PluginRuntime runtime;
    private WasmPlugin plugin;

    /**
     * Loads the plugin with the default limits and a started watchdog, and checks its reply once.
     *
     * @throws PluginException when the plugin does not load or does not answer.
     */
    @Setup(Level.Trial)
    public void setUp() throws PluginException {
        request = Command.of(command);
        scheduler = BenchPlugins.scheduler();
        runtime = PluginRuntime.of(PluginLimits.DEFAULTS,
                new HostFunctions(BenchPlugins.values(), CryptoContext.testDefaults()));
        runtime.watchdog().start(scheduler);
        plugin = WasmPlugin.load(command, BenchPlugins.bytes(command), runtime);
        request.check(call(), "WasmPlugin.call");
    }

    /** Stops the watchdog and its scheduler. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (runtime != null) {
            runtime.watchdog().stop();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * One request on one thread.
     *
     * @return the reply.
     * @throws PluginException when the call fails.
     */
    @Benchmark
    @Threads(1)
    public byte[] call() throws PluginException {
        return plugin.call(request.message());
    }
}
