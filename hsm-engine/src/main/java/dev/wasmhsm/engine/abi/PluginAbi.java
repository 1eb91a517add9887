package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Plugin ABI v1 (docs/plugin-abi.md), defined once for the loader, the plugin tool and, through the tool,
 * {@code plugins/build.sh}: the functions a plugin exports, its memory, and what it may not have. The metadata
 * rules are {@link PluginMetadata}'s, the host functions it may import {@code HostFunctions}'.
 *
 * <p>A call runs {@code alloc(len) -> ptr}, writes the request there, runs {@code Execute(ptr, len) -> i64} (the
 * reply's pointer in the high 32 bits, its length in the low ones), reads the reply, and runs {@code reset()} when
 * the plugin exports it.
 */
public final class PluginAbi {
    /** The ABI version this host implements. */
    public static final int VERSION = 1;

    /** The most functions a module may define. */
    public static final int MAX_FUNCTIONS = 10_000;

    /** The most globals a module may define. */
    public static final int MAX_GLOBALS = 1_000;

    /** The most tables a module may define. */
    public static final int MAX_TABLES = 1;

    /** The most elements a module's table may start with. */
    public static final long MAX_TABLE_ELEMENTS = 10_000;

    /** The export that hands out guest memory for the request. */
    public static final String ALLOC = "alloc";

    /** The export that answers one request. */
    public static final String EXECUTE = "Execute";

    /** The optional export that releases what the call allocated. */
    public static final String RESET = "reset";

    /** The functions a plugin exports, in the order a call uses them. */
    public static final List<Export> EXPORTS = List.of(
            new Export(ALLOC, FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), true),
            new Export(EXECUTE, FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64)), true),
            new Export(RESET, FunctionType.empty(), false));

    private PluginAbi() {
    }

    /**
     * A function the ABI wants exported.
     *
     * @param name its export name.
     * @param type its type.
     * @param required whether a plugin must export it.
     */
    public record Export(String name, FunctionType type, boolean required) {
    }

    /**
     * Checks what a module exports and defines: every required function with its type (an optional one, if
     * exported, with its type too), exactly one memory of its own, exported, and no start function, so that
     * instantiating a plugin runs none of its code.
     *
     * @param module the parsed module.
     * @return the check: the ABI functions it exports, and the rules it breaks.
     */
    public static AbiCheck checkExports(WasmModule module) {
        var found = new ArrayList<String>();
        var problems = new ArrayList<String>();
        for (var wanted : EXPORTS) {
            var index = exportedFunction(module, wanted.name());
            if (index.isEmpty()) {
                if (wanted.required()) {
                    problems.add("the module does not export " + wanted.name() + " "
                            + ModuleTypes.format(wanted.type()));
                }

                continue;
            }
            var actual = ModuleTypes.function(module, index.getAsInt());
            if (index.getAsInt() < module.importSection().count(ExternalType.FUNCTION)) {
                problems.add("export " + wanted.name() + " is an imported function, not one of the module's own");
            } else if (actual.typesMatch(wanted.type())) {
                found.add(wanted.name());
            } else {
                problems.add("export " + wanted.name() + " has type " + ModuleTypes.format(actual)
                        + ", the ABI wants " + ModuleTypes.format(wanted.type()));
            }
        }
        if (module.memorySection().map(section -> section.memoryCount() != 1).orElse(true)) {
            problems.add("the module defines no memory of its own");
        } else if (!exportsMemory(module)) {
            problems.add("the module does not export its memory");
        }
        if (module.startSection().isPresent()) {
            problems.add("the module has a start function, which the ABI does not allow");
        }
        checkSizes(module, problems);

        return new AbiCheck(found, problems);
    }

    /** Caps what a module defines, so that loading or instantiating a hostile one stays cheap. */
    private static void checkSizes(WasmModule module, List<String> problems) {
        if (module.functionSection().functionCount() > MAX_FUNCTIONS) {
            problems.add("the module defines " + module.functionSection().functionCount() + " functions, at most "
                    + MAX_FUNCTIONS + " are allowed");
        }
        if (module.globalSection().globalCount() > MAX_GLOBALS) {
            problems.add("the module defines " + module.globalSection().globalCount() + " globals, at most "
                    + MAX_GLOBALS + " are allowed");
        }
        var tables = module.tableSection();
        if (tables.tableCount() > MAX_TABLES) {
            problems.add("the module defines " + tables.tableCount() + " tables, at most " + MAX_TABLES
                    + " is allowed");
        }
        for (int i = 0; i < tables.tableCount(); i++) {
            if (tables.getTable(i).limits().min() > MAX_TABLE_ELEMENTS) {
                problems.add("a table of the module starts with " + tables.getTable(i).limits().min()
                        + " elements, at most " + MAX_TABLE_ELEMENTS + " are allowed");
            }
        }
    }

    private static OptionalInt exportedFunction(WasmModule module, String name) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && export.name().equals(name)) {
                return OptionalInt.of(export.index());
            }
        }

        return OptionalInt.empty();
    }

    private static boolean exportsMemory(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).exportType() == ExternalType.MEMORY) {
                return true;
            }
        }

        return false;
    }
}
