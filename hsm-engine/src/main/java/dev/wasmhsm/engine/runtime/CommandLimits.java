package dev.wasmhsm.engine.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The limits plugins run under: server-wide, and for the commands that have their own.
 *
 * @param defaults the limits of every command that has none of its own.
 * @param perCommand the limits of the commands that have their own, by command code.
 */
public record CommandLimits(PluginLimits defaults, Map<String, PluginLimits> perCommand) {
    private static final Pattern COMMAND_LIMIT = Pattern.compile("hsm\\.plugins\\.([0-9A-Za-z]{2})\\.([A-Za-z]+)");

    /**
     * Copies the map.
     */
    public CommandLimits {
        perCommand = Map.copyOf(perCommand);
    }

    /**
     * Returns the same limits for every command.
     *
     * @param limits the limits.
     * @return the command limits.
     */
    public static CommandLimits of(PluginLimits limits) {
        return new CommandLimits(limits, Map.of());
    }

    /**
     * Reads the limits from properties: the server-wide {@code hsm.plugins.<limit>} and the per-command
     * {@code hsm.plugins.<command>.<limit>} (names in {@link PluginLimits#NAMES}); a command's limit not set takes
     * the server-wide one, which defaults to {@link PluginLimits#DEFAULTS}.
     *
     * @param properties the properties, normally the system properties.
     * @return the limits.
     * @throws IllegalArgumentException when a limit is not a number or out of range.
     */
    public static CommandLimits from(Properties properties) {
        var defaults = PluginLimits.from(properties, null, PluginLimits.DEFAULTS);
        var perCommand = new HashMap<String, PluginLimits>();
        for (var name : properties.stringPropertyNames()) {
            var command = COMMAND_LIMIT.matcher(name);
            if (command.matches() && PluginLimits.NAMES.contains(command.group(2))) {
                perCommand.computeIfAbsent(command.group(1), code -> PluginLimits.from(properties, code, defaults));
            }
        }

        return new CommandLimits(defaults, perCommand);
    }

    /**
     * Tells whether a property name, after {@code hsm.plugins.}, is a limit: server-wide or per command.
     *
     * @param setting the name after the prefix, such as {@code callTimeoutMillis} or {@code NC.maxInstances}.
     * @return true when it names a limit.
     */
    public static boolean isLimit(String setting) {
        var command = COMMAND_LIMIT.matcher("hsm.plugins." + setting);

        return PluginLimits.NAMES.contains(setting) || command.matches()
                && PluginLimits.NAMES.contains(command.group(2));
    }

    /**
     * Returns the limits of one command.
     *
     * @param command the command code.
     * @return its own limits, or the server-wide ones.
     */
    public PluginLimits forCommand(String command) {
        return perCommand.getOrDefault(command, defaults);
    }
}
