package dev.wasmhsm.engine.registry;

import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.log.CallOrigin;
import dev.wasmhsm.engine.log.RequestLog;
import dev.wasmhsm.engine.metrics.CommandMetrics;
import dev.wasmhsm.engine.metrics.PrometheusText;
import dev.wasmhsm.engine.runtime.PluginRuntime;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.ResponseCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The command plugins in service, keyed by command code, and the request path through them.
 *
 * <p>Requests read an immutable map through one volatile field, so they never wait for a reload. A reload builds
 * each new version aside (parse, check, compile, one instance), then swaps the map at once; a call that started on
 * the old version finishes on it, and the old version's instances are released once its calls have drained.
 */
public final class PluginRegistry {
    private static final Logger LOG = Logger.getLogger(PluginRegistry.class);
    private static final Pattern PLUGIN_FILE = Pattern.compile("([0-9A-Za-z]{2})\\.wasm");
    private static final Pattern COMMAND = Pattern.compile("[0-9A-Za-z]{2}");
    private static final long DRAIN_POLL_MILLIS = 10;
    private static final long MAX_MODULE_BYTES = 16L << 20;

    private final RegistryConfig config;
    private final PluginRuntime runtime;
    private final RequestLog requestLog;
    private final ScheduledExecutorService scheduler;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final CommandMetrics metrics = new CommandMetrics(code -> this.plugins.containsKey(code));
    private final Supplier<PluginTrust> trust;
    private volatile Map<String, WasmPlugin> plugins = Map.of();
    private volatile ReloadReport lastReload;
    private DirectoryWatcher watcher;

    /**
     * Creates an empty registry; {@link #start()} loads the directory.
     *
     * @param config the settings.
     * @param runtime what plugin versions load into: the watchdog, the limits and the host functions.
     * @param requestLog where each request's log line goes.
     * @param scheduler runs the drains of replaced versions and the directory watcher.
     * @param trust reads which modules may load, and with which host functions, once per reload.
     */
    public PluginRegistry(RegistryConfig config, PluginRuntime runtime, RequestLog requestLog,
            ScheduledExecutorService scheduler, Supplier<PluginTrust> trust) {
        this.config = config;
        this.runtime = runtime;
        this.requestLog = requestLog;
        this.scheduler = scheduler;
        this.trust = trust;
    }

    /** Loads the commands directory, and starts watching it when configured. */
    public synchronized void start() {
        if (config.watch()) {
            watcher = new DirectoryWatcher(config.commandsDirectory(), config.watchQuiet(), this::reload);
        }
        reload();
        if (watcher != null) {
            watcher.start(scheduler);
        }
    }

    /** Stops the watcher; plugins in service keep answering. */
    public synchronized void stop() {
        if (watcher != null) {
            watcher.stop();
            watcher = null;
        }
    }

    /**
     * Answers one request: the plugin's reply, or the error reply when no plugin serves the command or the plugin
     * fails. Never throws for bad input or a bad plugin.
     *
     * @param request the request: the client, the command code and data, the open connections.
     * @return the reply message.
     */
    public byte[] execute(HsmRequest request) {
        long start = System.nanoTime();
        var message = request.message();
        var code = message.length >= 2 ? request.commandCode() : null;
        // A retiring version refuses new calls; the next lookup finds the one that replaced it.
        for (var plugin = code == null ? null : plugins.get(code); plugin != null; plugin = plugins.get(code)) {
            var reply = callPlugin(plugin, request, start);
            if (reply != null) {
                metrics.record(code, reply, System.nanoTime() - start);

                return reply;
            }
        }
        var reply = ResponseCodes.errorReply(message, config.errorCode());
        long nanos = System.nanoTime() - start;
        // No plugin says what this data is (it may be a CVV for a CY that is out of service): log only the codes.
        requestLog.answered(new RequestLog.Entry(request, "unknown command", reply, nanos, false));
        metrics.record(code, reply, nanos);

        return reply;
    }

    /** @return the request counters, for the health and utilisation commands. */
    public CommandMetrics metrics() {
        return metrics;
    }

