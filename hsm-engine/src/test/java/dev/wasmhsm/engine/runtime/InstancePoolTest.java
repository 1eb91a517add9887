package dev.wasmhsm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.abi.PluginException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InstancePoolTest {
    private final AtomicInteger built = new AtomicInteger();

    @Test
    void instancesAreBuiltOnDemandAndReused() throws PluginException {
        var pool = pool(4);

        var first = pool.take(0);
        pool.giveBack(first);
        var again = pool.take(0);

        assertSame(first, again);
        assertEquals(1, built.get());
        assertEquals(1, pool.busy());
    }

    @Test
    void neverMoreThanTheMaximumAndACallerWaitsThenGivesUp() throws Exception {
        var pool = pool(2);
        pool.take(0);
        pool.take(0);

        long start = System.nanoTime();
        var error = assertThrows(PluginException.class, () -> pool.take(TimeUnit.MILLISECONDS.toNanos(30)));

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals("all 2 instances stayed busy for 30 ms", error.getMessage());
        assertEquals(2, built.get());
    }

    @Test
    void aWaitingCallerGetsTheInstanceGivenBack() throws Exception {
        var pool = pool(1);
        var held = pool.take(0);
        var executor = Executors.newSingleThreadScheduledExecutor();
        try {
            executor.schedule(() -> pool.giveBack(held), 20, TimeUnit.MILLISECONDS);

            assertSame(held, pool.take(Duration.ofSeconds(5).toNanos()));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void discardedAndUnusableInstancesAreNotKept() throws PluginException {
        var pool = new InstancePool<>(() -> new Object[] {built.incrementAndGet()}, instance -> false, 2);

        pool.giveBack(pool.take(0));
        var next = pool.take(0);
        pool.discard();

        assertEquals(2, built.get());
        assertEquals(0, pool.idle());
        assertEquals(0, pool.busy());
        assertNotSame(null, next);
    }

    @Test
    void retiredPoolReleasesIdleInstancesAndKeepsNoneGivenBack() throws PluginException {
        var pool = pool(4);
        var busy = pool.take(0);
        pool.giveBack(pool.take(0));
        assertEquals(1, pool.idle());

        pool.release();
        pool.giveBack(busy);

        assertEquals(0, pool.idle());
        assertEquals(0, pool.busy());
        assertTrue(pool.released());
    }

    @Test
    void aFactoryFailureReturnsThePermit() {
        var pool = new InstancePool<Object>(() -> {
            throw new IllegalStateException("no memory");
        }, instance -> true, 1);

        var error = assertThrows(PluginException.class, () -> pool.take(0));

        assertTrue(error.getMessage().startsWith("cannot instantiate the module"));
        assertEquals(0, pool.busy());
    }

    private InstancePool<Object> pool(int max) {
        return new InstancePool<>(() -> new Object[] {built.incrementAndGet()}, instance -> true, max);
    }
}
