package dev.wasmhsm.plugins.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmhsm.plugins.host.KeyTable;
import dev.wasmhsm.protocol.ResponseCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * One version of a command plugin: its module parsed, checked and compiled once, its metadata, a bounded pool of
 * instances built from the compiled code, and the statistics of its calls.
 */
public final class WasmPlugin {
    static final String ALLOC = "alloc";
    static final String EXECUTE = "Execute";
    static final String RESET = "reset";

    private static final FunctionType ALLOC_TYPE = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    private static final FunctionType EXECUTE_TYPE = FunctionType.of(List.of(ValType.I32, ValType.I32),
            List.of(ValType.I64));
    private static final FunctionType RESET_TYPE = FunctionType.empty();

    private final PluginMetadata metadata;
    private final String sha256;
    private final Instant loadedAt = Instant.now();
    private final PluginLimits limits;
    private final long callTimeoutNanos;
    private final long instanceWaitNanos;
    private final CallWatchdog watchdog;
    private final InstancePool<PluginInstance> pool;
    private final CallStats stats = new CallStats();
    private final LongAdder entered = new LongAdder();
    private final boolean usesKeys;
    private volatile boolean retiring;

    private WasmPlugin(String sha256, WasmModule module, PluginMetadata metadata, PluginRuntime runtime)
            throws PluginException {
        this.metadata = metadata;
        this.sha256 = sha256;
        this.limits = runtime.limits().apply(metadata.command());
        this.callTimeoutNanos = limits.callTimeout().toNanos();
        this.instanceWaitNanos = limits.instanceWait().toNanos();
        this.watchdog = runtime.watchdog();
        if (module.startSection().isPresent()) {
            throw new PluginException("the module has a start function, which the ABI does not allow");
        }
        var imports = HostFunctions.link(module, metadata, runtime);
        this.usesKeys = HostFunctions.usesKeys(metadata);
        var exports = exportTypes(module);
        requireExport(exports, ALLOC, ALLOC_TYPE);
        requireExport(exports, EXECUTE, EXECUTE_TYPE);
        boolean hasReset = optionalExport(exports, RESET, RESET_TYPE);
        var declared = module.memorySection()
                .filter(section -> section.memoryCount() == 1)
                .map(section -> section.getMemory(0).limits())
                .orElseThrow(() -> new PluginException("the module defines no memory of its own"));
        requireMemoryExport(module);
        int initialPages = declared.initialPages();
        if (initialPages > limits.maxMemoryPages()) {
            throw new PluginException("the module needs " + initialPages + " memory pages, more than the limit of "
                    + limits.maxMemoryPages());
        }
        int maxPages = Math.min(declared.maximumPages(), limits.maxMemoryPages());
        Function<Instance, Machine> compiled = MachineFactoryCompiler.compile(module);
        var memoryLimits = new MemoryLimits(initialPages, maxPages);
        int recyclePages = Math.max(initialPages, limits.recycleMemoryPages());
        this.pool = new InstancePool<>(() -> new PluginInstance(Instance.builder(module)
                .withImportValues(imports)
                .withMachineFactory(compiled)
                .withMemoryFactory(ByteArrayMemory::new)
                .withMemoryLimits(memoryLimits)
                .build(), hasReset, recyclePages, limits.maxReplyLength()), instance -> !instance.needsRecycling(),
                limits.maxInstances());
        watchdog.enter(callTimeoutNanos);
        try {
            pool.warmUp();
        } finally {
            watchdog.exit();
        }
    }

