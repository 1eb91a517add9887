package dev.wasmhsm.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One run of the tool in-process, with what it printed.
 *
 * @param status the exit status.
 * @param out what went to standard output.
 * @param err what went to standard error.
 */
record ToolRun(int status, String out, String err) {
    /** The repository's plugins folder. */
    static final Path PLUGINS = Path.of(System.getProperty("wasmhsm.plugins", "../plugins"));

    /**
     * Runs the tool.
     *
     * @param args the command line.
     * @return the outcome.
     */
    static ToolRun of(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status;
        try (var outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                var errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(args, outStream, errStream);
        }

        return new ToolRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Returns the path of a bundled plugin.
     *
     * @param code its command code, such as NC.
     * @return the path, as a string for the command line.
     */
    static String bundled(String code) {
        return PLUGINS.resolve("wasm").resolve(code + ".wasm").toString();
    }

    /**
     * Returns the path of a test plugin.
     *
     * @param name its name, such as trap.
     * @return the path, as a string for the command line.
     */
    static String testPlugin(String name) {
        return PLUGINS.resolve("test-wasm").resolve(name + ".wasm").toString();
    }

    /** @return the lines of standard output. */
    String[] outLines() {
        return out.lines().toArray(String[]::new);
    }
}
