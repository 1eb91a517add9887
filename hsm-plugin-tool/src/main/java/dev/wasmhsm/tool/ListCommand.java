package dev.wasmhsm.tool;

import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.abi.PluginMetadata;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code list DIR}: one line per {@code *.wasm} file in a directory, from its metadata alone, without compiling
 * it: file name, command, version, description, abi, the start of its SHA-256, and whether the server would
 * take it.
 */
final class ListCommand {
    private static final int DIGEST_LENGTH = 12;

    private ListCommand() {
    }

    /** One file's line: its cells, and whether the server would take it. */
    private record Row(List<String> cells, boolean valid) {
    }

    /**
     * Runs the command.
     *
     * @param options the directory.
     * @param out where the lines go.
     * @param err where a note on an empty directory goes.
     * @return {@link Main#OK} when every plugin is valid, else {@link Main#FAILED}.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when the directory cannot be read.
     */
    static int run(Options options, PrintStream out, PrintStream err) throws UsageException, ToolException {
        options.requireArguments("DIR", 1, 1);
        options.rejectPluginOptions();
        options.rejectGrant();
        var directory = Path.of(options.argument(0));
        var files = wasmFiles(directory);
        if (files.isEmpty()) {
            err.println("no .wasm files in " + directory);
        }
        var rows = new ArrayList<Row>();
        for (var file : files) {
            rows.add(row(file, PluginFiles.read(file)));
        }
        printTable(rows.stream().map(Row::cells).toList(), out);

        return rows.stream().allMatch(Row::valid) ? Main.OK : Main.FAILED;
    }

    private static List<Path> wasmFiles(Path directory) throws ToolException {
        try (var entries = Files.list(directory)) {
            return entries.filter(file -> file.getFileName().toString().endsWith(".wasm") && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new ToolException("no such directory: " + directory, e);
        } catch (IOException e) {
            throw new ToolException("cannot list directory " + directory + ": " + e, e);
        }
    }

    private static Row row(Path file, byte[] bytes) {
        var name = file.getFileName().toString();
        var digest = WasmPlugin.digest(bytes).substring(0, DIGEST_LENGTH);
        PluginMetadata metadata;
        try {
            metadata = WasmPlugin.readMetadata(bytes);
        } catch (PluginException e) {
            return new Row(List.of(name, "-", "-", "-", "-", digest, "INVALID: " + e.getMessage()), false);
        }
        var problem = problem(file, metadata);
        var status = problem.map(text -> "INVALID: " + text)
                .orElse(PluginFiles.commandOf(file).isPresent() ? "ok" : "ok, but a server loads it only as "
                        + metadata.command() + ".wasm");

        return new Row(List.of(name, metadata.command(), metadata.version(), metadata.description(),
                "abi " + metadata.abi(), digest, status), problem.isEmpty());
    }

    private static Optional<String> problem(Path file, PluginMetadata metadata) {
        var fileCommand = PluginFiles.commandOf(file).orElse(metadata.command());
        if (!fileCommand.equals(metadata.command())) {
            return Optional.of("file name says " + fileCommand + ", metadata says " + metadata.command());
        }
        var offered = HostFunctions.names();

        return metadata.imports().stream()
                .filter(name -> !offered.contains(name))
                .findFirst()
                .map(name -> "metadata declares host function " + name + ", which this host does not offer");
    }

    private static void printTable(List<List<String>> rows, PrintStream out) {
        if (rows.isEmpty()) {
            return;
        }
        var widths = new int[rows.get(0).size()];
        for (var row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i < widths.length - 1 ? pad(row.get(i), widths[i] + 2) : row.get(i));
            }
            out.println(line);
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
