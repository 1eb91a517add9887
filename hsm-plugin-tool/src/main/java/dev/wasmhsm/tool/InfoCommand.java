package dev.wasmhsm.tool;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.wasmhsm.engine.abi.ModuleTypes;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code info FILE}: a plugin's metadata with all its keys, SHA-256, size, imports and exports with their types,
 * memory and custom sections, from the parsed module without compiling it.
 */
final class InfoCommand {
    private InfoCommand() {
    }

    /**
     * Runs the command.
     *
     * @param options the file.
     * @param out where the description goes.
     * @return {@link Main#OK}; a metadata section that the server would refuse is shown as such.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when the file cannot be read or does not parse.
     */
    static int run(Options options, PrintStream out) throws UsageException, ToolException {
        options.requireArguments("FILE", 1, 1);
        options.rejectPluginOptions();
        options.rejectGrant();
        var file = Path.of(options.argument(0));
        var bytes = PluginFiles.read(file);
        WasmModule module;
        try {
            module = Parser.parse(bytes);
        } catch (RuntimeException e) {
            throw new ToolException(file + " does not parse: " + e.getMessage(), e);
        }
        out.println("file: " + file);
        out.println("size: " + bytes.length + " bytes");
        out.println("sha256: " + WasmPlugin.digest(bytes));
        printMetadata(module, out);
        printImports(module, out);
        printExports(module, out);
        printMemory(module, out);
        out.println("custom sections: " + module.customSections().stream().map(CustomSection::name)
                .collect(Collectors.joining(", ")));

        return Main.OK;
    }

    private static void printMetadata(WasmModule module, PrintStream out) {
        try {
            PluginMetadata.of(module);
            out.println("metadata: ok");
        } catch (PluginException e) {
            out.println("metadata: INVALID: " + e.getMessage());
        }
        if (module.customSection(PluginMetadata.SECTION) instanceof UnknownCustomSection section) {
            new String(section.bytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> out.println("  " + line.strip()));
        }
    }

    private static void printImports(WasmModule module, PrintStream out) {
        var imports = module.importSection();
        out.println("imports: " + imports.importCount());
        int function = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            var entry = imports.getImport(i);
            var name = kind(entry.importType()) + " " + entry.module() + "." + entry.name();
            if (entry.importType() == ExternalType.FUNCTION) {
                out.println("  " + name + " " + ModuleTypes.format(ModuleTypes.function(module, function++)));
            } else if (entry instanceof MemoryImport memory) {
                out.println("  " + name + " " + pages(memory.limits()));
            } else {
                out.println("  " + name);
            }
        }
    }

    private static void printExports(WasmModule module, PrintStream out) {
        var exports = module.exportSection();
        out.println("exports: " + exports.exportCount());
        for (int i = 0; i < exports.exportCount(); i++) {
            var export = exports.getExport(i);
            var name = kind(export.exportType()) + " " + export.name();
            if (export.exportType() == ExternalType.FUNCTION) {
                out.println("  " + name + " " + ModuleTypes.format(ModuleTypes.function(module, export.index())));
            } else {
                out.println("  " + name);
            }
        }
    }

    private static void printMemory(WasmModule module, PrintStream out) {
        var memories = module.memorySection().filter(section -> section.memoryCount() > 0);
        if (memories.isEmpty()) {
            out.println("memory: none defined");

            return;
        }
        for (int i = 0; i < memories.get().memoryCount(); i++) {
            out.println("memory: " + pages(memories.get().getMemory(i).limits()));
        }
    }

    private static String pages(MemoryLimits limits) {
        var maximum = limits.maximumPages() == MemoryLimits.MAX_PAGES ? "none" : limits.maximumPages() + " pages";

        return "initial " + limits.initialPages() + " pages of 64 KiB, maximum " + maximum;
    }

    private static String kind(ExternalType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
