package dev.wasmhsm.engine.runtime;

import dev.wasmhsm.engine.abi.PluginException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The instances of one plugin version, at most {@code maxInstances} of them, busy or idle.
 *
 * <p>A Chicory instance is single-threaded, so a caller holds a permit and one instance for the whole call, and
 * returns both after it: {@link #giveBack} keeps the instance for the next caller, {@link #discard} drops it (a
 * trap can leave the guest's globals corrupt). Instances are built on demand, so the pool never holds more than
 * ran at once. The permits held are the calls in flight, which a retiring version drains before it is released.
 */
final class InstancePool<T> {
    private final Supplier<T> factory;
    private final Predicate<T> reusable;
    private final int maxInstances;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean released;

    /**
     * Creates an empty pool.
     *
     * @param factory builds an instance.
     * @param reusable tells whether an instance given back may serve another call.
     * @param maxInstances the most instances, busy or idle.
     */
    InstancePool(Supplier<T> factory, Predicate<T> reusable, int maxInstances) {
        this.factory = factory;
        this.reusable = reusable;
        this.maxInstances = maxInstances;
        this.permits = new Semaphore(maxInstances);
    }

    /**
     * Takes an idle instance, or builds one, waiting up to the given time when all are busy.
     *
     * @param waitNanos how long to wait for a busy instance to come back.
     * @return the instance; the caller must give it back or discard it.
     * @throws PluginException when none came back in time, the thread was interrupted, or building one failed.
     */
    T take(long waitNanos) throws PluginException {
        try {
            if (!permits.tryAcquire() && !permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw new PluginException("all " + maxInstances + " instances stayed busy for "
                        + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("interrupted while waiting for an instance", e);
        }
        var instance = idle.pollFirst();
        if (instance != null) {
            return instance;
        }
        boolean built = false;
        try {
            var created = factory.get();
            built = true;

            return created;
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            throw new PluginException("cannot instantiate the module: " + e, e);
        } finally {
            if (!built) {
                permits.release();
            }
        }
    }

    /**
     * Returns an instance after a call that succeeded; it is kept unless it is not reusable (for a plugin: its
     * memory grew past the recycle threshold) or the pool was released.
     *
     * @param instance the instance.
     */
    void giveBack(T instance) {
        if (!released && reusable.test(instance)) {
            idle.offerFirst(instance);
            if (released) {
                idle.clear();
            }
        }
        permits.release();
    }

    /** Drops the caller's instance after a call that failed. */
    void discard() {
        permits.release();
    }

    /**
     * Builds one instance and keeps it idle, so that a version that loads is known to instantiate.
     *
     * @throws PluginException when instantiating fails.
     */
    void warmUp() throws PluginException {
        giveBack(take(0));
    }

    /** Releases the idle instances and keeps no instance given back from now on. */
    void release() {
        released = true;
        idle.clear();
    }

    /** @return whether the pool was released. */
    boolean released() {
        return released;
    }

    /** @return the calls holding an instance now. */
    int busy() {
        return maxInstances - permits.availablePermits();
    }

    /** @return the instances kept idle. */
    int idle() {
        return idle.size();
    }
}
