package dev.wasmhsm.loadclient;

/**
 * When the measured phase starts and ends, shared by all connections of a run.
 *
 * @param measureStartNanos the {@link System#nanoTime()} at which warm-up ends and measuring starts.
 * @param endNanos the {@link System#nanoTime()} at which the run ends, or {@link Long#MAX_VALUE} when it ends
 *     after a number of requests.
 * @param requestsPerConnection the measured requests each connection sends, or 0 when the run ends at a time.
 */
public record RunSchedule(long measureStartNanos, long endNanos, long requestsPerConnection) {
    /**
     * Whether a connection that has completed the given number of measured requests at the given time is done.
     *
     * @param nowNanos the current {@link System#nanoTime()}.
     * @param measuredRequests the measured requests completed so far.
     * @return true when the connection should stop.
     */
    public boolean isOver(long nowNanos, long measuredRequests) {
        if (requestsPerConnection > 0) {
            return measuredRequests >= requestsPerConnection;
        }

        return nowNanos >= endNanos;
    }

    /**
     * Whether a request that started and finished at the given times belongs to the measured phase.
     *
     * @param startedNanos when the request was sent.
     * @param finishedNanos when its reply was read.
     * @return true when it is measured.
     */
    public boolean measures(long startedNanos, long finishedNanos) {
        return startedNanos >= measureStartNanos && finishedNanos <= endNanos;
    }
}
