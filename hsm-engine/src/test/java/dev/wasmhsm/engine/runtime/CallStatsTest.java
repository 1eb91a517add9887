package dev.wasmhsm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallStatsTest {
    @Test
    void countsCallsErrorsAndTimeouts() {
        var stats = new CallStats();

        stats.record(1000, CallStats.Outcome.OK);
        stats.record(3000, CallStats.Outcome.ERROR);
        stats.record(5000, CallStats.Outcome.TIMEOUT);

        assertEquals(3, stats.calls());
        assertEquals(2, stats.errors());
        assertEquals(1, stats.timeouts());
        assertEquals(3.0, stats.meanMicros(), 1e-9);
    }

    @Test
    void percentilesAreWithinOneBucket() {
        var stats = new CallStats();
        for (int i = 1; i <= 1000; i++) {
            stats.record(i * 1000L, CallStats.Outcome.OK);
        }

        assertWithin(500, stats.percentileMicros(50));
        assertWithin(990, stats.percentileMicros(99));
        assertWithin(1000, stats.percentileMicros(100));
        assertEquals(0, new CallStats().percentileMicros(99));
    }

    @Test
    void bucketsAreContiguousAndOrdered() {
        for (long nanos : new long[] {0, 1, 7, 8, 9, 15, 16, 17, 1000, 123_456_789, 1L << 40}) {
            int bucket = CallStats.bucket(nanos);
            assertTrue(CallStats.lowerBound(bucket) <= nanos, nanos + " below bucket " + bucket);
            assertTrue(CallStats.lowerBound(bucket + 1) > nanos, nanos + " above bucket " + bucket);
        }
    }

    private static void assertWithin(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.125, "expected about " + expected + ", was " + actual);
    }
}
