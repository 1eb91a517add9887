package dev.wasmhsm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog interrupts a call only while it runs past its deadline, and leaves no interrupt behind. */
@Timeout(10)
class CallWatchdogTest {
    private final CallWatchdog watchdog = new CallWatchdog();

    @AfterEach
    void clearInterrupt() {
        watchdog.exit();
        Thread.interrupted();
    }

    @Test
    void aCallPastItsDeadlineIsInterruptedAndExitClearsTheInterrupt() {
        watchdog.enter(0);
        watchdog.sweep();

        assertTrue(Thread.currentThread().isInterrupted());
        assertTrue(watchdog.exit());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aCallWithinItsDeadlineIsLeftAlone() {
        watchdog.enter(Duration.ofMinutes(1).toNanos());
        watchdog.sweep();

        assertFalse(Thread.currentThread().isInterrupted());
        assertFalse(watchdog.exit());
    }

    @Test
    void aCallIsInterruptedOnceHoweverManySweepsSeeIt() {
        watchdog.enter(0);
        watchdog.sweep();
        Thread.interrupted();
        watchdog.sweep();

        assertFalse(Thread.currentThread().isInterrupted());
        assertTrue(watchdog.exit());
    }

    @Test
    void noInterruptLandsAfterTheCallHasEnded() {
        watchdog.enter(0);
        assertFalse(watchdog.exit());
        watchdog.sweep();

        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void anInterruptFromSomeoneElseOutlivesTheCall() {
        watchdog.enter(Duration.ofMinutes(1).toNanos());
        Thread.currentThread().interrupt();

        assertFalse(watchdog.exit());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void exitWithoutACallReportsNoDeadline() {
        assertFalse(watchdog.exit());
    }

    @Test
    void startedOnASchedulerItStopsASpinningThreadAndStopEndsTheSweeps() throws InterruptedException {
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            watchdog.start(scheduler);
            var entered = new CountDownLatch(1);
            var stopped = new AtomicBoolean();
            var spinner = new Thread(() -> {
                watchdog.enter(TimeUnit.MILLISECONDS.toNanos(20));
                entered.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                stopped.set(watchdog.exit() && !Thread.currentThread().isInterrupted());
            });
            spinner.start();
            assertTrue(entered.await(5, TimeUnit.SECONDS));
            spinner.join(5000);

            assertTrue(stopped.get(), "the spinning call was not stopped by the watchdog, or kept its interrupt");
            watchdog.stop();
            watchdog.enter(0);
            Thread.sleep(50);
            assertFalse(Thread.currentThread().isInterrupted(), "a stopped watchdog still sweeps");
        } finally {
            scheduler.shutdownNow();
        }
    }
}
