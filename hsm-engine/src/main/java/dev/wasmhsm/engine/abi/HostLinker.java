package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * The host functions plugins may import, as the runtime sees them: it links each plugin version through this
 * interface and knows no particular host.
 */
@FunctionalInterface
public interface HostLinker {
    /**
     * Checks a module's imports against its metadata and links the host functions it imports.
     *
     * @param module the parsed module.
     * @param metadata its metadata.
     * @return the import values for its instances and what each call opens around the guest.
     * @throws PluginException when the module imports or declares what this host does not offer, or imports what
     *     it did not declare.
     */
    LinkedImports link(WasmModule module, PluginMetadata metadata) throws PluginException;
}
