package dev.wasmhsm.engine.log;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The HSM's own log handler, on the {@code dev.wasmhsm} category of the server's logging (a java.util.logging
 * handler, which WildFly's log manager and Payara's both take): every line of the product, request lines, audit
 * and lifecycle events alike, goes to one destination (a rotated file or standard output) in one format
 * ({@code kv} or flat {@code json}), and no longer through the server's console and file handlers.
 *
 * <p>It is there for speed: the server's default handlers format a pattern and a date and flush each record to
 * two destinations, about 10 µs of CPU a line, which on two cores halves the throughput (docs/performance.md).
 * Here each thread formats its own line in parallel (an ISO-8601 time made once a second), appends it to a shared
 * buffer under a short lock, and the buffer goes out in one write when it passes 8 KiB, at the engine's sweep
 * every 10 ms, or at once for any line above INFO or outside the request category (audit and lifecycle lines are
 * never held back). Levels stay the server's to set: the categories' levels decide what reaches the handler.
 */
public final class HsmLogHandler extends Handler {
    /** The category whose INFO lines may wait for the next batch. */
    static final String REQUESTS = "dev.wasmhsm.request";

    private static final String ROOT = "dev.wasmhsm";
    private static final int BATCH_BYTES = 8192;
    private static final long SWEEP_MILLIS = 10;

    private final LogLineFormat format;
    private final LogOutput output;
    private final Logger root;
    private final boolean rootUsedParents;
    private final byte[] batch = new byte[BATCH_BYTES];
    private int batchLength;
    private final SimpleFormatter messages = new SimpleFormatter();
    private volatile Formatting formatting = new Formatting(LogRecord.class, null);
    private ScheduledFuture<?> sweep;
    private boolean closed;

    /** How records of one class give their formatted message: a {@code getFormattedMessage} method, or none. */
    private record Formatting(Class<?> type, MethodHandle method) {
    }

    private HsmLogHandler(LogSettings settings, LogOutput output, Logger root, boolean rootUsedParents) {
        this.format = new LogLineFormat(settings.format());
        this.output = output;
        this.root = root;
        this.rootUsedParents = rootUsedParents;
    }

    /**
     * Puts a handler on the {@code dev.wasmhsm} category, in place of the server's handlers for it, replacing one
     * a previous deployment left behind.
     *
     * @param settings the log settings, destination file or stdout.
     * @param scheduler runs the sweep that writes what waits.
     * @return the handler, to {@link #uninstall()} when the engine stops.
     * @throws IOException when the log file cannot be opened.
     */
    public static HsmLogHandler install(LogSettings settings, ScheduledExecutorService scheduler) throws IOException {
        var root = Logger.getLogger(ROOT);
        boolean usedParents = root.getUseParentHandlers();
        for (var old : root.getHandlers()) {
            if (old.getClass().getName().equals(HsmLogHandler.class.getName())) {
                // A previous deployment's, left behind: the server's setting is the one it had kept.
                root.removeHandler(old);
                old.close();
                usedParents = true;
            }
        }
        var handler = new HsmLogHandler(settings, LogOutput.open(settings), root, usedParents);
        root.addHandler(handler);
        root.setUseParentHandlers(false);
        handler.sweep = scheduler.scheduleWithFixedDelay(handler::flush, SWEEP_MILLIS, SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);

        return handler;
    }

    /** Takes the handler off its category, gives the category back to the server's handlers, and closes it. */
    public void uninstall() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        root.removeHandler(this);
        root.setUseParentHandlers(rootUsedParents);
        close();
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        var line = new StringBuilder(512);
        format.append(line, record.getMillis(), record.getLevel(), String.valueOf(record.getLoggerName()),
                message(record), record.getThrown());
        boolean now = record.getLevel().intValue() > Level.INFO.intValue() || !REQUESTS.equals(record.getLoggerName());
        // Encoded before the lock: under it a line is only copied.
        var bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            if (closed) {
                return;
            }
            if (batchLength + bytes.length > BATCH_BYTES) {
                writeBatch();
            }
            if (bytes.length > BATCH_BYTES) {
                write(bytes, bytes.length);
            } else {
                System.arraycopy(bytes, 0, batch, batchLength, bytes.length);
                batchLength += bytes.length;
            }
            if (now || batchLength == BATCH_BYTES) {
                writeBatch();
            }
        }
    }

    @Override
    public synchronized void flush() {
        writeBatch();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        try {
            output.close();
        } catch (IOException e) {
            reportError("cannot close the HSM log", e, ErrorManager.CLOSE_FAILURE);
        }
    }

    private void writeBatch() {
        if (batchLength > 0) {
            write(batch, batchLength);
            batchLength = 0;
        }
    }

    private void write(byte[] bytes, int length) {
        try {
            output.write(bytes, length);
        } catch (IOException e) {
            reportError("cannot write the HSM log", e, ErrorManager.WRITE_FAILURE);
        }
    }

    /**
     * Returns the record's message with its parameters: WildFly's records format themselves (printf or
     * MessageFormat style, {@code getFormattedMessage}); plain java.util.logging records are formatted the
     * standard way.
     */
    private String message(LogRecord record) {
        var current = formatting;
        if (current.type() != record.getClass()) {
            current = new Formatting(record.getClass(), formattedMessageMethod(record.getClass()));
            formatting = current;
        }
        if (current.method() != null) {
            try {
                return String.valueOf((String) current.method().invoke(record));
            } catch (Throwable e) {
                return String.valueOf(record.getMessage());
            }
        }

        return record.getParameters() == null ? String.valueOf(record.getMessage()) : messages.formatMessage(record);
    }

    private static MethodHandle formattedMessageMethod(Class<?> type) {
        try {
            return MethodHandles.publicLookup().findVirtual(type, "getFormattedMessage",
                    MethodType.methodType(String.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
