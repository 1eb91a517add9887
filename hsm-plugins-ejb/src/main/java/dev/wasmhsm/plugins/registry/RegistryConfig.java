package dev.wasmhsm.plugins.registry;

import dev.wasmhsm.plugins.host.CryptoConfig;
import dev.wasmhsm.plugins.wasm.PluginLimits;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The plugin registry's settings, read once from system properties at start.
 *
 * @param commandsDirectory where the {@code XX.wasm} command plugins live.
 * @param errorCode the error code replied to an unknown command or a failing plugin.
 * @param limits the limits every plugin runs under unless its command has its own.
 * @param commandLimits the limits of the commands that have their own, by command code.
 * @param pluginValues the configuration values plugins read through the {@code hsm.config} import.
 * @param drainTimeout how long a replaced plugin version waits for its calls in flight before it is released.
 * @param watch whether the commands directory is watched and reloaded when a file changes.
 * @param watchQuiet how long a change must stay still before the watcher reloads.
 * @param logMdc whether request log fields also go into the MDC, for JSON formatters.
 * @param crypto the LMK file and the random source of the cryptographic host functions.
 */
public record RegistryConfig(
        Path commandsDirectory,
        String errorCode,
        PluginLimits limits,
        Map<String, PluginLimits> commandLimits,
        Map<String, byte[]> pluginValues,
        Duration drainTimeout,
        boolean watch,
        Duration watchQuiet,
        boolean logMdc,
        CryptoConfig crypto) {
    /** The system property naming the commands directory. */
    public static final String COMMANDS_DIR = "hsm.commands.dir";

    /** The prefix of system properties that become plugin configuration values. */
    public static final String PLUGIN_VALUE_PREFIX = "hsm.config.";

    /** The default LMK check value: the one public material shows for the Thales test LMK. */
    public static final String DEFAULT_LMK_CHECK = "2686040000000000";

    /** The default firmware number reported by NC and NO. */
    public static final String DEFAULT_FIRMWARE = "0007-E000";

    private static final Pattern COMMAND_LIMIT = Pattern.compile("hsm\\.plugins\\.([0-9A-Za-z]{2})\\.([A-Za-z]+)");
    private static final String PLUGINS_PREFIX = "hsm.plugins.";
    private static final Set<String> REGISTRY_SETTINGS = Set.of("errorCode", "drainTimeoutMillis", "watch",
            "watchQuietMillis");

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when a setting is out of range.
     */
    public RegistryConfig {
        if (errorCode == null || !errorCode.matches("[0-9A-Z]{2}")) {
            throw new IllegalArgumentException("error code must be two digits or capital letters, was " + errorCode);
        }
        if (drainTimeout.isNegative() || watchQuiet.isNegative()) {
            throw new IllegalArgumentException("drain timeout and watch quiet period must not be negative");
        }
        if (crypto == null) {
            throw new IllegalArgumentException("the cryptographic settings are required");
        }
        commandLimits = Map.copyOf(commandLimits);
        pluginValues = Map.copyOf(pluginValues);
    }

    /**
     * Reads the settings from properties, normally the system properties.
     *
     * <p>Properties (defaults in docs/operations.md): {@code hsm.commands.dir}, {@code hsm.plugins.errorCode},
     * the limits of {@link PluginLimits#from} server-wide ({@code hsm.plugins.callTimeoutMillis}) and per command
     * ({@code hsm.plugins.NC.callTimeoutMillis}), {@code hsm.plugins.drainTimeoutMillis},
     * {@code hsm.plugins.watch}, {@code hsm.plugins.watchQuietMillis}, {@code hsm.log.mdc}, and every
     * {@code hsm.config.<key>} as a plugin value ({@code hsm.config.lmk.check}, {@code hsm.config.firmware}), and
     * the cryptographic settings of {@link CryptoConfig#from}: {@code hsm.lmk.file}, {@code hsm.crypto.fixedRandom}.
     *
     * @param properties the properties.
     * @return the settings.
     */
    public static RegistryConfig from(Properties properties) {
        var values = new HashMap<String, byte[]>();
        values.put("lmk.check", DEFAULT_LMK_CHECK.getBytes(StandardCharsets.US_ASCII));
        values.put("firmware", DEFAULT_FIRMWARE.getBytes(StandardCharsets.US_ASCII));
        var limits = PluginLimits.from(properties, null, PluginLimits.DEFAULTS);
        var commandLimits = new HashMap<String, PluginLimits>();
        for (var name : properties.stringPropertyNames()) {
            if (name.startsWith(PLUGIN_VALUE_PREFIX)) {
                values.put(name.substring(PLUGIN_VALUE_PREFIX.length()),
                        properties.getProperty(name).getBytes(StandardCharsets.UTF_8));
            }
            var command = COMMAND_LIMIT.matcher(name);
            if (command.matches() && PluginLimits.NAMES.contains(command.group(2))) {
                commandLimits.computeIfAbsent(command.group(1), code -> PluginLimits.from(properties, code, limits));
            } else if (name.startsWith(PLUGINS_PREFIX) && !REGISTRY_SETTINGS.contains(name.substring(PLUGINS_PREFIX
                    .length())) && !PluginLimits.NAMES.contains(name.substring(PLUGINS_PREFIX.length()))) {
                throw new IllegalArgumentException("system property " + name + " is not a setting: the settings are "
                        + new TreeSet<>(REGISTRY_SETTINGS) + ", the limits " + new TreeSet<>(PluginLimits.NAMES)
                        + " and hsm.plugins.<command>.<limit>");
            }
        }

        return new RegistryConfig(
                commandsDirectory(properties),
                properties.getProperty("hsm.plugins.errorCode", ErrorCode.UNKNOWN_COMMAND.code()),
                limits,
                commandLimits,
                values,
                Duration.ofMillis(number(properties, "hsm.plugins.drainTimeoutMillis", 5000)),
                Boolean.parseBoolean(properties.getProperty("hsm.plugins.watch", "false")),
                Duration.ofMillis(number(properties, "hsm.plugins.watchQuietMillis", 1000)),
                Boolean.parseBoolean(properties.getProperty("hsm.log.mdc", "false")),
                CryptoConfig.from(properties));
    }

    /**
     * Returns the limits of one command.
     *
     * @param command the command code.
     * @return its own limits, or the server-wide ones.
     */
    public PluginLimits limitsFor(String command) {
        return commandLimits.getOrDefault(command, limits);
    }

    private static Path commandsDirectory(Properties properties) {
        var explicit = properties.getProperty(COMMANDS_DIR);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        var wildflyData = properties.getProperty("jboss.server.data.dir");
        if (wildflyData != null) {
            return Path.of(wildflyData, "hsm-commands");
        }
        var payaraInstance = properties.getProperty("com.sun.aas.instanceRoot");
        if (payaraInstance != null) {
            return Path.of(payaraInstance, "hsm-commands");
        }

        return Path.of(properties.getProperty("user.dir", "."), "hsm-commands");
    }

    private static long number(Properties properties, String name, long fallback) {
        var value = properties.getProperty(name);
        try {
            return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " is not a number: " + value, e);
        }
    }
}
