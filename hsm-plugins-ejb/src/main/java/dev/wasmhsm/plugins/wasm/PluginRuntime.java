package dev.wasmhsm.plugins.wasm;

import dev.wasmhsm.plugins.host.CryptoContext;
import java.util.Map;
import java.util.function.Function;

/**
 * What every plugin shares at run time: the configuration values it may read, the call watchdog, the limits
 * of each command, and the LMK set and random source behind the cryptographic host functions.
 *
 * @param pluginValues the values behind the {@code hsm.config} import.
 * @param watchdog interrupts calls that run past their deadline.
 * @param limits the limits of a command, by command code.
 * @param crypto the LMK set and random source.
 */
public record PluginRuntime(Map<String, byte[]> pluginValues, CallWatchdog watchdog,
        Function<String, PluginLimits> limits, CryptoContext crypto) {
    /**
     * Returns a runtime for tests and tools: the given values, the same limits for every command, the standard
     * Thales test LMK and a {@code SecureRandom}.
     *
     * @param values the plugin configuration values.
     * @param limits the limits.
     * @return the runtime; its watchdog is not started.
     */
    public static PluginRuntime of(Map<String, byte[]> values, PluginLimits limits) {
        return of(values, limits, CryptoContext.testDefaults());
    }

    /**
     * Returns a runtime for tests and tools with a given cryptographic context.
     *
     * @param values the plugin configuration values.
     * @param limits the limits.
     * @param crypto the LMK set and random source.
     * @return the runtime; its watchdog is not started.
     */
    public static PluginRuntime of(Map<String, byte[]> values, PluginLimits limits, CryptoContext crypto) {
        return new PluginRuntime(Map.copyOf(values), new CallWatchdog(), command -> limits, crypto);
    }
}
