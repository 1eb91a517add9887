package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Looks up and writes the function types of a parsed module, for messages and tools. */
public final class ModuleTypes {
    private ModuleTypes() {
    }

    /**
     * Returns the type of a function, imported or defined by the module.
     *
     * @param module the module.
     * @param index the function's index: the imported functions first, then the module's own.
     * @return its type.
     */
    public static FunctionType function(WasmModule module, int index) {
        var imported = module.importSection().stream()
                .filter(entry -> entry.importType() == ExternalType.FUNCTION)
                .map(FunctionImport.class::cast)
                .toList();
        int typeIndex = index < imported.size() ? imported.get(index).typeIndex()
                : module.functionSection().getFunctionType(index - imported.size());

        return module.typeSection().getType(typeIndex);
    }

    /**
     * Returns the names of a module's imports, as {@code module.name}, in their order.
     *
     * @param module the module.
     * @return the names.
     */
    public static List<String> importNames(WasmModule module) {
        return module.importSection().stream().map(entry -> entry.module() + "." + entry.name()).toList();
    }

    /**
     * Writes a function type as {@code (i32, i32) -> i64}.
     *
     * @param type the type.
     * @return the text.
     */
    public static String format(FunctionType type) {
        var returns = type.returns().size() == 1 ? names(type.returns()) : "(" + names(type.returns()) + ")";

        return "(" + names(type.params()) + ") -> " + returns;
    }

    private static String names(List<ValType> types) {
        return types.stream().map(type -> type.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
