package dev.wasmhsm.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.HsmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final RequestLog.Entry ENTRY = new RequestLog.Entry(
            new HsmRequest("127.0.0.1:1", "B20004PING".getBytes(), 1), "Echo", "B300PING".getBytes(), 1000, true);

    @Test
    void theBacklogIsBoundedInCharactersSoLargeLinesMakeRequestsWaitRatherThanFillTheHeap() throws Exception {
        var release = new CountDownLatch(1);
        var published = new AtomicInteger();
        var handler = handler(record -> {
            published.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var logger = java.util.logging.Logger.getLogger("dev.wasmhsm.request");
        logger.addHandler(handler);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var log = new RequestLog(false);
            var scheduler = Executors.newSingleThreadScheduledExecutor();
            log.start(scheduler);
            scheduler.shutdownNow();
            var big = new RequestLog.Entry(new HsmRequest("127.0.0.1:1", ("B2" + "A".repeat(32_000)).getBytes(), 1),
                    "Echo", "B300".getBytes(), 1000, true);
            // The first line's writer holds the lock, stuck in the handler; the other thread then queues 32 KB
            // requests (64 K characters of hex each) until the 16 M character bound makes it wait.
            pool.submit(() -> log.answered(big));
            while (published.get() == 0) {
                Thread.sleep(1);
            }
            var queued = pool.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    log.answered(big);
                }
            });
            Thread.sleep(1000);
            int waiting = log.queued();
            assertFalse(queued.isDone(), "the producer waits for the writer");
            assertTrue(waiting > 200 && waiting < 300, "lines queued: " + waiting);
            release.countDown();
            queued.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
            logger.removeHandler(handler);
        }
    }

    @Test
    void requestLineCarriesItsFieldsInTheTextAndInTheMdc() {
        var records = new ArrayList<String>();
        var handler = handler(record -> {
            records.add(record.getLevel() + " " + record.getMessage() + " | mdc event=" + MDC.get("event")
                    + " client=" + MDC.get("client") + " errorCode=" + MDC.get("errorCode"));
        });
        var logger = java.util.logging.Logger.getLogger("dev.wasmhsm.request");
        logger.addHandler(handler);
        try {
            var log = new RequestLog(true);
            log.answered(ENTRY);
            log.failed(new RequestLog.Entry(new HsmRequest("10.0.0.1:7", "TR".getBytes(), 2), "Trap",
                    "TS86".getBytes(), 5000, true), "guest failed");
        } finally {
            logger.removeHandler(handler);
        }

        assertEquals(List.of(
                "INFO event=request client=127.0.0.1:1 command=B2 description=\"Echo\" request=42323030303450494E47"
                        + " response=4233303050494E47 responseCode=B3 errorCode=00 active=1 micros=1"
                        + " | mdc event=request client=127.0.0.1:1 errorCode=00",
                "ERROR event=request.failed client=10.0.0.1:7 command=TR description=\"Trap\" request=5452"
                        + " response=54533836 responseCode=TS errorCode=86 active=2 micros=5 reason=\"guest failed\""
                        + " | mdc event=request.failed client=10.0.0.1:7 errorCode=86"), records);
        assertNull(MDC.get("event"));
    }

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

    /** A handler that does what it is given with each record, and buffers nothing. */
    private static Handler handler(Consumer<LogRecord> publish) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                publish.accept(record);
            }

            @Override
            public void flush() {
                // Nothing is buffered.
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        };
    }
}
