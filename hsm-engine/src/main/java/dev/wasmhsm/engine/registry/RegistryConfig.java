package dev.wasmhsm.engine.registry;

import dev.wasmhsm.protocol.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The plugin registry's settings, read once from system properties at start.
 *
 * @param commandsDirectory where the {@code XX.wasm} command plugins live.
 * @param errorCode the error code replied to an unknown command or a failing plugin.
 * @param drainTimeout how long a replaced plugin version waits for its calls in flight before it is released.
 * @param watch whether the commands directory is watched and reloaded when a file changes.
 * @param watchQuiet how long a change must stay still before the watcher reloads.
 * @param trustFile the operator's trust file ({@link PluginTrust}), or null for none.
 * @param signingKey the pinned Ed25519 public key of signed modules ({@link ModuleSignature}), or null for none.
 */
public record RegistryConfig(Path commandsDirectory, String errorCode, Duration drainTimeout, boolean watch,
        Duration watchQuiet, Path trustFile, Path signingKey) {
    /** The system property naming the commands directory. */
    public static final String COMMANDS_DIR = "hsm.commands.dir";

    /** The registry's settings among the {@code hsm.plugins.*} properties, by their name after the prefix. */
    public static final Set<String> SETTINGS = Set.of("errorCode", "drainTimeoutMillis", "watch",
            "watchQuietMillis", "trustFile", "signingKey", "reloadBurst", "reloadsPerMinute");

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
    }

    /**
     * Reads the settings from properties, normally the system properties: {@code hsm.commands.dir},
     * {@code hsm.plugins.errorCode}, {@code hsm.plugins.drainTimeoutMillis}, {@code hsm.plugins.watch},
     * {@code hsm.plugins.watchQuietMillis} and {@code hsm.plugins.trustFile} (defaults in docs/operations.md).
     *
     * @param properties the properties.
     * @return the settings.
     * @throws IllegalArgumentException when a setting is malformed.
     */
    public static RegistryConfig from(Properties properties) {
        return new RegistryConfig(
                commandsDirectory(properties),
                properties.getProperty("hsm.plugins.errorCode", ErrorCode.UNKNOWN_COMMAND.code()),
                Duration.ofMillis(number(properties, "hsm.plugins.drainTimeoutMillis", 5000)),
                flag(properties, "hsm.plugins.watch"),
                Duration.ofMillis(number(properties, "hsm.plugins.watchQuietMillis", 1000)),
                path(properties, PluginTrust.TRUST_FILE), path(properties, "hsm.plugins.signingKey"));
    }

    private static Path path(Properties properties, String name) {
        var file = properties.getProperty(name);

        return file == null || file.isBlank() ? null : Path.of(file.strip());
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

    private static boolean flag(Properties properties, String name) {
        var value = properties.getProperty(name, "false").strip();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + " must be true or false, was " + value);
        }

        return value.equals("true");
    }
}
