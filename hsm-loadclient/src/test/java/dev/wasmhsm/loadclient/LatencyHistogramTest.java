package dev.wasmhsm.loadclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void emptyHistogramReportsZeros() {
        var histogram = new LatencyHistogram();

        assertEquals(0, histogram.count());
        assertEquals(0, histogram.valueAtPercentile(50));
        assertEquals(0, histogram.max());
        assertEquals(0, histogram.min());
    }

    @Test
    void valuesBelow128AreExact() {
        var histogram = new LatencyHistogram();
        for (var v = 1; v <= 100; v++) {
            histogram.record(v);
        }

        assertEquals(50, histogram.valueAtPercentile(50));
        assertEquals(99, histogram.valueAtPercentile(99));
        assertEquals(100, histogram.valueAtPercentile(100));
        assertEquals(1, histogram.valueAtPercentile(0));
    }

    @Test
    void percentilesOfUniformMicrosecondsAreWithinOneBucket() {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100_000; micros++) {
            histogram.record(micros * 1000L);
        }

        assertClose(50_000_000, histogram.valueAtPercentile(50));
        assertClose(99_000_000, histogram.valueAtPercentile(99));
        assertClose(99_900_000, histogram.valueAtPercentile(99.9));
        assertEquals(100_000_000, histogram.valueAtPercentile(100));
        assertEquals(100_000_000, histogram.max());
        assertEquals(1000, histogram.min());
        assertEquals(100_000, histogram.count());
    }

    @Test
    void oneSlowRequestShowsInP999AndMaxOnly() {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++) {
            histogram.record(30_000);
        }
        histogram.record(5_000_000);

        assertClose(30_000, histogram.valueAtPercentile(50));
        assertClose(30_000, histogram.valueAtPercentile(99));
        assertClose(30_000, histogram.valueAtPercentile(99.9));
        assertEquals(5_000_000, histogram.valueAtPercentile(99.95));
        assertEquals(5_000_000, histogram.max());
    }

    @Test
    void mergedHistogramsMatchOneHistogramOfAllValues() {
        var all = new LatencyHistogram();
        var odd = new LatencyHistogram();
        var even = new LatencyHistogram();
        for (var v = 1L; v <= 50_000; v++) {
            var value = v * 37;
            all.record(value);
            (v % 2 == 0 ? even : odd).record(value);
        }
        var merged = new LatencyHistogram();
        merged.add(odd);
        merged.add(even);

        assertEquals(all.count(), merged.count());
        assertEquals(all.max(), merged.max());
        assertEquals(all.min(), merged.min());
        for (var p : new double[] {0, 10, 50, 90, 99, 99.9, 99.99, 100}) {
            assertEquals(all.valueAtPercentile(p), merged.valueAtPercentile(p), "p" + p);
        }
    }

    @Test
    void bucketsAreContiguousAndNarrow() {
        var previous = -1;
        for (var v = 0L; v < 3_000_000; v++) {
            var index = LatencyHistogram.indexOf(v);
            assertTrue(index == previous || index == previous + 1, "index jumps at " + v);
            assertTrue(LatencyHistogram.lowestValueIn(index) <= v && v <= LatencyHistogram.highestValueIn(index));
            previous = index;
        }
        for (var v = 1L << 20; v < 1L << 40; v = v * 3 + 1) {
            var index = LatencyHistogram.indexOf(v);
            var width = LatencyHistogram.highestValueIn(index) - LatencyHistogram.lowestValueIn(index) + 1;
            assertTrue(width * 128 <= v, "bucket too wide at " + v);
        }
    }

    @Test
    void hugeAndNegativeValuesAreKeptInRange() {
        var histogram = new LatencyHistogram();
        histogram.record(-5);
        histogram.record(Long.MAX_VALUE);

        assertEquals(0, histogram.valueAtPercentile(50));
        assertEquals(Long.MAX_VALUE, histogram.max());
        assertEquals(0, histogram.min());
        assertTrue(histogram.valueAtPercentile(100) > 1L << 40);
    }

    private static void assertClose(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected + expected / 128 + 1,
                () -> "expected about " + expected + " but was " + actual);
    }
}
