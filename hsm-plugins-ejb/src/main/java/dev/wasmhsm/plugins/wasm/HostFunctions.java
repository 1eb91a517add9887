package dev.wasmhsm.plugins.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasmhsm.plugins.host.CryptoImports;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The host functions a plugin may import, each linked only into plugins whose metadata declares it:
 * {@code hsm.config} and the cryptographic functions of plugins/include/hsm_host.h.
 */
public final class HostFunctions {
    private static final String CONFIG = ConfigImport.MODULE + "." + ConfigImport.NAME;
    private static final Map<String, Function<PluginRuntime, HostFunction>> AVAILABLE = available();

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
     * @param runtime the configuration values {@code hsm.config} answers from and the cryptographic context.
     * @return the import values for its instances.
     * @throws PluginException when the module declares or imports anything the host does not offer, imports
     *     something it did not declare, or imports anything but functions.
     */
    static ImportValues link(WasmModule module, PluginMetadata metadata, PluginRuntime runtime)
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
            builder.addFunction(AVAILABLE.get(name).apply(runtime));
        }

        return builder.build();
    }

    /**
     * Tells whether a plugin declares cryptographic host functions, whose calls need a key table.
     *
     * @param metadata the plugin's metadata.
     * @return true when it declares any host function but {@code hsm.config}.
     */
    static boolean usesKeys(PluginMetadata metadata) {
        return metadata.imports().stream().anyMatch(name -> !CONFIG.equals(name));
    }

    private static Map<String, Function<PluginRuntime, HostFunction>> available() {
        var map = new HashMap<String, Function<PluginRuntime, HostFunction>>();
        map.put(CONFIG, runtime -> ConfigImport.of(runtime.pluginValues()));
        CryptoImports.all().forEach((name, factory) -> map.put(name, runtime -> factory.apply(runtime.crypto())));

        return Map.copyOf(map);
    }
}