    /**
     * Writes the registry's metrics: requests by command and error code, their latency, and for each plugin in
     * service its calls in flight, its instances and its deadline hits.
     *
     * @param out the text.
     */
    public void writeMetrics(PrometheusText out) {
        metrics.write(out);
        var current = new TreeMap<>(plugins);
        out.family("hsm_plugins_loaded", "gauge", "Command plugins in service.");
        out.sample("hsm_plugins_loaded", current.size());
        out.family("hsm_command_in_flight", "gauge", "Calls running in the command's plugin now.");
        current.forEach((code, plugin) -> out.sample("hsm_command_in_flight", plugin.inFlight(), "command", code));
        out.family("hsm_command_instances_idle", "gauge", "Plugin instances kept idle, ready for a call.");
        current.forEach((code, plugin) -> out.sample("hsm_command_instances_idle", plugin.idleInstances(), "command",
                code));
        out.family("hsm_command_instances_max", "gauge", "The most instances the command's plugin may have.");
        current.forEach((code, plugin) -> out.sample("hsm_command_instances_max", plugin.limits().maxInstances(),
                "command", code));
        out.family("hsm_command_deadline_exceeded_total", "counter", "Calls the watchdog stopped at their deadline,"
                + " since the plugin version in service loaded.");
        current.forEach((code, plugin) -> out.sample("hsm_command_deadline_exceeded_total", plugin.stats().timeouts(),
                "command", code));
    }

    private byte[] callPlugin(WasmPlugin plugin, HsmRequest request, long start) {
        var metadata = plugin.metadata();
        CallOrigin.set(request);
        try {
            var reply = plugin.callUnlessRetiring(request.message());
            if (reply != null) {
                requestLog.answered(new RequestLog.Entry(request, metadata.description(), reply,
                        System.nanoTime() - start, metadata.logData()));
            }

            return reply;
        } catch (PluginException | RuntimeException | LinkageError e) {
            var reply = ResponseCodes.errorReply(request.message(), config.errorCode());
            requestLog.failed(new RequestLog.Entry(request, metadata.description(), reply, System.nanoTime() - start,
                    metadata.logData()), plugin.code() + ".wasm " + metadata.version() + ": " + e.getMessage());

            return reply;
        } finally {
            CallOrigin.clear();
        }
    }

    /**
     * Loads the commands directory again: new and changed modules are loaded aside and swapped in, commands whose
     * file is gone are removed, and a module that fails to load keeps its previous version serving.
     *
     * @return what changed.
     */
    public synchronized ReloadReport reload() {
        var current = plugins;
        var report = new ReloadReport.Builder(nextGeneration());
        var trust = readTrust();
        var files = pluginFiles(report);
        if (files == null) {
            return finish(current, report, "directory");
        }
        var next = new TreeMap<String, WasmPlugin>();
        for (var entry : files.entrySet()) {
            var plugin = loadChange(entry.getKey(), entry.getValue(), current.get(entry.getKey()), report, trust);
            if (plugin != null) {
                next.put(entry.getKey(), plugin);
            }
        }
        for (var code : current.keySet()) {
            if (!next.containsKey(code)) {
                report.removed(code);
            }
        }

        return finish(next, report, "directory");
    }

    /**
     * Loads one command's file again: loads or replaces it, removes the command if its file is gone, and keeps the
     * version in service if the new one fails to load.
     *
     * @param command the command code.
     * @return what changed.
     */
    public synchronized ReloadReport reload(String command) {
        var report = new ReloadReport.Builder(nextGeneration());
        var next = new TreeMap<>(plugins);
        var previous = command == null ? null : next.get(command);
        if (command == null || !COMMAND.matcher(command).matches()) {
            report.failed(String.valueOf(command), "a command code is two letters or digits");
        } else if (!Files.exists(file(command)) && !Files.notExists(file(command))) {
            report.failed(command, "cannot tell whether " + file(command) + " exists; the version in service stays");
        } else if (Files.exists(file(command))) {
            var plugin = loadChange(command, file(command), previous, report, readTrust());
            if (plugin != null) {
                next.put(command, plugin);
            }
        } else if (previous != null) {
            next.remove(command);
            report.removed(command);
        } else {
            report.failed(command, "no file " + file(command));
        }

        return finish(next, report, command);
    }

    /**
     * Takes one command out of service until a reload finds its file again; its calls in flight finish.
     *
     * @param command the command code.
     * @return what changed.
     */
    public synchronized ReloadReport unload(String command) {
        var report = new ReloadReport.Builder(nextGeneration());
        var next = new TreeMap<>(plugins);
        if (command != null && next.remove(command) != null) {
            report.removed(command);
        } else {
            report.failed(String.valueOf(command), "the command is not loaded");
        }

        return finish(next, report, command);
    }

    /**
     * Returns the plugins in service, sorted by command code.
     *
     * @return code to plugin.
     */
    public Map<String, WasmPlugin> plugins() {
        return new TreeMap<>(plugins);
    }

    /**
     * Returns the plugin serving a command now.
     *
     * @param command the command code.
     * @return the plugin, or null.
     */
    public WasmPlugin plugin(String command) {
        return plugins.get(command);
    }

    /**
     * Returns the last reload's report, or null before the first.
     *
     * @return the report.
     */
    public ReloadReport lastReload() {
        return lastReload;
    }

    /**
     * Returns the commands directory.
     *
     * @return the directory.
     */
    public Path directory() {
        return config.commandsDirectory();
    }

