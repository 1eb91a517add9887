package dev.wasmhsm.engine.runtime;

import dev.wasmhsm.protocol.Framing;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The limits one plugin runs under.
 *
 * @param callTimeout how long one call may run before the watchdog stops it.
 * @param maxMemoryPages the most 64 KiB pages an instance's memory may grow to; past it the guest's
 *     {@code memory.grow} fails.
 * @param recycleMemoryPages an instance whose memory grew past this many pages is dropped after its call.
 * @param maxInstances the most instances of one plugin version, busy or idle.
 * @param instanceWait how long a call waits for an instance when all are busy before it gets the error reply.
 * @param maxReplyLength the longest reply accepted from the plugin.
 */
public record PluginLimits(Duration callTimeout, int maxMemoryPages, int recycleMemoryPages, int maxInstances,
        Duration instanceWait, int maxReplyLength) {
    private static final Duration MAX_DURATION = Duration.ofHours(1);

    /** The defaults: 250 ms, 16 MiB, 2 MiB, 64 instances, 500 ms wait, 32,000-byte replies. */
    public static final PluginLimits DEFAULTS = new PluginLimits(Duration.ofMillis(250), 256, 32, 64,
            Duration.ofMillis(500), 32000);

    /** The names of the limits, as in {@code hsm.plugins.<name>}. */
    public static final Set<String> NAMES = Set.of("callTimeoutMillis", "maxMemoryPages",
            "recycleMemoryPages", "maxInstances", "instanceWaitMillis", "maxReplyLength");

    private static final String PREFIX = "hsm.plugins.";

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when a limit is out of range.
     */
    public PluginLimits {
        if (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("call timeout must be positive and at most one hour");
        }
        if (instanceWait.isNegative() || instanceWait.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("instance wait must be between zero and one hour");
        }
        if (maxMemoryPages < 1 || maxMemoryPages > 65536) {
            throw new IllegalArgumentException("max memory pages must be between 1 and 65536, was " + maxMemoryPages);
        }
        if (recycleMemoryPages < 1) {
            throw new IllegalArgumentException("recycle memory pages must be positive, was " + recycleMemoryPages);
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException("max instances must be positive, was " + maxInstances);
        }
        if (maxReplyLength < 4 || maxReplyLength > Framing.MAX_REPLY_LENGTH) {
            throw new IllegalArgumentException("max reply length must be between 4 and " + Framing.MAX_REPLY_LENGTH
                    + ", was " + maxReplyLength);
        }
    }

    /**
     * Reads limits from properties: the server-wide {@code hsm.plugins.<name>} when the command is null, else
     * one command's {@code hsm.plugins.<command>.<name>}; a limit not set keeps the given default. Names: {@code callTimeoutMillis}, {@code maxMemoryPages},
     * {@code recycleMemoryPages}, {@code maxInstances}, {@code instanceWaitMillis}, {@code maxReplyLength}.
     *
     * @param properties the properties, normally the system properties.
     * @param command the command code, or null for the server-wide limits.
     * @param defaults the limits where no property is set: the built-in ones, or the server-wide ones for a command.
     * @return the limits.
     */
    public static PluginLimits from(Properties properties, String command, PluginLimits defaults) {
        return new PluginLimits(
                Duration.ofMillis(number(properties, command, "callTimeoutMillis", defaults.callTimeout().toMillis())),
                integer(properties, command, "maxMemoryPages", defaults.maxMemoryPages()),
                integer(properties, command, "recycleMemoryPages", defaults.recycleMemoryPages()),
                integer(properties, command, "maxInstances", defaults.maxInstances()),
                Duration.ofMillis(number(properties, command, "instanceWaitMillis", defaults.instanceWait().toMillis())),
                integer(properties, command, "maxReplyLength", defaults.maxReplyLength()));
    }

    private static int integer(Properties properties, String command, String name, int fallback) {
        long value = number(properties, command, name, fallback);
        if (value != (int) value) {
            throw new IllegalArgumentException("system property " + PREFIX + (command == null ? "" : command + ".")
                    + name + " is out of range: " + value);
        }

        return (int) value;
    }

    private static long number(Properties properties, String command, String name, long fallback) {
        var key = PREFIX + (command == null ? "" : command + ".") + name;
        var value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + key + " is not a number: " + value, e);
        }
    }
}
