package dev.wasmhsm.plugins.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The host functions a plugin may import, each linked only into plugins whose metadata declares it.
 */
public final class HostFunctions {
    private static final Map<String, Function<Map<String, byte[]>, HostFunction>> AVAILABLE = Map.of(
            ConfigImport.MODULE + "." + ConfigImport.NAME, ConfigImport::of);

    private HostFunctions() {
    }

    /**
     * Returns the names of the host functions this host offers, as {@code module.name}.
     *
     * @return the names, sorted.
     */
    public static Set<String> names() {
        return new TreeSet<>(AVAILABLE.keySet());
    }

    /**
     * Checks a module's imports against its metadata and the host's functions, and links the ones it imports.
     *
     * @param module the parsed module.
     * @param metadata its metadata.
     * @param values the configuration values {@code hsm.config} answers from.
     * @return the import values for its instances.
     * @throws PluginException when the module declares or imports anything the host does not offer, imports
     *     something it did not declare, or imports anything but functions.
     */
    static ImportValues link(WasmModule module, PluginMetadata metadata, Map<String, byte[]> values)
            throws PluginException {
        for (var declared : metadata.imports()) {
            if (!AVAILABLE.containsKey(declared)) {
                throw new PluginException("the metadata declares host function " + declared
                        + ", which this host does not offer (it offers " + names() + ")");
            }
        }
        var builder = ImportValues.builder();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var entry = imports.getImport(i);
            var name = entry.module() + "." + entry.name();
            if (entry.importType() != ExternalType.FUNCTION || !AVAILABLE.containsKey(name)) {
                throw new PluginException("the module imports " + name + ", which this host does not offer");
            }
            if (!metadata.imports().contains(name)) {
                throw new PluginException("the module imports " + name + " without declaring it in its metadata");
            }
            builder.addFunction(AVAILABLE.get(name).apply(values));
        }

        return builder.build();
    }
}