    /**
     * Adds a listener told after every change of the plugin set, for example to register management beans.
     *
     * @param listener the listener.
     */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private PluginTrust readTrust() {
        var current = trust.get();
        if (current.problem() != null) {
            LOG.errorf("event=plugins.trust directory=%s description=\"the trust file is refused, only the bundled"
                    + " plugins are trusted: %s\"", directory(), current.problem());
        }

        return current;
    }

    /**
     * Loads one file unless its content is the version in service; on failure keeps the version in service.
     *
     * @return the version to serve the command with, or null when there is none.
     */
    private WasmPlugin loadChange(String code, Path file, WasmPlugin previous, ReloadReport.Builder report,
            PluginTrust trust) {
        try {
            if (Files.size(file) > MAX_MODULE_BYTES) {
                throw new IOException("the file is larger than " + MAX_MODULE_BYTES + " bytes");
            }
            var bytes = Files.readAllBytes(file);
            var sha256 = WasmPlugin.digest(bytes);
            if (previous != null && previous.sha256().equals(sha256)) {
                var revoked = trust.refusal(sha256, previous.metadata().imports());
                if (revoked != null) {
                    report.failed(code, revoked + "; the version in service is taken out of service");

                    return null;
                }
                report.unchanged(code);

                return previous;
            }
            // An untrusted module is refused before it is parsed, a module with imports beyond its grant once its
            // metadata is read; either way the version in service stays.
            if (trust.required() && !trust.entries().containsKey(sha256)) {
                throw new PluginException(trust.refusal(sha256, List.of()));
            }
            var plugin = WasmPlugin.load(code, bytes, runtime);
            var refusal = trust.refusal(sha256, plugin.metadata().imports());
            if (refusal != null) {
                plugin.release();
                throw new PluginException(refusal);
            }
            if (previous == null) {
                report.loaded(code);
            } else {
                report.replaced(code);
            }

            return plugin;
        } catch (IOException | PluginException | RuntimeException | LinkageError | StackOverflowError e) {
            report.failed(code, e.getMessage());

            return previous;
        }
    }

    /** Swaps the new set in, retires the versions it no longer holds, and logs and keeps the report. */
    private ReloadReport finish(Map<String, WasmPlugin> next, ReloadReport.Builder builder, String scope) {
        var previous = plugins;
        plugins = Map.copyOf(next);
        for (var old : previous.values()) {
            if (plugins.get(old.code()) != old) {
                old.retire();
                drain(old, System.nanoTime());
            }
        }
        var report = builder.build(Instant.now());
        lastReload = report;
        if (report.succeeded()) {
            LOG.infof("event=plugins.reload scope=%s directory=%s description=\"%s\"", scope, directory(),
                    report.summary());
        } else {
            LOG.errorf("event=plugins.reload scope=%s directory=%s description=\"%s\"", scope, directory(),
                    report.summary());
        }
        listeners.forEach(Runnable::run);

        return report;
    }

    /** Releases a version taken out of service once its calls in flight have ended or the drain timeout passed. */
    private void drain(WasmPlugin old, long since) {
        int inFlight = old.inFlight();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        if (inFlight > 0 && waitedMillis < config.drainTimeout().toMillis()) {
            scheduler.schedule(() -> drain(old, since), DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);

            return;
        }
        old.release();
        if (inFlight == 0) {
            LOG.infof("event=plugins.drain command=%s version=%s sha256=%s waitedMillis=%d", old.code(),
                    old.metadata().version(), old.sha256(), waitedMillis);
        } else {
            LOG.warnf("event=plugins.drain command=%s version=%s sha256=%s waitedMillis=%d inFlight=%d"
                    + " description=\"drain timeout reached; released with calls in flight\"", old.code(),
                    old.metadata().version(), old.sha256(), waitedMillis, inFlight);
        }
    }

    private long nextGeneration() {
        return lastReload == null ? 1 : lastReload.generation() + 1;
    }

    private Path file(String command) {
        return directory().resolve(command + ".wasm");
    }

    /**
     * Lists the plugin files by command code, or returns null (and records why) when the directory cannot be read,
     * so that the plugin set stays as it is.
     */
    private Map<String, Path> pluginFiles(ReloadReport.Builder report) {
        var directory = directory();
        if (!Files.isDirectory(directory)) {
            report.failed("*", "directory " + directory + " does not exist");

            return null;
        }
        try (Stream<Path> files = Files.list(directory)) {
            var byCode = new TreeMap<String, Path>();
            files.filter(file -> PLUGIN_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .forEach(file -> byCode.putIfAbsent(file.getFileName().toString().substring(0, 2), file));

            return byCode;
        } catch (IOException e) {
            report.failed("*", "cannot list " + directory + ": " + e.getMessage());

            return null;
        }
    }
}
