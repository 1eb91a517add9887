package dev.wasmhsm.plugins.wasm;

import java.time.Duration;
import java.util.Map;

/**
 * What every plugin shares at run time: its limits, the configuration values it may read and the call watchdog.
 *
 * @param maxMemoryPages the most 64 KiB pages an instance's memory may grow to.
 * @param maxIdleInstances the most idle instances kept per plugin.
 * @param maxReplyLength the longest reply accepted from a plugin.
 * @param pluginValues the values behind the {@code hsm.config} import.
 * @param watchdog interrupts calls that run past their deadline.
 */
public record PluginRuntime(
        int maxMemoryPages,
        int maxIdleInstances,
        int maxReplyLength,
        Map<String, byte[]> pluginValues,
        CallWatchdog watchdog) {
    /**
     * Returns a runtime for tests and tools: generous limits and the given values.
     *
     * @param values the plugin configuration values.
     * @param callTimeout the call deadline.
     * @return the runtime.
     */
    public static PluginRuntime withDefaults(Map<String, byte[]> values, Duration callTimeout) {
        return new PluginRuntime(256, 16, 32000, values, new CallWatchdog(callTimeout));
    }
}
