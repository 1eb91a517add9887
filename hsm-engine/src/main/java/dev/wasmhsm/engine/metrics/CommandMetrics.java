package dev.wasmhsm.engine.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Counts every request the registry answers, by command and reply error code, with a latency histogram per
 * command: counters that only grow, as Prometheus wants them, so a window is the scraper's choice
 * ({@code rate(hsm_request_duration_seconds_bucket[5m])}) and a past incident never dominates a current figure.
 *
 * <p>Label values are bounded: a command is named only while a plugin serves it (any other code counts as
 * {@code unknown}), and an error code only when it is two digits or capital letters, so a client sending random
 * codes cannot grow the metrics without bound.
 */
public final class CommandMetrics {
    /** The histogram's upper bounds in seconds: 25 µs to 2.5 s. */
    static final double[] BOUNDS = {0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 1, 2.5};

    private static final String UNKNOWN = "unknown";
    private static final String DIGITS_AND_CAPITALS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final int CODES = DIGITS_AND_CAPITALS.length() * DIGITS_AND_CAPITALS.length();
    private static final int INVALID = CODES;
    private static final int NONE = CODES + 1;

    private final Map<String, Command> commands = new ConcurrentHashMap<>();
    private final Predicate<String> served;

    /** One command's counters. */
    private static final class Command {
        private final AtomicReferenceArray<LongAdder> byErrorCode = new AtomicReferenceArray<>(CODES + 2);
        private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
        private final LongAdder nanos = new LongAdder();

        Command() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    /**
     * Creates the metrics.
     *
     * @param served tells whether a plugin serves a command code now.
     */
    public CommandMetrics(Predicate<String> served) {
        this.served = served;
    }

    /**
     * Counts one answered request.
     *
     * @param code the command code, or null when the message had none.
     * @param reply the reply.
     * @param nanos the time it took.
     */
    public void record(String code, byte[] reply, long nanos) {
        var name = code != null && served.test(code) ? code : UNKNOWN;
        var command = commands.computeIfAbsent(name, ignored -> new Command());
        int error = errorCode(reply);
        var count = command.byErrorCode.get(error);
        if (count == null) {
            command.byErrorCode.compareAndSet(error, null, new LongAdder());
            count = command.byErrorCode.get(error);
        }
        count.increment();
        command.nanos.add(nanos);
        double seconds = nanos / 1e9;
        int bucket = 0;
        while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
            bucket++;
        }
        command.buckets[bucket].increment();
    }

    /** @return the engine time spent on every request so far, in nanoseconds. */
    public long totalNanos() {
        long total = 0;
        for (var command : commands.values()) {
            total += command.nanos.sum();
        }

        return total;
    }

    /**
     * Returns the requests answered for each named command (every error code), for the utilisation commands.
     *
     * @return the counts by command code, sorted; {@code unknown} codes are left out.
     */
    public Map<String, Long> volumes() {
        var volumes = new TreeMap<String, Long>();
        commands.forEach((name, command) -> {
            if (!UNKNOWN.equals(name)) {
                long count = 0;
                for (int i = 0; i < command.byErrorCode.length(); i++) {
                    var adder = command.byErrorCode.get(i);
                    count += adder == null ? 0 : adder.sum();
                }
                volumes.put(name, count);
            }
        });

        return volumes;
    }

    /**
     * Writes the request counters and histograms.
     *
     * @param out the text.
     */
    public void write(PrometheusText out) {
        var sorted = new TreeMap<>(commands);
        out.family("hsm_requests_total", "counter", "Host command requests answered, by command and the reply's"
                + " error code (00 is success).");
        sorted.forEach((name, command) -> {
            for (int i = 0; i < command.byErrorCode.length(); i++) {
                var count = command.byErrorCode.get(i);
                if (count != null) {
                    out.sample("hsm_requests_total", count.sum(), "command", name, "error_code", errorName(i));
                }
            }
        });
        out.family("hsm_request_duration_seconds", "histogram", "Time from a request reaching the engine to its"
                + " reply, by command.");
        sorted.forEach((name, command) -> {
            long cumulative = 0;
            for (int i = 0; i < BOUNDS.length; i++) {
                cumulative += command.buckets[i].sum();
                out.sample("hsm_request_duration_seconds_bucket", cumulative, "command", name, "le",
                        Double.toString(BOUNDS[i]));
            }
            cumulative += command.buckets[BOUNDS.length].sum();
            out.sample("hsm_request_duration_seconds_bucket", cumulative, "command", name, "le", "+Inf");
            out.sample("hsm_request_duration_seconds_sum", command.nanos.sum() / 1e9, "command", name);
            out.sample("hsm_request_duration_seconds_count", cumulative, "command", name);
        });
    }

    /** Returns the reply's error code as an index: two digits or capitals, or {@link #INVALID}, or {@link #NONE}. */
    private static int errorCode(byte[] reply) {
        if (reply.length < 4) {
            return NONE;
        }
        int first = DIGITS_AND_CAPITALS.indexOf(reply[2]);
        int second = DIGITS_AND_CAPITALS.indexOf(reply[3]);

        return first < 0 || second < 0 ? INVALID : first * DIGITS_AND_CAPITALS.length() + second;
    }

    private static String errorName(int index) {
        if (index == NONE) {
            return "none";
        }
        if (index == INVALID) {
            return "invalid";
        }
        int base = DIGITS_AND_CAPITALS.length();

        return "" + DIGITS_AND_CAPITALS.charAt(index / base) + DIGITS_AND_CAPITALS.charAt(index % base);
    }
}
