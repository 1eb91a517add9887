package dev.wasmhsm.engine;

import dev.wasmhsm.engine.host.CryptoConfig;
import dev.wasmhsm.engine.host.HostConfig;
import dev.wasmhsm.engine.log.LogSettings;
import dev.wasmhsm.engine.metrics.MetricsAccess;
import dev.wasmhsm.engine.registry.RegistryConfig;
import dev.wasmhsm.engine.runtime.CommandLimits;
import dev.wasmhsm.engine.runtime.PluginLimits;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's settings, one typed object per component, read and validated once at start.
 *
 * @param registry the commands directory, the error code, the drain and the directory watcher.
 * @param limits the limits every plugin runs under, and those of the commands that have their own.
 * @param host the plugin configuration values and the cryptographic settings.
 * @param log where and how the HSM's log lines go.
 */
public record EngineConfig(RegistryConfig registry, CommandLimits limits, HostConfig host, LogSettings log) {
    private static final String PLUGINS_PREFIX = "hsm.plugins.";
    /** The settings that stand alone, outside the families below. */
    private static final Set<String> SINGLE_SETTINGS = Set.of("hsm.commands.dir", "hsm.lmk.file", "hsm.lmk.checkValue",
            "hsm.lmk.default", "hsm.lmk.variant", "hsm.crypto.fixedRandom", "hsm.health.requiredCommands");
    /** The families of settings, each checked by the component that reads it. */
    private static final List<String> FAMILIES = List.of(PLUGINS_PREFIX, "hsm.log.", "hsm.security.",
            "hsm.listener.", "hsm.config.");

    /**
     * Reads the settings from properties, normally the system properties (all of them, with their defaults, in
     * docs/operations.md): those of {@link RegistryConfig#from}, {@link CommandLimits#from} and
     * {@link HostConfig#from}, and {@link LogSettings#from}.
     *
     * @param properties the properties.
     * @return the settings.
     * @throws IllegalArgumentException when a setting is malformed, or a {@code hsm.plugins.*} property is none.
     */
    public static EngineConfig from(Properties properties) {
        for (var name : properties.stringPropertyNames()) {
            if (name.startsWith("hsm.") && !SINGLE_SETTINGS.contains(name) && !CryptoConfig.isSlotFile(name)
                    && !MetricsAccess.SETTINGS.contains(name)
                    && FAMILIES.stream().noneMatch(name::startsWith)) {
                throw new IllegalArgumentException("system property " + name + " is not a setting: the settings are "
                        + new TreeSet<>(SINGLE_SETTINGS) + ", " + new TreeSet<>(MetricsAccess.SETTINGS)
                        + ", hsm.lmk.<nn>.file and the families " + FAMILIES.stream().map(f -> f + "*").toList()
                        + " (docs/operations.md)");
            }
            var setting = name.startsWith(PLUGINS_PREFIX) ? name.substring(PLUGINS_PREFIX.length()) : null;
            if (setting != null && !RegistryConfig.SETTINGS.contains(setting) && !CommandLimits.isLimit(setting)) {
                throw new IllegalArgumentException("system property " + name + " is not a setting: the settings are "
                        + new TreeSet<>(RegistryConfig.SETTINGS) + ", the limits " + new TreeSet<>(PluginLimits.NAMES)
                        + " and hsm.plugins.<command>.<limit>");
            }
        }

        return new EngineConfig(RegistryConfig.from(properties), CommandLimits.from(properties),
                HostConfig.from(properties), LogSettings.from(properties));
    }
}
