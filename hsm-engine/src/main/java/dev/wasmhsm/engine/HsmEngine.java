package dev.wasmhsm.engine;

import dev.wasmhsm.engine.host.AuthorisedState;
import dev.wasmhsm.engine.host.CryptoContext;
import dev.wasmhsm.engine.host.HostConfig;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.host.SecurityProfile;
import dev.wasmhsm.engine.log.HsmLogHandler;
import dev.wasmhsm.engine.log.LogSettings;
import dev.wasmhsm.engine.log.RequestLog;
import dev.wasmhsm.engine.metrics.PrometheusText;
import dev.wasmhsm.engine.registry.PluginRegistry;
import dev.wasmhsm.engine.registry.PluginTrust;
import dev.wasmhsm.engine.runtime.CallWatchdog;
import dev.wasmhsm.engine.runtime.PluginRuntime;
import dev.wasmhsm.engine.status.HsmStatus;
import dev.wasmhsm.protocol.HsmRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The plugin engine: every host command a server receives goes through {@link #execute}, to the plugin registry,
 * the plugin's instance pool, the guest, and the host functions it calls.
 *
 * <p>It wires the parts together once: the request log, the call watchdog, the host functions over the LMK and
 * the random source, and the registry over the commands directory. Plain Java: the EJB module owns one, the
 * plugin tool and the benchmarks build their own, and the tests run it without a container.
 */
public final class HsmEngine {
    private final HsmLogHandler logHandler;
    private final RequestLog requestLog;
    private final CallWatchdog watchdog;
    private final ScheduledExecutorService watchdogThread;
    private final PluginRegistry registry;
    private final CryptoContext crypto;
    private final ScheduledFuture<?> authorisedSweep;
    private final boolean testLmk;
    private final HsmStatus status;
    private volatile boolean stopping;

    private HsmEngine(HsmLogHandler logHandler, RequestLog requestLog, CallWatchdog watchdog,
            ScheduledExecutorService watchdogThread, PluginRegistry registry, CryptoContext crypto,
            ScheduledFuture<?> authorisedSweep, HsmStatus status) {
        this.logHandler = logHandler;
        this.status = status;
        this.requestLog = requestLog;
        this.watchdog = watchdog;
        this.watchdogThread = watchdogThread;
        this.registry = registry;
        this.crypto = crypto;
        this.authorisedSweep = authorisedSweep;
        this.testLmk = crypto.lmk().isTestLmk();
    }

    /**
     * Starts an engine: runs the cryptographic self-tests, loads the LMK and checks the cryptographic settings,
     * starts the request log and the watchdog on the scheduler, and loads the commands directory.
     *
     * @param config the settings.
     * @param scheduler runs the watchdog, the log sweep, the drains of replaced versions and the directory watcher.
     * @return the engine, answering requests.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     * @throws IllegalStateException when the random source is fixed with a live LMK, or a self-test fails.
     */
    public static HsmEngine start(EngineConfig config, ScheduledExecutorService scheduler) {
        return start(config, scheduler, "");
    }

    /**
     * Starts an engine as {@link #start(EngineConfig, ScheduledExecutorService)} does, trusting the bundled plugins
     * of a manifest.
     *
     * @param config the settings.
     * @param scheduler runs the watchdog, the log sweep, the drains of replaced versions and the directory watcher.
     * @param bundledSums the bundled manifest, the build's plugins/SHA256SUMS ({@link PluginTrust}).
     * @return the engine, answering requests.
     * @throws IllegalArgumentException when the LMK file cannot be read or is malformed.
     * @throws IllegalStateException when the random source is fixed with a live LMK, or a self-test fails.
     */
    public static HsmEngine start(EngineConfig config, ScheduledExecutorService scheduler, String bundledSums) {
        var logHandler = logHandler(config.log(), scheduler);
        try {
            return start(config, scheduler, bundledSums, logHandler);
        } catch (RuntimeException | Error e) {
            // A start that fails gives the category back to the server's handlers, where its reason is logged.
            if (logHandler != null) {
                logHandler.uninstall();
            }
            throw e;
        }
    }

    private static HsmEngine start(EngineConfig config, ScheduledExecutorService scheduler, String bundledSums,
            HsmLogHandler logHandler) {
        var crypto = config.host().crypto().loadForServer();
        var host = new HostFunctions(config.host().pluginValues(), crypto);
        var watchdog = new CallWatchdog();
        var requestLog = new RequestLog(config.log().mdc());
        var runtime = new PluginRuntime(watchdog, config.limits(), host);
        if (crypto.profile().strictFilePermissions()) {
            requireSafeCommandsDirectory(config.registry().commandsDirectory());
        }
        boolean trustedOnly = crypto.profile().trustedPluginsOnly();
        var settings = config.registry();
        var registry = new PluginRegistry(settings, runtime, requestLog, scheduler,
                () -> PluginTrust.read(trustedOnly, bundledSums, settings.trustFile(), settings.commandsDirectory(),
                        settings.signingKey()));
        requestLog.start(scheduler);
        // The watchdog on a thread of its own: deadlines hold when log sweeps, reload compiles and drains keep the
        // shared scheduler busy.
        var watchdogThread = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "hsm-call-watchdog");
            thread.setDaemon(true);

            return thread;
        });
        watchdog.start(watchdogThread);
        var sweep = scheduler.scheduleWithFixedDelay(crypto.authorised()::sweep, 1, 1, TimeUnit.SECONDS);
        var serial = config.host().pluginValues().getOrDefault("serial", HostConfig.DEFAULT_SERIAL.getBytes(
                StandardCharsets.US_ASCII));
        var status = new HsmStatus(registry.metrics(), new String(serial, StandardCharsets.US_ASCII),
                crypto.lmk().isTestLmk(), () -> crypto.authorised().describe().size(), Clock.systemDefaultZone());
        host.serveStatus(status);
        status.start(scheduler);
        registry.start();

        return new HsmEngine(logHandler, requestLog, watchdog, watchdogThread, registry, crypto, sweep, status);
    }

    private static HsmLogHandler logHandler(LogSettings settings, ScheduledExecutorService scheduler) {
        if (settings.destination() == LogSettings.Destination.SERVER) {
            return null;
        }
        try {
            return HsmLogHandler.install(settings, scheduler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the HSM log " + settings.file(), e);
        }
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

    /**
     * Writes the engine's metrics in the Prometheus text format.
     *
     * @param out the text.
     */
    public void writeMetrics(PrometheusText out) {
        registry.writeMetrics(out);
        out.family("hsm_lmk_test", "gauge", "1 when the LMK loaded is the public test LMK.");
        out.sample("hsm_lmk_test", testLmk ? 1 : 0);
    }

    /** @return whether {@link #stop()} has begun: the engine is draining and no longer ready for traffic. */
    public boolean stopping() {
        return stopping;
    }

    /** @return the registry of the plugins in service, for management. */
    public PluginRegistry registry() {
        return registry;
    }

    private static void requireSafeCommandsDirectory(Path directory) {
        try {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                PluginTrust.requireSafe(directory, "the commands directory");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage() + ": the strict file permissions of the security profile"
                    + " refuse it", e);
        }
    }

    /** @return the authorised activities, entered and left through management. */
    public AuthorisedState authorisedState() {
        return crypto.authorised();
    }

    /** @return the security settings the host enforces. */
    public SecurityProfile securityProfile() {
        return crypto.profile();
    }

    /**
     * Stops watching the directory, the watchdog and the log sweep, writes the log lines still queued, and wipes
     * the LMK.
     */
    public void stop() {
        stopping = true;
        status.stop();
        registry.stop();
        watchdog.stop();
        watchdogThread.shutdownNow();
        authorisedSweep.cancel(false);
        crypto.authorised().cancel("all", "engine stop");
        requestLog.stop();
        crypto.lmk().destroy();
        if (logHandler != null) {
            logHandler.uninstall();
        }
    }
}
