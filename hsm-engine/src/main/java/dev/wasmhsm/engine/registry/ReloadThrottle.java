package dev.wasmhsm.engine.registry;

import java.time.Duration;
import java.util.Properties;
import java.util.function.LongSupplier;

/**
 * Limits how often management operations may reload or unload plugins: a bucket of {@code burst} operations,
 * refilled at {@code perMinute}. A reload parses, checks and compiles modules, so a caller who loops on it would
 * otherwise spend the server's CPU on compiles and flood the audit log.
 */
public final class ReloadThrottle {
    /** The system property with the number of operations allowed at once. */
    public static final String BURST = "hsm.plugins.reloadBurst";

    /** The system property with the sustained number of operations a minute. */
    public static final String PER_MINUTE = "hsm.plugins.reloadsPerMinute";

    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private final int burst;
    private final int perMinute;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    /**
     * Creates a throttle.
     *
     * @param burst the operations allowed at once, at least 1.
     * @param perMinute the operations a minute once the burst is spent, at least 1.
     * @param nanoClock a monotonic clock in nanoseconds.
     * @throws IllegalArgumentException when a number is below 1.
     */
    public ReloadThrottle(int burst, int perMinute, LongSupplier nanoClock) {
        if (burst < 1 || perMinute < 1) {
            throw new IllegalArgumentException("reload burst and reloads per minute must be at least 1, were "
                    + burst + " and " + perMinute);
        }
        this.burst = burst;
        this.perMinute = perMinute;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /**
     * Reads the settings ({@value #BURST}, default 10; {@value #PER_MINUTE}, default 30).
     *
     * @param properties the properties, normally the system properties.
     * @return the throttle.
     * @throws IllegalArgumentException when a setting is not a number of at least 1.
     */
    public static ReloadThrottle from(Properties properties) {
        return new ReloadThrottle(number(properties, BURST, 10), number(properties, PER_MINUTE, 30),
                System::nanoTime);
    }

    /**
     * Takes one operation from the bucket.
     *
     * @return null when the operation may run, else the reason it may not, with when to try again.
     */
    public synchronized String acquire() {
        var now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (double) (now - last) * perMinute / NANOS_PER_MINUTE);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;

            return null;
        }
        var waitMillis = (long) Math.ceil((1 - tokens) * NANOS_PER_MINUTE / perMinute / 1_000_000);

        return "refused: more than " + burst + " reloads at once or " + perMinute + " a minute (" + BURST + ", "
                + PER_MINUTE + "); try again in " + waitMillis + " ms";
    }

    private static int number(Properties properties, String name, int fallback) {
        var value = properties.getProperty(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + name + " is not a number: " + value, e);
        }
    }
}
