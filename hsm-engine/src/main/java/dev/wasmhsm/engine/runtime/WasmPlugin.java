package dev.wasmhsm.engine.runtime;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.wasmhsm.engine.abi.CallScope;
import dev.wasmhsm.engine.abi.PluginAbi;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.protocol.ResponseCodes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One version of a command plugin: its module parsed, checked and compiled once, its metadata, a bounded pool of
 * instances built from the compiled code, and the statistics of its calls.
 *
 * <p>Its life cycle: it serves calls once loaded; when a reload replaces or removes it, the registry
 * {@linkplain #retire() retires} it (new calls are refused and look the command up again, calls in flight go on),
 * and once those have drained {@linkplain #release() releases} it (its instances are dropped).
 */
public final class WasmPlugin {
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
    private final Supplier<CallScope> callScope;
    private volatile boolean retiring;

    private WasmPlugin(String sha256, WasmModule module, PluginMetadata metadata, PluginRuntime runtime)
            throws PluginException {
        this.metadata = metadata;
        this.sha256 = sha256;
        this.limits = runtime.limits().forCommand(metadata.command());
        this.callTimeoutNanos = limits.callTimeout().toNanos();
        this.instanceWaitNanos = limits.instanceWait().toNanos();
        this.watchdog = runtime.watchdog();
        var exports = PluginAbi.checkExports(module);
        exports.require();
        boolean hasReset = exports.found().contains(PluginAbi.RESET);
        var linked = runtime.host().link(module, metadata);
        this.callScope = linked.callScope();
        var declared = module.memorySection().orElseThrow().getMemory(0).limits();
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
                .withImportValues(linked.values())
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
     * @throws PluginException when the version is retiring, no instance is free in time, the guest traps, runs
     *     past its deadline or returns an unusable reply; the instance it ran on is dropped.
     */
    public byte[] call(byte[] message) throws PluginException {
        var reply = callUnlessRetiring(message);
        if (reply == null) {
            throw new PluginException("version " + metadata.version() + " of " + code() + " is retiring");
        }

        return reply;
    }

    /**
     * Runs one request as {@link #call} does, unless this version is retiring: then it returns null at once,
     * and the caller looks the command up again to find the version that replaced it. A call that got in is
     * counted by {@link #inFlight()} until it ends, so a retiring version drains before its instances go.
     *
     * @param message the command code and data.
     * @return the reply, or null when the version is retiring.
     * @throws PluginException as {@link #call} does.
     */
    public byte[] callUnlessRetiring(byte[] message) throws PluginException {
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

    /** Retires this version: calls that have not got in yet are refused; those in flight go on until they end. */
    public void retire() {
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
     * Releases this version once it is retired and its calls in flight have ended: its idle instances are dropped,
     * and so is an instance given back later.
     */
    public void release() {
        pool.release();
    }

    /** @return whether this version was released. */
    public boolean released() {
        return pool.released();
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
            var reply = callInScope(instance, message);
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

    private byte[] callInScope(PluginInstance instance, byte[] message) throws PluginException {
        // What the host keeps for the call (the cryptographic functions' clear keys) lives until the call ends.
        var scope = callScope.get();
        try {
            return instance.call(message);
        } finally {
            scope.close();
        }
    }

    private static void checkReply(byte[] message, byte[] reply) throws PluginException {
        if (reply.length < 4 || !ResponseCodes.answers(message, reply)
                || !Character.isLetterOrDigit(reply[2]) || !Character.isLetterOrDigit(reply[3])) {
            throw new PluginException("the reply does not start with response code "
                    + ResponseCodes.responseCode(new String(message, 0, 2, StandardCharsets.ISO_8859_1))
                    + " and a two-character error code");
        }
    }
}
