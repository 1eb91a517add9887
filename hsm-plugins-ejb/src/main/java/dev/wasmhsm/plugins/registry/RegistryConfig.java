package dev.wasmhsm.plugins.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The plugin registry's settings, read once from system properties at start.
 *
 * @param commandsDirectory where the {@code XX.wasm} command plugins live.
 * @param errorCode the error code replied to an unknown command or a failing plugin.
 * @param callTimeout how long one plugin call may run before it is interrupted.
 * @param maxMemoryPages the most 64 KiB pages of memory a plugin instance may grow to.
 * @param maxIdleInstances the most idle instances kept per plugin.
 * @param maxReplyLength the longest reply a plugin may return.
 * @param pluginValues the configuration values plugins read through the {@code hsm.config} import.
 * @param logMdc whether request log fields also go into the MDC, for JSON formatters.
 */
public record RegistryConfig(
        Path commandsDirectory,
        String errorCode,
        Duration callTimeout,
        int maxMemoryPages,
        int maxIdleInstances,
        int maxReplyLength,
        Map<String, byte[]> pluginValues,
        boolean logMdc) {
    /** The system property naming the commands directory. */
    public static final String COMMANDS_DIR = "hsm.commands.dir";

    /** The prefix of system properties that become plugin configuration values. */
    public static final String PLUGIN_VALUE_PREFIX = "hsm.config.";

    /** The default LMK check value: the one public material shows for the Thales test LMK. */
    public static final String DEFAULT_LMK_CHECK = "2686040000000000";

    /** The longest reply that fits a frame with the longest header (255) and trailer (33). */
    public static final int MAX_REPLY_LENGTH = 0xFFFF - 255 - 33;

    /** The default firmware number reported by NC. */
    public static final String DEFAULT_FIRMWARE = "0007-E000";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when a setting is out of range.
     */
    public RegistryConfig {
        if (errorCode == null || !errorCode.matches("[0-9A-Z]{2}")) {
            throw new IllegalArgumentException("error code must be two digits or capital letters, was " + errorCode);
        }
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("call timeout must be positive");
        }
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException("max memory pages must be between 1 and 65536, was " + maxMemoryPages);
        }
        if (maxIdleInstances < 1) {
            throw new IllegalArgumentException("max idle instances must be positive, was " + maxIdleInstances);
        }
        if (maxReplyLength < 4 || maxReplyLength > MAX_REPLY_LENGTH) {
            throw new IllegalArgumentException("max reply length must be between 4 and " + MAX_REPLY_LENGTH
                    + ", was " + maxReplyLength);
        }
        pluginValues = Map.copyOf(pluginValues);
    }

    /**
     * Reads the settings from properties, normally the system properties.
     *
     * <p>Properties: {@code hsm.commands.dir}, {@code hsm.plugins.errorCode} (86),
     * {@code hsm.plugins.callTimeoutMillis} (2000), {@code hsm.plugins.maxMemoryPages} (256),
     * {@code hsm.plugins.maxIdleInstances} (64), {@code hsm.plugins.maxReplyLength} (32000), {@code hsm.log.mdc}
     * (false), and every
     * {@code hsm.config.<key>} as a plugin value ({@code hsm.config.lmk.check}, {@code hsm.config.firmware}).
     *
     * @param properties the properties.
     * @return the settings.
     */
    public static RegistryConfig from(Properties properties) {
        var values = new HashMap<String, byte[]>();
        values.put("lmk.check", DEFAULT_LMK_CHECK.getBytes(StandardCharsets.US_ASCII));
        values.put("firmware", DEFAULT_FIRMWARE.getBytes(StandardCharsets.US_ASCII));
        for (var name : properties.stringPropertyNames()) {
            if (name.startsWith(PLUGIN_VALUE_PREFIX)) {
                values.put(name.substring(PLUGIN_VALUE_PREFIX.length()),
                        properties.getProperty(name).getBytes(StandardCharsets.UTF_8));
            }
        }

        return new RegistryConfig(
                commandsDirectory(properties),
                properties.getProperty("hsm.plugins.errorCode", "86"),
                Duration.ofMillis(number(properties, "hsm.plugins.callTimeoutMillis", 2000)),
                number(properties, "hsm.plugins.maxMemoryPages", 256),
                number(properties, "hsm.plugins.maxIdleInstances", 64),
                number(properties, "hsm.plugins.maxReplyLength", 32000),
                values,
                Boolean.parseBoolean(properties.getProperty("hsm.log.mdc", "false")));
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

    private static int number(Properties properties, String name, int fallback) {
        var value = properties.getProperty(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " is not a number: " + value, e);
        }
    }
}
