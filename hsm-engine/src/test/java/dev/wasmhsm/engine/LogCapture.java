package dev.wasmhsm.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The lines one log category writes while a test runs, as {@code LEVEL message} (jboss-logging writes to
 * java.util.logging in the unit tests); close it to stop listening.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        logger.addHandler(this);
    }

    /**
     * Starts listening to a category.
     *
     * @param category the logger name, such as {@code dev.wasmhsm.audit}.
     * @return the capture.
     */
    public static LogCapture of(String category) {
        return new LogCapture(category);
    }

    /** @return the lines so far, as {@code LEVEL message}. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {
        // Nothing is buffered.
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
