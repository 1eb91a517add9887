package dev.wasmhsm.plugins.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One command plugin: its module parsed and compiled once, and a pool of instances built from the compiled code.
 */
public final class WasmPlugin {
    static final String ALLOC = "alloc";
    static final String EXECUTE = "Execute";
    static final String RESET = "reset";
    static final String DESCRIPTION = "GetDescription";

    private static final FunctionType ALLOC_TYPE = FunctionType.of(List.of(ValType.I32), List.of(ValType.I32));
    private static final FunctionType EXECUTE_TYPE = FunctionType.of(List.of(ValType.I32, ValType.I32),
            List.of(ValType.I64));
    private static final FunctionType RESET_TYPE = FunctionType.empty();
    private static final FunctionType TEXT_TYPE = FunctionType.of(List.of(), List.of(ValType.I64));

    private final String code;
    private final String sha256;
    private final String description;
    private final PluginRuntime runtime;
    private final InstancePool pool;

    private WasmPlugin(String code, String sha256, WasmModule module, PluginRuntime runtime) throws PluginException {
        this.code = code;
        this.sha256 = sha256;
        this.runtime = runtime;
        requireKnownImports(module);
        if (module.startSection().isPresent()) {
            throw new PluginException("the module has a start function, which ABI v1 does not allow");
        }
        var exports = exportTypes(module);
        requireExport(exports, ALLOC, ALLOC_TYPE);
        requireExport(exports, EXECUTE, EXECUTE_TYPE);
        boolean hasReset = optionalExport(exports, RESET, RESET_TYPE);
        boolean hasDescription = optionalExport(exports, DESCRIPTION, TEXT_TYPE);
        int initialPages = module.memorySection()
                .filter(section -> section.memoryCount() == 1)
                .map(section -> section.getMemory(0).limits().initialPages())
                .orElseThrow(() -> new PluginException("the module defines no memory of its own"));
        if (initialPages > runtime.maxMemoryPages()) {
            throw new PluginException("the module needs " + initialPages + " memory pages, more than the limit of "
                    + runtime.maxMemoryPages());
        }
        Function<Instance, Machine> compiled = MachineFactoryCompiler.compile(module);
        var imports = ImportValues.builder().addFunction(ConfigImport.of(runtime.pluginValues())).build();
        var limits = new MemoryLimits(initialPages, runtime.maxMemoryPages());
        this.pool = new InstancePool(() -> new PluginInstance(Instance.builder(module)
                .withImportValues(imports)
                .withMachineFactory(compiled)
                .withMemoryFactory(ByteArrayMemory::new)
                .withMemoryLimits(limits)
                .build(), hasReset, initialPages, runtime.maxReplyLength()), runtime.maxIdleInstances());
        runtime.watchdog().enter();
        try {
            var first = pool.take();
            this.description = hasDescription ? describe(first) : "";
            pool.giveBack(first);
        } finally {
            runtime.watchdog().exit();
        }
    }

    /**
     * Parses, checks and compiles a plugin, and builds its first instance, so that a plugin that loads is ready.
     *
     * @param code the command code it serves.
     * @param bytes the module.
     * @param runtime the shared limits and values.
     * @return the plugin.
     * @throws PluginException when the module is malformed, misses an export of ABI v1 or does not instantiate.
     */
    public static WasmPlugin load(String code, byte[] bytes, PluginRuntime runtime) throws PluginException {
        try {
            return new WasmPlugin(code, digest(bytes), Parser.parse(bytes), runtime);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw new PluginException("cannot load " + code + ".wasm: " + e.getMessage(), e);
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
     * Runs one request on an idle instance.
     *
     * @param message the command code and data.
     * @return the reply as the guest returned it; the caller checks its shape.
     * @throws PluginException when the guest traps, runs past its deadline or returns an unusable reply.
     */
    public byte[] call(byte[] message) throws PluginException {
        PluginInstance instance;
        try {
            instance = pool.take();
        } catch (RuntimeException e) {
            throw new PluginException("cannot instantiate the module: " + e, e);
        }
        var watchdog = runtime.watchdog();
        watchdog.enter();
        boolean timedOut = false;
        try {
            var reply = instance.call(message);
            pool.giveBack(instance);

            return reply;
        } catch (RuntimeException | StackOverflowError e) {
            timedOut = watchdog.exit();
            throw new PluginException(timedOut ? "call ran past its deadline" : "guest failed: " + e, e);
        } finally {
            // Always leave the watchdog, even on an Error; a deadline reached as the guest returned leaves only
            // the interrupt flag behind, and exit clears it.
            watchdog.exit();
        }
    }

    /** @return the command code. */
    public String code() {
        return code;
    }

    /** @return the SHA-256 of the module in hex. */
    public String sha256() {
        return sha256;
    }

    /** @return the description the plugin gives of itself, or an empty string. */
    public String description() {
        return description;
    }

    private static String describe(PluginInstance instance) throws PluginException {
        var text = instance.text(DESCRIPTION);
        if (text == null) {
            throw new PluginException("the description points outside the guest memory");
        }

        return text;
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

    private static void requireKnownImports(WasmModule module) throws PluginException {
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var entry = imports.getImport(i);
            if (!ConfigImport.MODULE.equals(entry.module()) || !ConfigImport.NAME.equals(entry.name())) {
                throw new PluginException("the module imports " + entry.module() + "." + entry.name()
                        + ", which ABI v1 does not provide");
            }
        }
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
            throw new PluginException("export " + name + " has type " + actual + ", ABI v1 wants " + type);
        }

        return actual != null;
    }
}
