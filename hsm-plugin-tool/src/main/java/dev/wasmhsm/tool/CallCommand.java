package dev.wasmhsm.tool;

import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import dev.wasmhsm.protocol.ErrorCode;
import dev.wasmhsm.protocol.ResponseCodes;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code call FILE REQUEST}: loads a plugin whatever its file name, calls it once and prints the reply, its error
 * code and how long the call took.
 */
final class CallCommand {
    /** The error code the server answers with when a plugin fails, unless configured otherwise. */

    private CallCommand() {
    }

    /**
     * Runs the command.
     *
     * @param options the file, the request, the configuration values and deadline.
     * @param out where the reply goes.
     * @param err where a plugin failure goes.
     * @return {@link Main#OK} for error code 00, {@link Main#ERROR_REPLY} for another error code,
     *     {@link Main#FAILED} when the plugin does not load or its call fails.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when the file cannot be read.
     */
    static int run(Options options, PrintStream out, PrintStream err) throws UsageException, ToolException {
        options.requireArguments("FILE REQUEST", 1, 2);
        options.rejectStrict();
        options.rejectGrant();
        var request = options.request(1)
                .orElseThrow(() -> new UsageException("call needs a REQUEST, as text or with --hex"));
        var file = Path.of(options.argument(0));
        var bytes = PluginFiles.read(file);
        try (var host = ToolRuntime.start(options)) {
            WasmPlugin plugin;
            try {
                plugin = WasmPlugin.load(null, bytes, host.runtime());
            } catch (PluginException e) {
                err.println("the plugin does not load: " + e.getMessage());

                return Main.FAILED;
            }
            try {
                return call(plugin, request, out);
            } catch (PluginException e) {
                err.println("the call failed: " + e.getMessage());
                err.println("the server would answer "
                        + Bytes.text(ResponseCodes.errorReply(request, ErrorCode.UNKNOWN_COMMAND.code())));

                return Main.FAILED;
            } finally {
                plugin.release();
            }
        }
    }

    private static int call(WasmPlugin plugin, byte[] request, PrintStream out) throws PluginException {
        long start = System.nanoTime();
        var reply = plugin.call(request);
        long micros = (System.nanoTime() - start) / 1000;
        var errorCode = new String(reply, 2, 2, StandardCharsets.ISO_8859_1);
        out.println("request: " + Bytes.text(request));
        out.println("reply:   " + Bytes.text(reply));
        out.println("hex:     " + Bytes.hex(reply));
        out.println("error:   " + errorCode);
        out.println("time:    " + micros + " us");

        return ErrorCode.NO_ERROR.code().equals(errorCode) ? Main.OK : Main.ERROR_REPLY;
    }
}
