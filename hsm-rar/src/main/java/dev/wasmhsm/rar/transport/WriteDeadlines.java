package dev.wasmhsm.rar.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The write deadline of a listener's replies: a blocking socket write has no timeout of its own, so each
 * connection registers its write here, and one daemon thread closes the connection of a write still running past
 * its deadline (which ends the write with an error). A client that sends requests and never reads its replies
 * then holds its thread only for the deadline, not for good.
 */
final class WriteDeadlines implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteDeadlines.class);
    private static final long MIN_SWEEP_MILLIS = 10;
    private static final long MAX_SWEEP_MILLIS = 100;

    private final long timeoutNanos;
    private final Map<ClientConnection, Long> writing = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /**
     * Starts the deadlines; a zero timeout starts nothing and never closes a connection.
     *
     * @param timeout how long one write may take.
     * @param port the listener's port, for the thread's name.
     */
    WriteDeadlines(Duration timeout, int port) {
        this.timeoutNanos = timeout.toNanos();
        if (timeoutNanos == 0) {
            this.sweeper = null;

            return;
        }
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "hsm-write-deadline-" + port);
            thread.setDaemon(true);

            return thread;
        });
        long period = Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, timeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Marks a connection as writing, from now until {@link #done}.
     *
     * @param connection the connection.
     */
    void writing(ClientConnection connection) {
        if (sweeper != null) {
            writing.put(connection, System.nanoTime() + timeoutNanos);
        }
    }

    /**
     * Marks a connection's write as finished.
     *
     * @param connection the connection.
     */
    void done(ClientConnection connection) {
        writing.remove(connection);
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        writing.forEach((connection, deadline) -> {
            if (now - deadline > 0 && writing.remove(connection, deadline)) {
                LOG.warnf("event=connection.writetimeout client=%s description=\"the reply was not read within"
                        + " the write deadline; the connection is closed\"", connection.client());
                connection.writeTimedOut();
            }
        });
    }
}