    /**
     * Parses, checks and compiles a plugin, and builds its first instance, so that a plugin that loads is ready.
     *
     * @param expectedCommand the command code it must serve (its file name), or null for any.
     * @param bytes the module.
     * @param runtime the shared values, watchdog and limits.
     * @return the plugin.
     * @throws PluginException when the module is malformed, its metadata is missing or serves another command,
     *     it misses an export, imports what it may not, or does not instantiate.
     */
    public static WasmPlugin load(String expectedCommand, byte[] bytes, PluginRuntime runtime)
            throws PluginException {
        try {
            var module = Parser.parse(bytes);
            var metadata = PluginMetadata.of(module);
            if (expectedCommand != null && !expectedCommand.equals(metadata.command())) {
                throw new PluginException("the metadata says command " + metadata.command() + ", the file name "
                        + expectedCommand);
            }

            return new WasmPlugin(digest(bytes), module, metadata, runtime);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw new PluginException("the module does not load: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a module's metadata without compiling or running it.
     *
     * @param bytes the module.
     * @return the metadata.
     * @throws PluginException when the module is malformed or has no valid metadata.
     */
    public static PluginMetadata readMetadata(byte[] bytes) throws PluginException {
        try {
            return PluginMetadata.of(Parser.parse(bytes));
        } catch (RuntimeException | StackOverflowError e) {
            throw new PluginException("the module does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the SHA-256 of a module's bytes in hex.
     *
     * @param bytes the module.
     * @return the digest.
     */
    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Runs one request on an instance of this version, and records the call in the statistics.
     *
     * @param message the command code and data.
     * @return the reply: the response code, a two-character error code and the data.
     * @throws PluginException when the version was retired, no instance is free in time, the guest traps, runs
     *     past its deadline or returns an unusable reply; the instance it ran on is dropped.
     */
    public byte[] call(byte[] message) throws PluginException {
        var reply = callUnlessRetired(message);
        if (reply == null) {
            throw new PluginException("version " + metadata.version() + " of " + code() + " was retired");
        }

        return reply;
    }

    /**
     * Runs one request as {@link #call} does, unless this version is being retired: then it returns null at once,
     * and the caller looks the command up again to find the version that replaced it. A call that got in is
     * counted by {@link #inFlight()} until it ends, so a retiring version drains before its instances go.
     *
     * @param message the command code and data.
     * @return the reply, or null when the version is being retired.
     * @throws PluginException as {@link #call} does.
     */
    public byte[] callUnlessRetired(byte[] message) throws PluginException {
        if (message.length < 2) {
            throw new PluginException("a request starts with a two-character command code");
        }
        entered.increment();
        try {
            return retiring ? null : timedCall(message);
        } finally {
            entered.decrement();
        }
    }

    /** Starts retiring: calls that have not got in yet are refused; those in flight go on until they end. */
    public void startRetiring() {
        retiring = true;
    }

    private byte[] timedCall(byte[] message) throws PluginException {
        long start = System.nanoTime();
        var outcome = CallStats.Outcome.ERROR;
        try {
            var reply = callOn(pool.take(instanceWaitNanos), message);
            outcome = CallStats.Outcome.OK;

            return reply;
        } catch (PluginException e) {
            if (e.deadlineExceeded()) {
                outcome = CallStats.Outcome.TIMEOUT;
            }
            throw e;
        } finally {
            stats.record(System.nanoTime() - start, outcome);
        }
    }

    /**
     * Takes this version out of service once its calls in flight have ended: its idle instances are released, and
     * an instance given back later is dropped.
     */
    public void retire() {
        pool.retire();
    }

    /** @return whether this version was taken out of service and released. */
    public boolean retired() {
        return pool.retired();
    }

    /** @return the calls running on this version now, including those waiting for an instance. */
    public int inFlight() {
        return (int) entered.sum();
    }

    /** @return the instances kept idle. */
    public int idleInstances() {
        return pool.idle();
    }

    /** @return the command code. */
    public String code() {
        return metadata.command();
    }

    /** @return what the plugin says about itself. */
    public PluginMetadata metadata() {
        return metadata;
    }

    /** @return the SHA-256 of the module in hex. */
    public String sha256() {
        return sha256;
    }

    /** @return when this version was loaded. */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** @return the limits this version runs under. */
    public PluginLimits limits() {
        return limits;
    }

    /** @return the statistics of this version's calls. */
    public CallStats stats() {
        return stats;
    }

    private byte[] callOn(PluginInstance instance, byte[] message) throws PluginException {
        boolean answered = false;
        try {
            watchdog.enter(callTimeoutNanos);
            var reply = callWithKeys(instance, message);
            checkReply(message, reply);
            answered = true;

            return reply;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            if (watchdog.exit()) {
                throw PluginException.deadline("the call ran past its deadline of "
                        + limits.callTimeout().toMillis() + " ms", e);
            }
            throw new PluginException("the guest failed: " + e, e);
        } finally {
            // Always leave the watchdog, even on an Error; a deadline reached as the guest returned leaves only
            // the interrupt flag behind, and exit clears it.
            watchdog.exit();
            if (answered) {
                pool.giveBack(instance);
            } else {
                pool.discard();
            }
        }
    }

    private byte[] callWithKeys(PluginInstance instance, byte[] message) throws PluginException {
        if (!usesKeys) {
            return instance.call(message);
        }
        // The call's clear keys live in a table bound to this thread, wiped when the call ends.
        var keys = KeyTable.open();
        try {
            return instance.call(message);
        } finally {
            keys.close();
        }
    }

    private static void requireMemoryExport(WasmModule module) throws PluginException {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).exportType() == ExternalType.MEMORY) {
                return;
            }
        }
        throw new PluginException("the module does not export its memory");
    }

    private static void checkReply(byte[] message, byte[] reply) throws PluginException {
        if (reply.length < 4 || !ResponseCodes.answers(message, reply)
                || !Character.isLetterOrDigit(reply[2]) || !Character.isLetterOrDigit(reply[3])) {
            throw new PluginException("the reply does not start with response code "
                    + ResponseCodes.responseCode(new String(message, 0, 2, StandardCharsets.ISO_8859_1))
                    + " and a two-character error code");
        }
    }

    private static Map<String, FunctionType> exportTypes(WasmModule module) {
        var types = new HashMap<String, FunctionType>();
        var exports = module.exportSection();
        int imported = module.importSection().count(ExternalType.FUNCTION);
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && export.index() >= imported) {
                int typeIndex = module.functionSection().getFunctionType(export.index() - imported);
                types.put(export.name(), module.typeSection().getType(typeIndex));
            }
        }

        return types;
    }

    private static void requireExport(Map<String, FunctionType> exports, String name, FunctionType type)
            throws PluginException {
        if (!optionalExport(exports, name, type)) {
            throw new PluginException("the module does not export " + name + " " + type);
        }
    }

    private static boolean optionalExport(Map<String, FunctionType> exports, String name, FunctionType type)
            throws PluginException {
        var actual = exports.get(name);
        if (actual != null && !actual.typesMatch(type)) {
            throw new PluginException("export " + name + " has type " + actual + ", the ABI wants " + type);
        }

        return actual != null;
    }
}
