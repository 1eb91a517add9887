package dev.wasmhsm.tool;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmhsm.plugins.wasm.HostFunctions;
import dev.wasmhsm.plugins.wasm.PluginException;
import dev.wasmhsm.plugins.wasm.PluginMetadata;
import dev.wasmhsm.plugins.wasm.WasmPlugin;
import dev.wasmhsm.protocol.ErrorCode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code validate FILE [REQUEST]}: checks a plugin as the server loads it, one line per check, then calls it once
 * with the request, else the sample request in its metadata, else its bare command code.
 *
 * <p>The checks of the parsed module (metadata, imports, exports, file name) run first and all report; the
 * server's loader then checks everything again, compiles and instantiates, and only runs when they passed.
 */
final class ValidateCommand {
    private static final List<AbiExport> ABI_EXPORTS = List.of(
            new AbiExport("alloc", FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)), true),
            new AbiExport("Execute", FunctionType.of(List.of(ValType.I32, ValType.I32), List.of(ValType.I64)), true),
            new AbiExport("reset", FunctionType.empty(), false));

    private ValidateCommand() {
    }

    /** A function the ABI wants exported. */
    private record AbiExport(String name, FunctionType type, boolean required) {
    }

    /**
     * Runs the command.
     *
     * @param options the file, the optional request, the configuration values and deadline.
     * @param out where the checks go.
     * @return {@link Main#OK} when every check passed, else {@link Main#FAILED}.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when the file cannot be read.
     */
    static int run(Options options, PrintStream out) throws UsageException, ToolException {
        options.requireArguments("FILE [REQUEST]", 1, 2);
        var request = options.request(1);
        var file = Path.of(options.argument(0));
        var bytes = PluginFiles.read(file);
        var report = new CheckReport(out);
        WasmModule module;
        try {
            module = Parser.parse(bytes);
            report.ok("parses: " + bytes.length + " bytes, sha256 " + WasmPlugin.digest(bytes));
        } catch (RuntimeException e) {
            report.fail("parses", e.getMessage());

            return Main.FAILED;
        }
        var metadata = checkMetadata(module, report);
        checkImports(module, metadata, report);
        checkExports(module, report);
        checkFileName(file, metadata, report);
        if (report.failed()) {
            report.skip("loads", "an earlier check failed");
            report.skip("smoke call", "an earlier check failed");

            return Main.FAILED;
        }
        loadAndCall(bytes, request.orElseGet(() -> smokeRequest(metadata)), options, report);

        return report.failed() ? Main.FAILED : Main.OK;
    }

    private static PluginMetadata checkMetadata(WasmModule module, CheckReport report) {
        try {
            var metadata = PluginMetadata.of(module);
            report.ok("metadata: command " + metadata.command() + ", version " + metadata.version() + ", abi "
                    + metadata.abi() + ", " + metadata.description());

            return metadata;
        } catch (PluginException e) {
            report.fail("metadata", e.getMessage().replaceFirst("^metadata: ", ""));

            return null;
        }
    }

    private static void checkImports(WasmModule module, PluginMetadata metadata, CheckReport report) {
        var offered = HostFunctions.names();
        var problems = new ArrayList<String>();
        if (metadata != null) {
            metadata.imports().stream().filter(name -> !offered.contains(name))
                    .forEach(name -> problems.add("the metadata declares " + name + ", which this host does not offer"));
        }
        var names = new ArrayList<String>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var entry = imports.getImport(i);
            var name = entry.module() + "." + entry.name();
            names.add(name);
            if (entry.importType() != ExternalType.FUNCTION || !offered.contains(name)) {
                problems.add("the module imports " + name + ", which this host does not offer");
            } else if (metadata != null && !metadata.imports().contains(name)) {
                problems.add("the module imports " + name + " without declaring it in its metadata");
            }
        }
        if (problems.isEmpty()) {
            report.ok("imports: " + (names.isEmpty() ? "none" : String.join(", ", names)));
        } else {
            report.fail("imports", String.join("; ", problems) + " (this host offers " + offered + ")");
        }
    }

    private static void checkExports(WasmModule module, CheckReport report) {
        var found = new ArrayList<String>();
        var problems = new ArrayList<String>();
        for (var wanted : ABI_EXPORTS) {
            var index = exportedFunction(module, wanted.name());
            if (index.isEmpty()) {
                if (wanted.required()) {
                    problems.add("the module does not export " + wanted.name() + " "
                            + ModuleTypes.format(wanted.type()));
                }

                continue;
            }
            var actual = ModuleTypes.function(module, index.getAsInt());
            if (actual.typesMatch(wanted.type())) {
                found.add(wanted.name());
            } else {
                problems.add(wanted.name() + " has type " + ModuleTypes.format(actual) + ", the ABI wants "
                        + ModuleTypes.format(wanted.type()));
            }
        }
        if (problems.isEmpty()) {
            report.ok("exports: " + String.join(", ", found));
        } else {
            report.fail("exports", String.join("; ", problems));
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

    private static void checkFileName(Path file, PluginMetadata metadata, CheckReport report) {
        var fileCommand = PluginFiles.commandOf(file);
        if (fileCommand.isEmpty()) {
            report.skip("file name", "not of the form XX.wasm, so the server would not load it as a command");
        } else if (metadata == null) {
            report.skip("file name", "no metadata to compare with");
        } else if (fileCommand.get().equals(metadata.command())) {
            report.ok("file name: " + fileCommand.get() + ".wasm serves " + metadata.command());
        } else {
            report.fail("file name", "the file name says " + fileCommand.get() + ", the metadata says "
                    + metadata.command() + ", so the server would refuse it");
        }
    }

    private static void loadAndCall(byte[] bytes, byte[] request, Options options, CheckReport report) {
        try (var host = PluginHost.start(options)) {
            WasmPlugin plugin;
            try {
                plugin = WasmPlugin.load(null, bytes, host.runtime());
                report.ok("loads: compiled and instantiated");
            } catch (PluginException e) {
                report.fail("loads", e.getMessage());
                report.skip("smoke call", "the plugin does not load");

                return;
            }
            try {
                var reply = plugin.call(request);
                var errorCode = new String(reply, 2, 2, StandardCharsets.ISO_8859_1);
                if (ErrorCode.NO_ERROR.code().equals(errorCode)) {
                    report.ok("smoke call: " + Bytes.text(request));
                } else {
                    report.fail("smoke call", Bytes.text(request) + " got error code " + errorCode + ", not 00");
                }
                report.detail("reply " + Bytes.text(reply));
                report.detail("hex   " + Bytes.hex(reply));
            } catch (PluginException e) {
                report.fail("smoke call", Bytes.text(request) + ": " + e.getMessage());
            } finally {
                plugin.retire();
            }
        }
    }

    private static byte[] smokeRequest(PluginMetadata metadata) {
        var request = metadata.sample().isEmpty() ? metadata.command() : metadata.sample();

        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
