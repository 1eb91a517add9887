package dev.wasmhsm.engine.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops plugin calls that run too long by interrupting their thread, which Chicory checks on calls and backward
 * branches; WebAssembly has no instruction budget of its own.
 *
 * <p>A call costs one map entry put and removed; a sweep every 5 ms interrupts the threads past their deadline,
 * so a call is stopped at most about 5 ms after it.
 */
public final class CallWatchdog {
    private static final long SWEEP_MILLIS = 5;

    private final Map<Thread, Deadline> deadlines = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweeper;

    /** When a call must end, and whether the watchdog has interrupted it; guarded by the map entry's lock. */
    private static final class Deadline {
        private final long at;
        private boolean fired;

        Deadline(long at) {
            this.at = at;
        }
    }

    /**
     * Starts sweeping on the given scheduler; the watchdog interrupts nothing before.
     *
     * @param scheduler the scheduler, for example the container's managed one.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        sweeper = scheduler.scheduleAtFixedRate(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops sweeping. */
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    /**
     * Marks the start of a call on the current thread.
     *
     * @param timeoutNanos how long the call may run.
     */
    void enter(long timeoutNanos) {
        deadlines.put(Thread.currentThread(), new Deadline(System.nanoTime() + timeoutNanos));
    }

    /**
     * Marks the end of the call on the current thread and clears the interrupt if the watchdog sent it; an
     * interrupt from anyone else (the container stopping) stays set.
     *
     * @return true when the watchdog had interrupted the call.
     */
    boolean exit() {
        var deadline = deadlines.remove(Thread.currentThread());
        if (deadline != null && deadline.fired) {
            Thread.interrupted();

            return true;
        }

        return false;
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
                if (now - deadline.at > 0 && !deadline.fired) {
                    deadline.fired = true;
                    running.interrupt();
                }

                return deadline;
            });
        }
    }
}
