package dev.wasmhsm.loadclient;

import java.util.concurrent.CountDownLatch;

/**
 * Lets every connection open before the clock starts, then hands them all the same schedule.
 */
public final class StartGate {
    private final CountDownLatch arrivals;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile RunSchedule schedule;

    /**
     * Creates a gate for a number of connections.
     *
     * @param parties how many connections will arrive.
     */
    public StartGate(int parties) {
        this.arrivals = new CountDownLatch(parties);
    }

    /**
     * Called by a connection once its first connect attempt is over.
     */
    public void arrive() {
        arrivals.countDown();
    }

    /**
     * Waits until every connection has arrived.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    public void awaitArrivals() throws InterruptedException {
        arrivals.await();
    }

    /**
     * Starts the run with the given schedule.
     *
     * @param runSchedule the schedule every connection follows.
     */
    public void open(RunSchedule runSchedule) {
        schedule = runSchedule;
        release.countDown();
    }

    /**
     * Waits until the run starts.
     *
     * @return the schedule to follow.
     * @throws InterruptedException if interrupted while waiting.
     */
    public RunSchedule awaitOpen() throws InterruptedException {
        release.await();

        return schedule;
    }
}
