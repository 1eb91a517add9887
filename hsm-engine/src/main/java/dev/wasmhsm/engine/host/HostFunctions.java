package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.engine.abi.AbiCheck;
import dev.wasmhsm.engine.abi.HostLinker;
import dev.wasmhsm.engine.abi.LinkedImports;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.status.HsmStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The host functions a plugin may import, each linked only into plugins whose metadata declares it:
 * {@code hsm.config}, {@code hsm.status} and the cryptographic functions of plugins/include/hsm_host.h. The list of them, and the
 * rules a module's imports must follow, are defined here once, for the loader and the plugin tool alike.
 */
public final class HostFunctions implements HostLinker {
    private static final String CONFIG = ConfigImport.MODULE + "." + ConfigImport.NAME;
    private static final String STATUS = ConfigImport.MODULE + "." + StatusImport.NAME;
    private static final String LMK_CHECK = "lmk.check";
    private static final Map<String, Function<HostFunctions, HostFunction>> AVAILABLE = available();

    private final Map<String, byte[]> pluginValues;
    private final CryptoContext crypto;
    private volatile HsmStatus status;

    /**
     * Creates the host functions over their shared state.
     *
     * @param pluginValues the values {@code hsm.config} answers from.
     * @param crypto the LMK set and random source of the cryptographic functions.
     */
    public HostFunctions(Map<String, byte[]> pluginValues, CryptoContext crypto) {
        var values = new HashMap<>(pluginValues);
        values.putAll(hostValues(crypto));
        this.pluginValues = Map.copyOf(values);
        this.crypto = crypto;
    }

    /**
     * Returns the {@code hsm.config} values the host sets itself, over any configured value: {@code lmk.check}, the
     * variant LMK's check value computed from the LMK; {@code lmk.check.<nn>}, the check value of the LMK in each
     * slot (16 characters: a key-block LMK's 6 digits and ten zeros); {@code lmk.default}, the slot requests use
     * unless they name another; {@code keytype.tpk} and {@code keytype.tmk}, the key type codes of a TPK and a TMK
     * under the security profile (70D and 80D with key type 002 separation, else 002); and
     * {@code security.profile}, the profile's name.
     *
     * @param crypto the LMK and the security settings.
     * @return the values by key.
     */
    public static Map<String, byte[]> hostValues(CryptoContext crypto) {
        var profile = crypto.profile();
        var values = new HashMap<String, byte[]>();
        var variant = crypto.lmk().checkValue();
        values.put(LMK_CHECK, ascii(variant));
        values.put(LMK_CHECK + "." + crypto.keyBlockLmks().variantId(), ascii(variant));
        for (var slot : crypto.keyBlockLmks().all().values()) {
            try {
                values.put(LMK_CHECK + "." + slot.id(), ascii(slot.checkValue() + "0".repeat(10)));
            } catch (CryptoException e) {
                throw new IllegalStateException("cannot compute the check value of LMK " + slot.id(), e);
            }
        }
        values.put("lmk.default", ascii(crypto.keyBlockLmks().defaultId()));
        values.put("keytype.tpk", ascii(profile.tpkType().code()));
        values.put("keytype.tmk", ascii(profile.tmkType().code()));
        values.put("security.profile", ascii(profile.name()));

        return Map.copyOf(values);
    }

    /**
     * Tells whether the host sets a {@code hsm.config} value itself, so that configuration may not: the LMK values
     * ({@code lmk.*}), the key type codes and the security profile.
     *
     * @param key the value's key.
     * @return whether the host owns it.
     */
    public static boolean isHostValue(String key) {
        return key.startsWith("lmk.") || Set.of("keytype.tpk", "keytype.tmk", "security.profile").contains(key);
    }

    /**
     * Gives {@code hsm.status} the engine's statistics; until then (and in the plugin tool) it answers -1.
     *
     * @param statistics the statistics of the health and utilisation commands.
     */
    public void serveStatus(HsmStatus statistics) {
        this.status = statistics;
    }

    /** @return the cryptographic context the host functions share: the LMK, random source and security state. */
    public CryptoContext crypto() {
        return crypto;
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
     * Checks a module's imports against its metadata and this host's functions: every function the metadata
     * declares is one this host offers, and the module imports only functions this host offers and the metadata
     * declares.
     *
     * @param module the parsed module.
     * @param metadata its metadata, or null when it has none (then only what the host offers is checked).
     * @return the check: the module's imports as {@code module.name}, and the rules they break.
     */
    public static AbiCheck checkImports(WasmModule module, PluginMetadata metadata) {
        var problems = new ArrayList<String>();
        if (metadata != null) {
            metadata.imports().stream().filter(name -> !AVAILABLE.containsKey(name)).forEach(name -> problems.add(
                    "the metadata declares host function " + name + ", which this host does not offer"));
        }
        var names = new ArrayList<String>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var entry = imports.getImport(i);
            var name = entry.module() + "." + entry.name();
            names.add(name);
            if (entry.importType() != ExternalType.FUNCTION || !AVAILABLE.containsKey(name)) {
                problems.add("the module imports " + name + ", which this host does not offer");
            } else if (metadata != null && !metadata.imports().contains(name)) {
                problems.add("the module imports " + name + " without declaring it in its metadata");
            }
        }
        if (!problems.isEmpty()) {
            problems.add("this host offers " + names());
        }

        return new AbiCheck(names, problems);
    }

    /**
     * Checks a module's imports and links the host functions it imports. A plugin that imports a cryptographic
     * function gets a key table for each call, wiped when the call ends.
     *
     * @param module the parsed module.
     * @param metadata its metadata.
     * @return the import values and the per-call key table.
     * @throws PluginException when {@link #checkImports} finds a problem.
     */
    @Override
    public LinkedImports link(WasmModule module, PluginMetadata metadata) throws PluginException {
        var check = checkImports(module, metadata);
        check.require();
        var builder = ImportValues.builder();
        for (var name : check.found()) {
            builder.addFunction(AVAILABLE.get(name).apply(this));
        }
        var values = builder.build();
        boolean usesKeys = metadata.imports().stream().anyMatch(name -> !CONFIG.equals(name) && !STATUS.equals(name));

        return usesKeys ? new LinkedImports(values, KeyHandles::open) : LinkedImports.withoutScope(values);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Function<HostFunctions, HostFunction>> available() {
        var map = new HashMap<String, Function<HostFunctions, HostFunction>>();
        map.put(CONFIG, host -> ConfigImport.of(host.pluginValues));
        map.put(STATUS, host -> StatusImport.of(() -> host.status));
        CryptoImports.all().forEach((name, factory) -> map.put(name, host -> factory.apply(host.crypto)));

        return Map.copyOf(map);
    }
}
