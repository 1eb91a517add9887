package dev.wasmhsm.tool;

import dev.wasmhsm.engine.host.CryptoConfig;
import dev.wasmhsm.engine.host.HostConfig;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.metrics.CommandMetrics;
import dev.wasmhsm.engine.runtime.PluginRuntime;
import dev.wasmhsm.engine.status.HsmStatus;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a plugin shares with the others in the server, here for one command run: the configuration values and
 * limits, the LMK set and random source of the cryptographic host functions, and the watchdog that stops calls at
 * their deadline, sweeping on its own daemon thread.
 *
 * <p>The cryptographic settings are the server's system properties: {@code -Dhsm.lmk.file=...} (default: the
 * standard Thales test LMK), {@code -Dhsm.security.profile=legacy} (default {@code pci}) and
 * {@code -Dhsm.crypto.fixedRandom=CD} (conformance vectors under the legacy profile only).
 *
 * @param runtime the runtime plugins load into.
 * @param scheduler the watchdog's thread.
 */
record ToolRuntime(PluginRuntime runtime, ScheduledExecutorService scheduler) implements AutoCloseable {
    /**
     * Creates the runtime and starts its watchdog.
     *
     * @param options the {@code --config} values and {@code --timeout-ms} deadline.
     * @return the runtime; close it to stop the watchdog.
     */
    static ToolRuntime start(Options options) {
        var crypto = CryptoConfig.from(System.getProperties()).load();
        var host = new HostFunctions(options.pluginValues(), crypto);
        // The health and utilisation commands answer the tool's own statistics: none, since it serves no traffic.
        host.serveStatus(new HsmStatus(new CommandMetrics(code -> false), HostConfig.DEFAULT_SERIAL,
                crypto.lmk().isTestLmk(), () -> 0, Clock.systemDefaultZone()));
        var runtime = PluginRuntime.of(options.limits(), host);
        var scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "plugin-watchdog");
            thread.setDaemon(true);

            return thread;
        });
        runtime.watchdog().start(scheduler);

        return new ToolRuntime(runtime, scheduler);
    }

    /** Stops the watchdog and its thread. */
    @Override
    public void close() {
        runtime.watchdog().stop();
        scheduler.shutdownNow();
    }
}
