package dev.wasmhsm.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns the per-request log lines off for a benchmark, and proves it.
 *
 * <p>The registry writes one line per request under the category {@code dev.wasmhsm.request} through
 * jboss-logging, which delegates to java.util.logging when no JBoss LogManager is present, as in the benchmark
 * jar. The guard takes that category's JUL logger, detaches it from the console, and counts every record it lets
 * through. {@link #probe} lets one INFO line through to show that the request log does reach this logger,
 * {@link #silence} then raises the level to WARNING (SEVERE lines of failed requests still pass, and are counted),
 * and {@link #verify} fails when any line got through since.
 */
final class RequestLogGuard {
    /** The request log's category. */
    static final String CATEGORY = "dev.wasmhsm.request";

    /** Held strongly: java.util.logging keeps its loggers weakly, and a collected logger loses its level. */
    private final Logger logger = Logger.getLogger(CATEGORY);
    private final AtomicInteger lines = new AtomicInteger();
    private int linesWhenSilenced = -1;

    /** Detaches the category from the console and counts its lines; the level stays INFO until {@link #silence}. */
    RequestLogGuard() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                if (isLoggable(logRecord)) {
                    lines.incrementAndGet();
                }
            }

            @Override
            public void flush() {
                // Nothing is buffered.
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        });
    }

    /**
     * Checks that one request just answered at INFO reached this logger, so that silencing it means something.
     *
     * @throws IllegalStateException when no line arrived: the request log does not go through java.util.logging.
     */
    void probe() {
        if (lines.get() == 0) {
            throw new IllegalStateException("the request log wrote nothing to java.util.logging category " + CATEGORY
                    + "; jboss-logging uses another backend, so this benchmark cannot turn the log off");
        }
    }

    /** Raises the category to WARNING: the per-request INFO lines are off from now on. */
    void silence() {
        logger.setLevel(Level.WARNING);
        linesWhenSilenced = lines.get();
    }

    /**
     * Checks that no line was written since {@link #silence}.
     *
     * @throws IllegalStateException when some were.
     */
    void verify() {
        int written = lines.get() - linesWhenSilenced;
        if (linesWhenSilenced < 0 || written != 0) {
            throw new IllegalStateException("the request log wrote " + written + " lines while it should be off");
        }
    }
}
