package dev.wasmhsm.tool;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasmhsm.engine.abi.BundledPluginRules;
import dev.wasmhsm.engine.abi.PluginAbi;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.host.SecurityProfile;
import dev.wasmhsm.engine.registry.BundledPlugins;
import dev.wasmhsm.engine.registry.PluginTrust;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import dev.wasmhsm.protocol.ErrorCode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * {@code validate FILE [REQUEST] [--strict]}: checks a plugin as the server loads it, one line per check, then
 * tells whether a server under the PCI profile would trust it ({@code --trust-file}, {@code --signing-key}), then
 * calls it once with the request, else the sample request in its metadata, else its bare command code. With
 * {@code --strict} it also checks the stricter rules of the bundled plugins ({@link BundledPluginRules}).
 *
 * <p>The checks of the parsed module (metadata, imports, exports, file name) run first and all report; they are
 * the loader's own checks ({@link PluginMetadata}, {@link HostFunctions#checkImports}, {@link PluginAbi}). The
 * server's loader then checks everything again, compiles and instantiates, and only runs when they passed.
 */
final class ValidateCommand {
    private ValidateCommand() {
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
        options.rejectGrant();
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
        if (options.strict()) {
            var strict = BundledPluginRules.check(module);
            report.check("strict", strict, String.join(", ", strict.found()));
        }
        checkImports(module, metadata, report);
        checkExports(module, report);
        checkFileName(file, metadata, report);
        boolean checksFailed = report.failed();
        if (metadata != null) {
            checkTrust(file, bytes, metadata, options, report);
        }
        if (checksFailed) {
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
        var check = HostFunctions.checkImports(module, metadata);
        report.check("imports", check, check.found().isEmpty() ? "none" : String.join(", ", check.found()));
    }

    private static void checkExports(WasmModule module, CheckReport report) {
        var check = PluginAbi.checkExports(module);
        report.check("exports", check, String.join(", ", check.found()));
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

    /**
     * Tells whether a server would trust the module, with the server's own rule ({@link PluginTrust}): the
     * bundled manifest this tool carries, the {@code --trust-file}, and a signature next to the module that
     * verifies with the {@code --signing-key}. Under the legacy profile every module loads, so the check runs there
     * only when a trust file or signing key is given.
     */
    private static void checkTrust(Path file, byte[] bytes, PluginMetadata metadata, Options options,
            CheckReport report) {
        if (!SecurityProfile.from(System.getProperties()).trustedPluginsOnly() && options.trustFile() == null
                && options.signingKey() == null) {
            report.skip("trust", "the " + SecurityProfile.from(System.getProperties()).name() + " profile loads"
                    + " untrusted modules");

            return;
        }
        String manifest;
        try {
            manifest = BundledPlugins.manifest(ValidateCommand.class.getClassLoader());
        } catch (IOException e) {
            manifest = "";
        }
        var directory = file.toAbsolutePath().getParent();
        var trust = PluginTrust.read(true, manifest, options.trustFile(), directory, options.signingKey());
        var sha256 = WasmPlugin.digest(bytes);
        var refusal = trust.refusal(sha256, metadata.imports());
        if (refusal != null) {
            report.fail("trust", refusal + "; hsm-plugin-tool trust FILE prints the line that trusts it");
        } else if (trust.entries().get(sha256) == null) {
            report.ok("trust: a bundled module, with the imports its metadata declares");
        } else {
            report.ok("trust: granted " + new TreeSet<>(trust.entries().get(sha256)));
        }
        if (trust.problem() != null) {
            report.detail(trust.problem());
        }
    }

    private static void loadAndCall(byte[] bytes, byte[] request, Options options, CheckReport report) {
        try (var host = ToolRuntime.start(options)) {
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
                plugin.release();
            }
        }
    }

    private static byte[] smokeRequest(PluginMetadata metadata) {
        var request = metadata.sample().isEmpty() ? metadata.command() : metadata.sample();

        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
