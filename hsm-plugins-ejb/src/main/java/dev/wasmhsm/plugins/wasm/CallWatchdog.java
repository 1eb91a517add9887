package dev.wasmhsm.plugins.wasm;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops plugin calls that run too long by interrupting their thread, which Chicory checks on calls and backward
 * branches; WebAssembly has no instruction budget of its own.
 *
 * <p>A call costs one map entry put and removed; a periodic sweep interrupts the threads past their deadline.
 */
public final class CallWatchdog {
    private final long timeoutNanos;
    private final Map<Thread, Long> deadlines = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;

    /**
     * Creates a watchdog; it interrupts nothing until {@link #start(ScheduledExecutorService)}.
     *
     * @param timeout how long one call may run.
     */
    public CallWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * Starts sweeping on the given scheduler, ten times per timeout and at most every 10 ms.
     *
     * @param scheduler the scheduler, for example the container's managed one.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 10);
        sweeper = scheduler.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** Stops sweeping. */
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    /** Marks the start of a call on the current thread. */
    void enter() {
        deadlines.put(Thread.currentThread(), System.nanoTime() + timeoutNanos);
    }

    /**
     * Marks the end of the call on the current thread and clears an interrupt the watchdog may have sent.
     *
     * @return true when the thread had been interrupted.
     */
    boolean exit() {
        deadlines.remove(Thread.currentThread());

        return Thread.interrupted();
    }

    /**
     * Interrupts the threads past their deadline. The interrupt is sent inside the map's lock for that thread's
     * entry, and {@link #exit()} removes the entry before it clears the flag, so an interrupt never lands on a
     * thread after its call has ended (where it would break the connection's next blocking operation).
     */
    void sweep() {
        long now = System.nanoTime();
        for (var thread : deadlines.keySet()) {
            deadlines.computeIfPresent(thread, (running, deadline) -> {
                if (now - deadline > 0) {
                    running.interrupt();
                }

                return deadline;
            });
        }
    }
}
