package dev.wasmhsm.engine.runtime;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one plugin version's calls and a latency histogram for its percentiles.
 *
 * <p>The histogram has eight buckets per power of two of nanoseconds, so a percentile is exact to within 12.5%;
 * recording is two counter increments and no lock. It is windowed: percentiles cover the current minute and the
 * one before it, so a past incident stops showing after two minutes (counts and the mean cover the version's life).
 */
public final class CallStats {
    private static final int SUB_BUCKET_BITS = 3;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = 64 * SUB_BUCKETS;
    private static final long WINDOW_NANOS = 60_000_000_000L;

    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private volatile Window current = new Window(System.nanoTime());
    private volatile Window previous = new Window(System.nanoTime());

    /** One minute's histogram. */
    private record Window(long start, AtomicLongArray histogram) {
        Window(long start) {
            this(start, new AtomicLongArray(BUCKETS));
        }
    }

    /** How a call ended. */
    enum Outcome {
        /** The plugin answered. */
        OK,
        /** The plugin failed: a trap, a bad reply, no instance free. */
        ERROR,
        /** The call ran past its deadline. */
        TIMEOUT
    }

    /**
     * Records one call.
     *
     * @param nanos how long it took.
     * @param outcome how it ended.
     */
    void record(long nanos, Outcome outcome) {
        calls.increment();
        totalNanos.add(nanos);
        window().histogram().incrementAndGet(bucket(Math.max(0, nanos)));
        if (outcome != Outcome.OK) {
            errors.increment();
        }
        if (outcome == Outcome.TIMEOUT) {
            timeouts.increment();
        }
    }

    /** @return the calls so far. */
    public long calls() {
        return calls.sum();
    }

    /** @return the calls that failed, timeouts included. */
    public long errors() {
        return errors.sum();
    }

    /** @return the calls stopped at their deadline. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** @return the mean latency in microseconds, or 0 before the first call. */
    public double meanMicros() {
        long count = calls.sum();

        return count == 0 ? 0 : totalNanos.sum() / 1000.0 / count;
    }

    /**
     * Returns a latency percentile in microseconds, the middle of the histogram bucket it falls in.
     *
     * @param percentile between 0 and 100.
     * @return the latency, or 0 before the first call.
     */
    public double percentileMicros(double percentile) {
        var now = window();
        var before = previous;
        long total = 0;
        var counts = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = now.histogram().get(i) + before.histogram().get(i);
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return (lowerBound(i) + lowerBound(i + 1)) / 2000.0;
            }
        }

        return lowerBound(BUCKETS) / 1000.0;
    }

    /** Returns the current minute's window, moving on when the minute is over (a call may race and count late). */
    private Window window() {
        var now = current;
        long time = System.nanoTime();
        if (time - now.start() < WINDOW_NANOS) {
            return now;
        }
        synchronized (this) {
            if (current == now) {
                // Two minutes of silence leave nothing worth keeping in the previous window either.
                previous = time - now.start() < 2 * WINDOW_NANOS ? now : new Window(time);
                current = new Window(time);
            }

            return current;
        }
    }

    static int bucket(long nanos) {
        if (nanos < SUB_BUCKETS) {
            return (int) nanos;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int mantissa = (int) (nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);

        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + mantissa;
    }

    static double lowerBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int exponent = bucket / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        int mantissa = bucket % SUB_BUCKETS;

        return Math.scalb(1.0 + mantissa / (double) SUB_BUCKETS, exponent);
    }
}
