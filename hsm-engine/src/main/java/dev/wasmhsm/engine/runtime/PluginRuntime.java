package dev.wasmhsm.engine.runtime;

import dev.wasmhsm.engine.abi.HostLinker;

/**
 * What every plugin version shares at run time: the call watchdog, the limits of each command, and the host
 * functions plugins link against.
 *
 * @param watchdog interrupts calls that run past their deadline.
 * @param limits the limits of each command.
 * @param host links a plugin's imports to the host functions.
 */
public record PluginRuntime(CallWatchdog watchdog, CommandLimits limits, HostLinker host) {
    /**
     * Returns a runtime for tests and tools: a new watchdog, not started, and the same limits for every command.
     *
     * @param limits the limits.
     * @param host the host functions.
     * @return the runtime.
     */
    public static PluginRuntime of(PluginLimits limits, HostLinker host) {
        return new PluginRuntime(new CallWatchdog(), CommandLimits.of(limits), host);
    }
}
