package dev.wasmhsm.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads plugin files and tells the command code their names give them. */
final class PluginFiles {
    private static final Pattern COMMAND_FILE = Pattern.compile("([0-9A-Za-z]{2})\\.wasm");

    private PluginFiles() {
    }

    /**
     * Reads a plugin file.
     *
     * @param file the file.
     * @return its bytes.
     * @throws ToolException when it cannot be read.
     */
    static byte[] read(Path file) throws ToolException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ToolException("no such file: " + file, e);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Returns the command code a file's name gives it, as the server reads it: {@code NC.wasm} serves NC.
     *
     * @param file the file.
     * @return the code, or empty when the name does not have the form {@code XX.wasm}.
     */
    static Optional<String> commandOf(Path file) {
        var name = file.getFileName();
        var matcher = COMMAND_FILE.matcher(name == null ? "" : name.toString());

        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
