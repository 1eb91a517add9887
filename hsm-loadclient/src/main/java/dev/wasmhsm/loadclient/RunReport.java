package dev.wasmhsm.loadclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one run and the lines that print them.
 *
 * @param options the run's settings.
 * @param requests the measured requests that got a correct reply.
 * @param errorCounts errors by kind, indexed by {@link RequestOutcome#ordinal()}, warm-up included.
 * @param measuredNanos how long the measured phase lasted.
 * @param histogram the latencies of the measured requests.
 * @param stoppedConnections connections that stopped early after too many errors in a row.
 * @param idle what became of the idle connections, or null when none were asked for.
 */
public record RunReport(
        LoadOptions options,
        long requests,
        long[] errorCounts,
        long measuredNanos,
        LatencyHistogram histogram,
        int stoppedConnections,
        IdleSummary idle) {
    /**
     * Copies the error counts so the report cannot change.
     */
    public RunReport {
        errorCounts = errorCounts.clone();
    }

    /**
     * What became of the idle connections.
     *
     * @param requested how many were asked for.
     * @param established how many were opened.
     * @param stillOpen how many the server had not closed after the load.
     * @param note why fewer were opened, or null.
     */
    public record IdleSummary(int requested, int established, int stillOpen, String note) {
    }

    /**
     * Errors by kind, indexed by {@link RequestOutcome#ordinal()}.
     *
     * @return a copy of the counts.
     */
    @Override
    public long[] errorCounts() {
        return errorCounts.clone();
    }

    /**
     * All errors of the run, of every kind.
     *
     * @return the error count.
     */
    public long totalErrors() {
        var total = 0L;
        for (var count : errorCounts) {
            total += count;
        }

        return total;
    }

    /**
     * Measured requests per second.
     *
     * @return the rate, or 0 when nothing was measured.
     */
    public double requestsPerSecond() {
        return measuredNanos <= 0 ? 0 : requests * 1e9 / measuredNanos;
    }

    /**
     * The lines to print: a summary, a key=value line for tables, then errors and idle connections if any.
     *
     * @return the lines.
     */
    public List<String> lines() {
        var lines = new ArrayList<String>();
        lines.add(summaryLine());
        lines.add(resultLine());
        if (totalErrors() > 0) {
            lines.add(errorLine());
        }
        if (idle != null) {
            lines.add(idleLine());
        }

        return lines;
    }

    /**
     * One line a person reads.
     *
     * @return the summary.
     */
    public String summaryLine() {
        return String.format(Locale.ROOT,
                "summary: %s %s:%d, %d connections%s, %.2f s measured: %d requests, %d errors, %.0f req/s,"
                        + " latency us p50 %.1f p99 %.1f p99.9 %.1f max %.1f",
                options.command(), options.host(), options.port(), options.connections(), options.rate() == 0 ? ""
                        : ", open loop at " + options.rate() + " req/s (latency from when each request was due)",
                measuredNanos / 1e9,
                requests, totalErrors(), requestsPerSecond(), micros(histogram.valueAtPercentile(50)),
                micros(histogram.valueAtPercentile(99)), micros(histogram.valueAtPercentile(99.9)),
                micros(histogram.max()));
    }

    /**
     * One line of key=value pairs for scripts and tables; latencies in microseconds.
     *
     * @return the result line.
     */
    public String resultLine() {
        return String.format(Locale.ROOT,
                "result: connections=%d requests=%d errors=%d rps=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f"
                        + " max_us=%.1f idle=%d",
                options.connections(), requests, totalErrors(), requestsPerSecond(),
                micros(histogram.valueAtPercentile(50)), micros(histogram.valueAtPercentile(99)),
                micros(histogram.valueAtPercentile(99.9)), micros(histogram.max()),
                idle == null ? 0 : idle.established());
    }

    private String errorLine() {
        var text = new StringBuilder("errors:");
        for (var outcome : RequestOutcome.values()) {
            if (errorCounts[outcome.ordinal()] > 0) {
                text.append(' ').append(outcome.description()).append('=').append(errorCounts[outcome.ordinal()]);
            }
        }
        if (stoppedConnections > 0) {
            text.append("; connections stopped after ").append(ConnectionWorker.MAX_ERRORS_IN_A_ROW)
                    .append(" errors in a row: ").append(stoppedConnections);
        }

        return text.toString();
    }

    private String idleLine() {
        var text = String.format(Locale.ROOT, "idle: requested %d, established %d, still open after the load %d",
                idle.requested(), idle.established(), idle.stillOpen());

        return idle.note() == null ? text : text + " (" + idle.note() + ")";
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }
}
