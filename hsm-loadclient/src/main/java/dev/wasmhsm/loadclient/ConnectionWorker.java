package dev.wasmhsm.loadclient;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocketFactory;

/**
 * One measured connection, run by its own thread: send a request, read and check the reply, record the
 * latency, repeat until the schedule says stop.
 *
 * <p>Error policy: any error (mismatch, timeout, closed or failed connection) is counted, the connection is
 * dropped, since its byte stream can no longer be trusted, and a new one is opened for the next request. After
 * {@value #MAX_ERRORS_IN_A_ROW} errors in a row without a good reply the connection stops for the rest of the
 * run, so a dead server ends a run instead of spinning; the report counts such stopped connections.
 */
public final class ConnectionWorker implements Runnable {
    /** Errors in a row after which a connection stops. */
    public static final int MAX_ERRORS_IN_A_ROW = 50;
    private static final long RECONNECT_PAUSE_MILLIS = 20;

    private final int id;
    private final InetSocketAddress address;
    private final int timeoutMillis;
    private final SSLSocketFactory tls;
    private final RequestFrame frame;
    private final ReplyChecker checker;
    private final StartGate gate;
    private final ErrorLog errorLog;
    private final long intervalNanos;
    private final int connections;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final long[] errorCounts = new long[RequestOutcome.values().length];
    private HsmConnection connection;
    private long measuredRequests;
    private long lastCompletionNanos;
    private boolean stopped;

    /**
     * Creates a worker; it does nothing until run.
     *
     * @param id the connection's number, for error messages.
     * @param options the run's settings.
     * @param address the server address.
     * @param tls the TLS socket factory of the run, or null for plain TCP.
     * @param gate the gate that starts the run.
     * @param errorLog where errors are shown.
     */
    public ConnectionWorker(int id, LoadOptions options, InetSocketAddress address, SSLSocketFactory tls,
            StartGate gate,
            ErrorLog errorLog) {
        this.id = id;
        this.address = address;
        this.timeoutMillis = options.timeoutMillis();
        this.tls = tls;
        this.frame = new RequestFrame(options.command(), options.headerLength(), options.payloadSize(),
                options.lengthFormat());
        this.checker = new ReplyChecker(options.command(), options.headerLength(), frame.payload());
        this.gate = gate;
        this.errorLog = errorLog;
        this.intervalNanos = options.intervalNanos();
        this.connections = options.connections();
    }

    @Override
    public void run() {
        connection = connect(0);
        gate.arrive();
        try {
            loop(gate.awaitOpen());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private void loop(RunSchedule schedule) throws InterruptedException {
        var errorsInARow = connection == null ? 1 : 0;
        var sequence = 0L;
        // Open loop: each request is due one interval after the previous one, from a start spread over the
        // connections so they do not all send at once; its latency counts from when it was due.
        long due = System.nanoTime() + (intervalNanos == 0 ? 0 : intervalNanos * id / connections);
        while (!schedule.isOver(System.nanoTime(), measuredRequests)) {
            if (errorsInARow >= MAX_ERRORS_IN_A_ROW) {
                stopped = true;
                break;
            }
            if (connection == null) {
                connection = connect(sequence);
                if (connection == null) {
                    errorsInARow++;
                    Thread.sleep(RECONNECT_PAUSE_MILLIS);

                    continue;
                }
            }
            sequence++;
            frame.stampHeader(sequence);
            if (intervalNanos > 0) {
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            var started = intervalNanos > 0 ? due : System.nanoTime();
            due += intervalNanos;
            var outcome = exchange(sequence);
            var finished = System.nanoTime();
            if (outcome == RequestOutcome.OK) {
                errorsInARow = 0;
                if (schedule.measures(started, finished)) {
                    histogram.record(finished - started);
                    measuredRequests++;
                    lastCompletionNanos = finished;
                }
            } else {
                errorsInARow++;
                errorCounts[outcome.ordinal()]++;
                connection.close();
                connection = null;
            }
        }
    }

    private HsmConnection connect(long sequence) {
        try {
            return HsmConnection.open(address, timeoutMillis, tls);
        } catch (IOException e) {
            errorCounts[RequestOutcome.CONNECT_FAILED.ordinal()]++;
            errorLog.report(id, sequence, RequestOutcome.CONNECT_FAILED, String.valueOf(e));

            return null;
        }
    }

    private RequestOutcome exchange(long sequence) {
        try {
            var length = connection.exchange(frame.bytes());
            var outcome = checker.check(frame.bytes(), frame.headerOffset(), connection.replyBuffer(),
                    connection.replyOffset(), length);
            if (outcome != RequestOutcome.OK) {
                errorLog.report(id, sequence, outcome, "sent "
                        + ErrorLog.printable(frame.bytes(), frame.headerOffset(), frame.bytes().length - 2)
                        + ", received " + ErrorLog.printable(connection.replyBuffer(), connection.replyOffset(),
                                length));
            }

            return outcome;
        } catch (IOException e) {
            var outcome = classify(e);
            errorLog.report(id, sequence, outcome, String.valueOf(e));

            return outcome;
        }
    }

    private static RequestOutcome classify(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return RequestOutcome.TIMEOUT;
        }
        if (e instanceof EOFException) {
            return RequestOutcome.CLOSED;
        }
        if (e instanceof ProtocolException) {
            return RequestOutcome.EXTRA_BYTES;
        }

        return RequestOutcome.IO_ERROR;
    }

    /**
     * The latencies of this connection's measured requests; read after the thread has ended.
     *
     * @return the histogram.
     */
    public LatencyHistogram histogram() {
        return histogram;
    }

    /**
     * Errors by kind, indexed by {@link RequestOutcome#ordinal()}; read after the thread has ended.
     *
     * @return a copy of the counts.
     */
    public long[] errorCounts() {
        return errorCounts.clone();
    }

    /**
     * The {@link System#nanoTime()} of the last measured reply; read after the thread has ended.
     *
     * @return the time, or 0 when none.
     */
    public long lastCompletionNanos() {
        return lastCompletionNanos;
    }

    /**
     * Whether this connection stopped early after too many errors in a row; read after the thread has ended.
     *
     * @return true when it stopped early.
     */
    public boolean stopped() {
        return stopped;
    }
}
