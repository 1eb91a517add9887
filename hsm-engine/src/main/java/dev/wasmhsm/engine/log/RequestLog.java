package dev.wasmhsm.engine.log;

import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.LogText;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * One structured log line per request, under the category {@code dev.wasmhsm.request}.
 *
 * <p>Fields: event, client, command, description, request and response in masked hex, responseCode, errorCode,
 * active connections and the time spent in microseconds, written as {@code key=value} pairs in the message and,
 * when asked for, also put in the MDC while the line is written, so a JSON formatter emits them as fields.
 * Successful requests
 * log at INFO, failed ones at ERROR
 * with the reason; setting the category to WARN turns the per-request INFO lines off (see docs/performance.md for
 * what they cost with the server's default handlers).
 *
 * <p>Each request formats its own line, in parallel, then queues it; a request thread that gets the write lock
 * writes up to {@value #BATCH} queued lines (flat combining) while the others go on without waiting, and a sweep
 * every 10 ms writes what is left. The handlers, the HSM's own ({@link HsmLogHandler}) or the server's,
 * thus see one writer at a time instead of many contending threads (measured: with eight connections on two cores,
 * each request writing straight into the HSM's handler lost a third of the throughput, through the queue a fifth),
 * and no request writes more than a batch. When the queued lines hold more than {@value #BACKLOG_CHARS}
 * characters (16 MB; half a second of B2 lines at the highest rate measured, and bounded in bytes, since a line
 * of a 32 KB request is 64 K characters), a request waits for the lock instead and writes until the backlog is
 * down to half, so logging slows requests rather than dropping lines or growing without bound. The backlog is
 * that large because on two cores shared by a hundred busy connections the thread writing the lines is itself
 * preempted for up to half a second at a time: with a backlog of 4,096 lines every request then waited behind it
 * (N = 128: p999 250-400 ms). A background writer thread alone was measured and rejected: on two
 * cores its bursts raised the p99 latency of a single connection from about 110 to 350 µs. A line may be
 * written by another request's thread, up to 10 ms after its request; its micros field is the request's own.
 */
public final class RequestLog {
    private static final Logger LOG = Logger.getLogger("dev.wasmhsm.request");
    private static final String[] KEYS = {"event", "client", "command", "description", "request", "response",
        "responseCode", "errorCode", "active", "micros", "reason"};
    private static final int DESCRIPTION = 3;
    private static final int REASON = 10;
    private static final long BACKLOG_CHARS = 16L * 1024 * 1024;
    private static final int SWEEP_LINES = 32_768;
    private static final int BATCH = 32;
    private static final long SWEEP_MILLIS = 10;

    private final Queue<Line> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong pendingChars = new AtomicLong();
    private final ReentrantLock writing = new ReentrantLock();
    private final boolean mdc;
    private volatile ScheduledFuture<?> sweeper;

    /**
     * The facts of one request.
     *
     * @param request the request: the client's address, the message and the open connections.
     * @param description the plugin's description, or why there is none.
     * @param reply the reply message.
     * @param nanos the time spent answering.
     * @param logData whether the data may be shown (masked); false shows only the codes and the data's length.
     */
    public record Entry(HsmRequest request, String description, byte[] reply, long nanos, boolean logData) {
    }

    /** A formatted line and its level; the fields only when they go into the MDC, so a backlog holds the text alone. */
    private record Line(Logger.Level level, String text, String[] values) {
    }

    /** Creates a log that writes the fields in the message only. */
    public RequestLog() {
        this(false);
    }

    /**
     * Creates a log.
     *
     * @param mdc whether the fields also go into the MDC while a line is written, for JSON formatters; it costs
     *     about a third of the log's own CPU time, so it is off unless asked for ({@code hsm.log.mdc=true}).
     */
    public RequestLog(boolean mdc) {
        this.mdc = mdc;
    }

    /**
     * Starts the periodic sweep that writes lines no request thread picked up; without it, each request thread
     * that gets the lock writes everything queued.
     *
     * @param scheduler the scheduler, for example the container's managed one.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (sweeper == null) {
            sweeper = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the sweep and writes what is queued. */
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        writing.lock();
        writeAndUnlock(Integer.MAX_VALUE, 0);
    }

    /**
     * Logs an answered request.
     *
     * @param entry what happened.
     */
    public void answered(Entry entry) {
        if (LOG.isInfoEnabled()) {
            emit(line(Logger.Level.INFO, "request", entry, null));
        }
    }

    /**
     * Logs a request that got an error reply because of a fault on the server's side.
     *
     * @param entry what happened.
     * @param reason why.
     */
    public void failed(Entry entry, String reason) {
        emit(line(Logger.Level.ERROR, "request.failed", entry, reason));
    }

    /**
     * Returns the lines queued and not yet written.
     *
     * @return the count.
     */
    int queued() {
        return pendingCount.get();
    }

    private void emit(Line line) {
        pending.offer(line);
        pendingCount.incrementAndGet();
        if (pendingChars.addAndGet(line.text().length()) > BACKLOG_CHARS) {
            // Whoever waited for the lock writes the backlog down to half, so the threads waiting behind it find
            // room and pass the lock on at once, instead of each writing one batch in turn; no one writes more
            // than was queued when it got the lock.
            writing.lock();
            writeAndUnlock(pendingCount.get(), BACKLOG_CHARS / 2);
        } else if (writing.tryLock()) {
            writeAndUnlock(sweeper == null ? Integer.MAX_VALUE : BATCH, 0);
        }
    }

    private void sweep() {
        if (!pending.isEmpty() && writing.tryLock()) {
            writeAndUnlock(SWEEP_LINES, 0);
        }
    }

    /** Writes at most the given lines, stopping early once the queued characters are down to the low mark. */
    private void writeAndUnlock(int most, long lowMark) {
        try {
            int written = 0;
            while (written < most && (lowMark == 0 || pendingChars.get() > lowMark)) {
                var next = pending.poll();
                if (next == null) {
                    break;
                }
                pendingCount.decrementAndGet();
                pendingChars.addAndGet(-next.text().length());
                write(next);
                written++;
            }
        } finally {
            writing.unlock();
        }
    }

    private Line line(Logger.Level level, String event, Entry entry, String reason) {
        var reply = entry.reply();
        var request = entry.request();
        var message = request.message();
        var values = new String[] {event, request.clientAddress(), LogText.code(message, 0, 2), entry.description(),
            hex(message, 2, entry.logData()), hex(reply, 4, entry.logData()), LogText.code(reply, 0, 2),
            LogText.code(reply, 2, 4), Integer.toString(request.activeConnections()),
            Long.toString(entry.nanos() / 1000), reason == null ? null : LogText.quoted(reason)};
        var text = new StringBuilder(200 + 2 * (message.length + reply.length));
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] != null) {
                boolean quoted = i == DESCRIPTION || i == REASON;
                text.append(i == 0 ? "" : " ").append(KEYS[i]).append('=').append(quoted ? "\"" : "")
                        .append(values[i]).append(quoted ? "\"" : "");
            }
        }

        return new Line(level, text.toString(), mdc ? values : null);
    }

    private static String hex(byte[] message, int codes, boolean logData) {
        return logData ? LogRedaction.maskedHex(message) : LogRedaction.codesOnlyHex(message, codes);
    }

    private void write(Line line) {
        if (!mdc) {
            log(line);

            return;
        }
        var values = line.values();
        for (int i = 0; i < KEYS.length; i++) {
            if (values[i] != null) {
                MDC.put(KEYS[i], values[i]);
            }
        }
        try {
            log(line);
        } finally {
            for (var key : KEYS) {
                MDC.remove(key);
            }
        }
    }

    private static void log(Line line) {
        try {
            LOG.log(line.level(), line.text());
        } catch (RuntimeException e) {
            // A failing handler must not fail the request that happens to write, nor stop the sweep; the line is
            // lost, as the handler itself would have lost it.
        }
    }
}
