package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.UnknownCustomSection;
import dev.wasmhsm.protocol.ResponseCodes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a plugin says about itself in its {@code hsm.plugin} custom section, read without running it.
 *
 * <p>The section holds UTF-8 text, one {@code key=value} per line; unknown keys are ignored, so later versions
 * of the host can add keys (docs/plugin-abi.md).
 *
 * @param abi the plugin ABI version it was written for.
 * @param command the command code it serves.
 * @param response the response code it answers with.
 * @param description one line saying what the command does.
 * @param version the plugin's own version.
 * @param author who wrote it.
 * @param imports the host functions it needs, as {@code module.name}.
 * @param sample a request a tool may send it to check that it answers, or an empty string.
 * @param logData whether the request log may show the request and reply data (masked); false ({@code log=codes})
 *     for commands that carry PANs, CVVs, PVVs or clear data, whose log lines then show only the codes.
 */
public record PluginMetadata(int abi, String command, String response, String description, String version,
        String author, List<String> imports, String sample, boolean logData) {
    /** The custom section's name. */
    public static final String SECTION = "hsm.plugin";

    /** The keys a plugin's metadata may have; a host reading it ignores any other. */
    public static final List<String> KEYS = List.of("abi", "command", "response", "description", "version", "author",
            "imports", "sample", "log");

    private static final int MAX_SECTION_LENGTH = 4096;

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when a field is missing or does not fit the ABI.
     */
    public PluginMetadata {
        if (abi != PluginAbi.VERSION) {
            throw new IllegalArgumentException("abi " + abi + " is not supported, this host implements abi "
                    + PluginAbi.VERSION);
        }
        if (command == null || !command.matches("[0-9A-Za-z]{2}")) {
            throw new IllegalArgumentException("command must be two letters or digits, was " + command);
        }
        var expected = ResponseCodes.responseCode(command);
        if (!expected.equals(response)) {
            throw new IllegalArgumentException("response must be " + expected + " for command " + command
                    + ", was " + response);
        }
        requireText("description", description);
        requireText("version", version);
        author = author == null ? "" : author;
        requirePrintable("author", author);
        imports = List.copyOf(imports);
        sample = sample == null ? "" : sample;
    }

    /**
     * Reads the metadata of a parsed module.
     *
     * @param module the module.
     * @return the metadata.
     * @throws PluginException when the section is missing or malformed.
     */
    public static PluginMetadata of(WasmModule module) throws PluginException {
        return parse(sectionText(module));
    }

    /**
     * Returns the text of a module's metadata section.
     *
     * @param module the module.
     * @return the text, as UTF-8.
     * @throws PluginException when the section is missing or too long.
     */
    public static String sectionText(WasmModule module) throws PluginException {
        if (!(module.customSection(SECTION) instanceof UnknownCustomSection section)) {
            throw new PluginException("the module has no " + SECTION + " custom section with its metadata");
        }
        if (section.bytes().length > MAX_SECTION_LENGTH) {
            throw new PluginException("the " + SECTION + " section is longer than " + MAX_SECTION_LENGTH + " bytes");
        }

        return new String(section.bytes(), StandardCharsets.UTF_8);
    }

    /**
     * Parses the text of a metadata section.
     *
     * @param text the {@code key=value} lines.
     * @return the metadata.
     * @throws PluginException when a required key is missing or a value is malformed.
     */
    public static PluginMetadata parse(String text) throws PluginException {
        var values = new HashMap<String, String>();
        for (var line : text.split("\n")) {
            int equals = line.indexOf('=');
            if (!line.isBlank() && equals > 0
                    && values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim()) != null) {
                throw new PluginException("metadata: key " + line.substring(0, equals).trim() + " appears twice");
            }
        }
        try {
            return new PluginMetadata(abi(required(values, "abi")), required(values, "command"),
                    required(values, "response"), required(values, "description"), required(values, "version"),
                    values.get("author"), imports(values.getOrDefault("imports", "")), values.get("sample"),
                    logData(values.getOrDefault("log", "codes")));
        } catch (IllegalArgumentException e) {
            throw new PluginException("metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Returns the metadata as the lines of its section, in a fixed order.
     *
     * @return the text.
     */
    public String toText() {
        return "abi=" + abi + "\ncommand=" + command + "\nresponse=" + response + "\ndescription=" + description
                + "\nversion=" + version + "\nauthor=" + author + "\nimports=" + String.join(",", imports)
                + "\nsample=" + sample + "\nlog=" + (logData ? "data" : "codes") + "\n";
    }

    private static String required(Map<String, String> values, String key) {
        var value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("key " + key + " is missing");
        }

        return value;
    }

    private static boolean logData(String value) {
        return switch (value) {
            case "data" -> true;
            case "codes" -> false;
            default -> throw new IllegalArgumentException("log must be data or codes, was " + value);
        };
    }

    private static int abi(String value) {
        if (!value.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("abi must be a number, was " + value);
        }

        return Integer.parseInt(value);
    }

    private static List<String> imports(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
    }

    private static void requireText(String key, String value) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException(key + " must be between 1 and 200 characters");
        }
        requirePrintable(key, value);
    }

    /** Keeps log lines and JMX views well-formed: no control characters, no double quotes. */
    private static void requirePrintable(String key, String value) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == '"')) {
            throw new IllegalArgumentException(key + " must not contain control characters or double quotes");
        }
    }
}
