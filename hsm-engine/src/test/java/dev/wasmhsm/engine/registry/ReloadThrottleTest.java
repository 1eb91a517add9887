package dev.wasmhsm.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReloadThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void theBurstPassesThenTheNextIsRefusedWithWhenToRetry() {
        var throttle = new ReloadThrottle(3, 60, now::get);
        for (int i = 0; i < 3; i++) {
            assertNull(throttle.acquire());
        }
        var refusal = throttle.acquire();
        assertNotNull(refusal);
        assertTrue(refusal.startsWith("refused: more than 3 reloads at once or 60 a minute"), refusal);
        assertTrue(refusal.endsWith("try again in 1000 ms"), refusal);
    }

    @Test
    void theBucketRefillsAtTheSustainedRateAndNoHigherThanTheBurst() {
        var throttle = new ReloadThrottle(2, 60, now::get);
        assertNull(throttle.acquire());
        assertNull(throttle.acquire());
        assertNotNull(throttle.acquire());
        now.addAndGet(Duration.ofMillis(1000).toNanos());
        assertNull(throttle.acquire());
        assertNotNull(throttle.acquire());
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertNull(throttle.acquire());
        assertNull(throttle.acquire());
        assertNotNull(throttle.acquire(), "an hour's rest refills no more than the burst");
    }

    @Test
    void aRefusedCallSpendsNothing() {
        var throttle = new ReloadThrottle(1, 60, now::get);
        assertNull(throttle.acquire());
        for (int i = 0; i < 100; i++) {
            assertNotNull(throttle.acquire());
        }
        now.addAndGet(Duration.ofMillis(1000).toNanos());
        assertNull(throttle.acquire(), "refusals do not push the next permit further away");
    }

    @Test
    void settingsComeFromPropertiesAndMustBePositive() {
        var properties = new Properties();
        properties.setProperty(ReloadThrottle.BURST, "1");
        var throttle = ReloadThrottle.from(properties);
        assertNull(throttle.acquire());
        assertNotNull(throttle.acquire());
        properties.setProperty(ReloadThrottle.PER_MINUTE, "0");
        var zero = assertThrows(IllegalArgumentException.class, () -> ReloadThrottle.from(properties));
        assertEquals("reload burst and reloads per minute must be at least 1, were 1 and 0", zero.getMessage());
        properties.setProperty(ReloadThrottle.PER_MINUTE, "many");
        assertThrows(IllegalArgumentException.class, () -> ReloadThrottle.from(properties));
    }
}
