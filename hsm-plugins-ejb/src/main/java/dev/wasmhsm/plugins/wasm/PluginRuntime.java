package dev.wasmhsm.plugins.wasm;

import java.util.Map;
import java.util.function.Function;

/**
 * What every plugin shares at run time: the configuration values it may read, the call watchdog, and the limits
 * of each command.
 *
 * @param pluginValues the values behind the {@code hsm.config} import.
 * @param watchdog interrupts calls that run past their deadline.
 * @param limits the limits of a command, by command code.
 */
public record PluginRuntime(Map<String, byte[]> pluginValues, CallWatchdog watchdog,
        Function<String, PluginLimits> limits) {
    /**
     * Returns a runtime for tests and tools: the given values and the same limits for every command.
     *
     * @param values the plugin configuration values.
     * @param limits the limits.
     * @return the runtime; its watchdog is not started.
     */
    public static PluginRuntime of(Map<String, byte[]> values, PluginLimits limits) {
        return new PluginRuntime(Map.copyOf(values), new CallWatchdog(), command -> limits);
    }
}
