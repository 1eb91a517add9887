package dev.wasmhsm.tool;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.registry.PluginTrust;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code trust FILE [GRANT]}: prints the trust file line ({@link PluginTrust}) that lets a module load under the PCI
 * profile, granting it the host functions of GRANT (comma separated, or {@code -} for none), or by default those
 * its metadata declares. The operator reviews the module, then appends the line to the file of
 * {@code hsm.plugins.trustFile}; the next reload loads it.
 */
final class TrustCommand {
    private TrustCommand() {
    }

    /**
     * Runs the command.
     *
     * @param options the file and the optional grant.
     * @param out where the line goes.
     * @return {@link Main#OK}.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when the file cannot be read, or has no valid metadata and no grant was given.
     */
    static int run(Options options, PrintStream out) throws UsageException, ToolException {
        options.requireArguments("FILE [GRANT]", 1, 2);
        options.rejectPluginOptions();
        out.println(line(Path.of(options.argument(0)), options.grant(1)));

        return Main.OK;
    }

    /**
     * Builds the trust line of a module.
     *
     * @param file the module.
     * @param grantText the grant, comma separated or {@code -}, or null for what the module declares.
     * @return the line.
     * @throws ToolException when the file cannot be read, or has no valid metadata.
     */
    static String line(Path file, String grantText) throws ToolException {
        var bytes = PluginFiles.read(file);
        PluginMetadata metadata;
        try {
            metadata = PluginMetadata.of(Parser.parse(bytes));
        } catch (PluginException | RuntimeException e) {
            throw new ToolException(file + " has no valid metadata: " + e.getMessage(), e);
        }
        Set<String> grant;
        if (grantText == null) {
            grant = Set.copyOf(metadata.imports());
        } else if (grantText.equals("-")) {
            grant = Set.of();
        } else {
            grant = Arrays.stream(grantText.split(",")).map(String::strip).collect(Collectors.toSet());
        }

        return PluginTrust.line(WasmPlugin.digest(bytes), grant, metadata.command() + " " + metadata.version() + ", "
                + file.getFileName());
    }
}
