package dev.wasmhsm.loadclient;

/**
 * A fixed-size log-linear histogram of latencies in nanoseconds, in the manner of HdrHistogram but small.
 *
 * <p>Values below 128 get one bucket each; above that, each power-of-two range is split into 128 equal
 * buckets, so a bucket is never wider than 1/128 (0.8%) of its values. Values up to about 2^40 ns (18 minutes)
 * are kept apart; larger ones share the top bucket. Recording never allocates. An instance is meant for one
 * thread; instances from several threads are combined with {@link #add(LatencyHistogram)} after they stop.
 */
public final class LatencyHistogram {
    private static final int SUB_BUCKET_BITS = 7;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_EXPONENT = 40;
    private static final long MAX_TRACKED = (1L << (MAX_EXPONENT + 1)) - 1;
    private static final int BUCKETS = indexOf(MAX_TRACKED) + 1;
    private static final double RANK_TOLERANCE = 1e-12;

    private final long[] counts = new long[BUCKETS];
    private long totalCount;
    private long maxValue;
    private long minValue = Long.MAX_VALUE;

    /**
     * Records one value.
     *
     * @param nanos the latency in nanoseconds; negative values count as 0.
     */
    public void record(long nanos) {
        var value = Math.max(0, nanos);
        counts[indexOf(Math.min(value, MAX_TRACKED))]++;
        totalCount++;
        if (value > maxValue) {
            maxValue = value;
        }
        if (value < minValue) {
            minValue = value;
        }
    }

    /**
     * Adds another histogram's values to this one.
     *
     * @param other the histogram to add, left unchanged.
     */
    public void add(LatencyHistogram other) {
        for (var i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        totalCount += other.totalCount;
        maxValue = Math.max(maxValue, other.maxValue);
        minValue = Math.min(minValue, other.minValue);
    }

    /**
     * How many values were recorded.
     *
     * @return the count.
     */
    public long count() {
        return totalCount;
    }

    /**
     * The largest value recorded, exactly.
     *
     * @return the largest value, or 0 when empty.
     */
    public long max() {
        return maxValue;
    }

    /**
     * The smallest value recorded, exactly.
     *
     * @return the smallest value, or 0 when empty.
     */
    public long min() {
        return totalCount == 0 ? 0 : minValue;
    }

    /**
     * The value at or below which the given share of the recorded values lies.
     *
     * <p>The answer is the highest value of the bucket that holds the value of that rank, capped by the
     * largest value recorded, so it is at most 0.8% above the true percentile and never below it.
     *
     * @param percentile from 0 to 100.
     * @return the value, or 0 when empty.
     */
    public long valueAtPercentile(double percentile) {
        if (totalCount == 0) {
            return 0;
        }
        var share = Math.min(100.0, Math.max(0.0, percentile)) / 100.0;
        var exactRank = share * totalCount;
        var rank = Math.max(1, (long) Math.ceil(exactRank - exactRank * RANK_TOLERANCE));
        var seen = 0L;
        for (var i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestValueIn(i), maxValue);
            }
        }

        return maxValue;
    }

    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        var exponent = 63 - Long.numberOfLeadingZeros(value);
        var shift = exponent - SUB_BUCKET_BITS;

        return shift * SUB_BUCKETS + (int) (value >>> shift);
    }

    static long lowestValueIn(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        var shift = index / SUB_BUCKETS - 1;
        var mantissa = (long) (index - shift * SUB_BUCKETS);

        return mantissa << shift;
    }

    static long highestValueIn(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        var shift = index / SUB_BUCKETS - 1;

        return lowestValueIn(index) + (1L << shift) - 1;
    }
}
