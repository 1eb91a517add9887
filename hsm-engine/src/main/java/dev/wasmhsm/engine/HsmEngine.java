package dev.wasmhsm.engine;

import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.log.RequestLog;
import dev.wasmhsm.engine.registry.PluginRegistry;
import dev.wasmhsm.engine.runtime.CallWatchdog;
import dev.wasmhsm.engine.runtime.PluginRuntime;
import dev.wasmhsm.protocol.HsmRequest;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The plugin engine: every host command a server receives goes through {@link #execute}, to the plugin registry,
 * the plugin's instance pool, the guest, and the host functions it calls.
 *
 * <p>It wires the parts together once: the request log, the call watchdog, the host functions over the LMK and
 * the random source, and the registry over the commands directory. Plain Java: the EJB module owns one, the
 * plugin tool and the benchmarks build their own, and the tests run it without a container.
 */
public final class HsmEngine {
    private final RequestLog requestLog;
    private final CallWatchdog watchdog;
    private final PluginRegistry registry;

    private HsmEngine(RequestLog requestLog, CallWatchdog watchdog, PluginRegistry registry) {
        this.requestLog = requestLog;
        this.watchdog = watchdog;
        this.registry = registry;
    }

    /**
     * Starts an engine: loads the LMK and checks the cryptographic settings, starts the request log and the
     * watchdog on the scheduler, and loads the commands directory.
     *
     * @param config the settings.
     * @param scheduler runs the watchdog, the log sweep, the drains of replaced versions and the directory watcher.
     * @return the engine, answering requests.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     * @throws IllegalStateException when the random source is fixed with a live LMK.
     */
    public static HsmEngine start(EngineConfig config, ScheduledExecutorService scheduler) {
        var host = new HostFunctions(config.host().pluginValues(), config.host().crypto().loadForServer());
        var watchdog = new CallWatchdog();
        var requestLog = new RequestLog(config.logMdc());
        var runtime = new PluginRuntime(watchdog, config.limits(), host);
        var registry = new PluginRegistry(config.registry(), runtime, requestLog, scheduler);
        requestLog.start(scheduler);
        watchdog.start(scheduler);
        registry.start();

        return new HsmEngine(requestLog, watchdog, registry);
    }

    /**
     * Answers one request: the plugin's reply, or the error reply when no plugin serves the command or it fails.
     * Never throws for bad input or a bad plugin.
     *
     * @param request the request as the adapter delivered it.
     * @return the reply message.
     */
    public byte[] execute(HsmRequest request) {
        return registry.execute(request);
    }

    /** @return the registry of the plugins in service, for management. */
    public PluginRegistry registry() {
        return registry;
    }

    /** Stops watching the directory, the watchdog and the log sweep, and writes the log lines still queued. */
    public void stop() {
        registry.stop();
        watchdog.stop();
        requestLog.stop();
    }
}
