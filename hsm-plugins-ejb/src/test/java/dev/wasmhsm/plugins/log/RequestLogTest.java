package dev.wasmhsm.plugins.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final RequestLog.Entry ENTRY = new RequestLog.Entry("127.0.0.1:1", "Echo", "B20004PING".getBytes(),
            "B300PING".getBytes(), 1, 1000);

    @Test
    void withoutSweepEveryLineIsWrittenByTheRequestThatQueuedIt() {
        var log = new RequestLog();
        for (int i = 0; i < 100; i++) {
            log.answered(ENTRY);
        }

        assertEquals(0, log.queued());
    }

    @Test
    void linesFromManyThreadsAreAllWrittenOnceTheSweepRuns() throws Exception {
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        var threads = Executors.newFixedThreadPool(8);
        var log = new RequestLog();
        log.start(scheduler);
        try {
            var tasks = new ArrayList<Callable<Void>>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 2000; i++) {
                        log.answered(ENTRY);
                    }

                    return null;
                });
            }
            for (var done : threads.invokeAll(tasks, 1, TimeUnit.MINUTES)) {
                done.get();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (log.queued() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            assertEquals(0, log.queued());
        } finally {
            log.stop();
            threads.shutdownNow();
            scheduler.shutdownNow();
        }
        assertEquals(0, log.queued(), "stop writes what is queued");
    }
}
