package dev.wasmhsm.engine.host;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of the host functions: the values plugins read through {@code hsm.config}, and the cryptographic
 * settings.
 *
 * @param pluginValues the configuration values by key.
 * @param crypto the LMK file and the random source.
 */
public record HostConfig(Map<String, byte[]> pluginValues, CryptoConfig crypto) {
    /** The prefix of system properties that become plugin configuration values. */
    public static final String PLUGIN_VALUE_PREFIX = "hsm.config.";

    /** The default firmware number reported by NC and NO. */
    public static final String DEFAULT_FIRMWARE = "0007-E000";

    /** The default serial number the health and utilisation commands report (config key {@code serial}). */
    public static final String DEFAULT_SERIAL = "WASMHSM00001";

    /**
     * Copies the values.
     *
     * @throws IllegalArgumentException when the cryptographic settings are missing.
     */
    public HostConfig {
        if (crypto == null) {
            throw new IllegalArgumentException("the cryptographic settings are required");
        }
        pluginValues = Map.copyOf(pluginValues);
    }

    /**
     * Reads the settings from properties: every {@code hsm.config.<key>} as a plugin value, over the default
     * {@code firmware}, and the cryptographic settings of {@link CryptoConfig#from}. The values the host sets itself
     * ({@link HostFunctions#isHostValue}, the LMK check value among them) cannot be set, nor the former
     * {@code hsm.config.authorised} flag: the authorised state is entered through management, for a bounded time.
     *
     * @param properties the properties, normally the system properties.
     * @return the settings.
     * @throws IllegalArgumentException when a cryptographic setting is malformed, or a value the host owns is set.
     */
    public static HostConfig from(Properties properties) {
        var values = defaultPluginValues();
        for (var name : properties.stringPropertyNames()) {
            if (!name.startsWith(PLUGIN_VALUE_PREFIX)) {
                continue;
            }
            var key = name.substring(PLUGIN_VALUE_PREFIX.length());
            if (HostFunctions.isHostValue(key)) {
                throw new IllegalArgumentException("system property " + name + " cannot be set: the host computes"
                        + " it (from the LMK or the security profile)");
            }
            if ("authorised".equals(key)) {
                throw new IllegalArgumentException("system property " + name + " is gone: enter the authorised"
                        + " state through JMX, for a bounded time (docs/operations.md, The authorised state)");
            }
            values.put(key, properties.getProperty(name).getBytes(StandardCharsets.UTF_8));
        }

        return new HostConfig(values, CryptoConfig.from(properties));
    }

    /**
     * Returns the configurable plugin values every server starts with: {@code firmware}.
     *
     * @return a new map, by key.
     */
    public static Map<String, byte[]> defaultPluginValues() {
        var values = new HashMap<String, byte[]>();
        values.put("firmware", DEFAULT_FIRMWARE.getBytes(StandardCharsets.US_ASCII));

        return values;
    }
}
