package dev.wasmhsm.plugins.registry;

import dev.wasmhsm.plugins.log.RequestLog;
import dev.wasmhsm.plugins.wasm.PluginException;
import dev.wasmhsm.plugins.wasm.PluginRuntime;
import dev.wasmhsm.plugins.wasm.WasmPlugin;
import dev.wasmhsm.rar.api.ResponseCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The command plugins in service, keyed by command code, and the request path through them.
 *
 * <p>Requests read an immutable map through one volatile field, so they never wait for a reload; a reload builds
 * the next map aside and swaps it in at once. Plain Java: the EJB wraps it, and tests use it without a container.
 */
public final class PluginRegistry {
    private static final Logger LOG = Logger.getLogger(PluginRegistry.class);
    private static final Pattern PLUGIN_FILE = Pattern.compile("([0-9A-Za-z]{2})\\.wasm");

    private final Path directory;
    private final String errorCode;
    private final PluginRuntime runtime;
    private final RequestLog requestLog;
    private volatile Map<String, WasmPlugin> plugins = Map.of();
    private volatile ReloadReport lastReload;

    /**
     * Creates an empty registry; call {@link #reload()} to load the directory.
     *
     * @param directory the commands directory.
     * @param errorCode the error code for unknown commands and failing plugins.
     * @param runtime the limits and values plugins share.
     * @param requestLog where each request's log line goes.
     */
    public PluginRegistry(Path directory, String errorCode, PluginRuntime runtime, RequestLog requestLog) {
        this.directory = directory;
        this.errorCode = errorCode;
        this.runtime = runtime;
        this.requestLog = requestLog;
    }

    /**
     * Answers one request: the plugin's reply, or the error reply when no plugin serves the command or the plugin
     * fails. Never throws for bad input or a bad plugin.
     *
     * @param client the client's address, for the log.
     * @param message the command code and data.
     * @param activeConnections the listener's open connections, for the log.
     * @return the reply message.
     */
    public byte[] execute(String client, byte[] message, int activeConnections) {
        long start = System.nanoTime();
        var plugin = message.length >= 2 ? plugins.get(commandCode(message)) : null;
        if (plugin == null) {
            var reply = ResponseCodes.errorReply(message, errorCode);
            requestLog.answered(new RequestLog.Entry(client, "unknown command", message, reply, activeConnections,
                    System.nanoTime() - start));

            return reply;
        }
        try {
            var reply = plugin.call(message);
            checkReply(message, reply);
            requestLog.answered(new RequestLog.Entry(client, plugin.description(), message, reply,
                    activeConnections, System.nanoTime() - start));

            return reply;
        } catch (PluginException | RuntimeException e) {
            var reply = ResponseCodes.errorReply(message, errorCode);
            requestLog.failed(new RequestLog.Entry(client, plugin.description(), message, reply, activeConnections,
                    System.nanoTime() - start), plugin.code() + ".wasm: " + e.getMessage());

            return reply;
        }
    }

    /**
     * Loads the commands directory again and swaps the new set in; a module that fails to load keeps its previous
     * version serving, and an unchanged module is not compiled again.
     *
     * @return what changed.
     */
    public synchronized ReloadReport reload() {
        var current = plugins;
        var next = new TreeMap<String, WasmPlugin>();
        var loaded = new ArrayList<String>();
        var replaced = new ArrayList<String>();
        var unchanged = new ArrayList<String>();
        var failed = new ArrayList<String>();
        var files = pluginFiles(failed);
        if (files == null) {
            return keep(current, failed);
        }
        for (var file : files) {
            var code = commandCode(file);
            var previous = current.get(code);
            try {
                var bytes = Files.readAllBytes(file);
                if (previous != null && previous.sha256().equals(WasmPlugin.digest(bytes))) {
                    next.put(code, previous);
                    unchanged.add(code);

                    continue;
                }
                next.put(code, WasmPlugin.load(code, bytes, runtime));
                (previous == null ? loaded : replaced).add(code);
            } catch (IOException | PluginException e) {
                failed.add(code + " (" + e.getMessage() + ")");
                if (previous != null) {
                    next.put(code, previous);
                }
            }
        }
        var removed = new ArrayList<>(current.keySet());
        removed.removeAll(next.keySet());
        removed.sort(null);
        plugins = Map.copyOf(next);
        var report = new ReloadReport(nextGeneration(), Instant.now(), loaded, replaced, removed, unchanged, failed);
        lastReload = report;
        if (report.succeeded()) {
            LOG.infof("event=plugins.reload directory=%s description=\"%s\"", directory, report.summary());
        } else {
            LOG.errorf("event=plugins.reload directory=%s description=\"%s\"", directory, report.summary());
        }

        return report;
    }

    /**
     * Records a reload that could not read the directory: the plugin set stays as it was.
     *
     * @param current the set in service.
     * @param failed why.
     * @return the report.
     */
    private ReloadReport keep(Map<String, WasmPlugin> current, List<String> failed) {
        var report = new ReloadReport(nextGeneration(), Instant.now(), List.of(), List.of(), List.of(),
                List.copyOf(new TreeMap<>(current).keySet()), failed);
        lastReload = report;
        LOG.errorf("event=plugins.reload directory=%s description=\"%s\"", directory, report.summary());

        return report;
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
        return directory;
    }

    private long nextGeneration() {
        return lastReload == null ? 1 : lastReload.generation() + 1;
    }

    private List<Path> pluginFiles(List<String> failed) {
        if (!Files.isDirectory(directory)) {
            failed.add("directory " + directory + " does not exist");

            return null;
        }
        try (Stream<Path> files = Files.list(directory)) {
            var byCode = new HashMap<String, Path>();
            files.filter(file -> PLUGIN_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .forEach(file -> byCode.putIfAbsent(commandCode(file), file));

            return byCode.values().stream().sorted().toList();
        } catch (IOException e) {
            failed.add("cannot list " + directory + ": " + e.getMessage());

            return null;
        }
    }

    private void checkReply(byte[] message, byte[] reply) throws PluginException {
        if (reply.length < 4 || !ResponseCodes.answers(message, reply)) {
            throw new PluginException("reply is not a response code and an error code for " + commandCode(message));
        }
        for (int i = 2; i < 4; i++) {
            if (!Character.isLetterOrDigit(reply[i])) {
                throw new PluginException("reply has no two-character error code");
            }
        }
    }

    private static String commandCode(byte[] message) {
        return new String(message, 0, 2, StandardCharsets.ISO_8859_1);
    }

    private static String commandCode(Path file) {
        return file.getFileName().toString().substring(0, 2);
    }
}
