package dev.wasmhsm.loadclient;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * One load run: idle connections first, then the measured connections through warm-up and measuring, then
 * the merged figures.
 */
public final class LoadRun {
    private static final int SHOWN_ERRORS = 10;
    private static final long SPARE_FILE_DESCRIPTORS = 64;
    private static final int HANDSHAKE_SAMPLES = 20;

    private final LoadOptions options;
    private final PrintStream messages;

    /**
     * Prepares a run.
     *
     * @param options the run's settings.
     * @param messages where errors and warnings are printed.
     */
    public LoadRun(LoadOptions options, PrintStream messages) {
        this.options = options;
        this.messages = messages;
    }

    /**
     * The measured connections after their threads ended, with the length of the measured phase.
     *
     * @param workers the connections.
     * @param measuredNanos how long the measured phase lasted.
     */
    private record FinishedWorkers(List<ConnectionWorker> workers, long measuredNanos) {
    }

    /**
     * Runs the load and waits for it to end.
     *
     * @return the figures.
     * @throws InterruptedException if interrupted while waiting for the connections.
     */
    public RunReport execute() throws InterruptedException {
        var address = new InetSocketAddress(options.host(), options.port());
        var tls = options.tls() == null ? null : options.tls().socketFactory();
        if (tls != null) {
            measureHandshakes(address, tls);
        }
        var idleCount = idleConnectionsWithinLimit();
        try (var idle = IdleConnections.open(address, idleCount, options.timeoutMillis())) {
            if (idle.failure() != null) {
                messages.println("warning: " + idle.failure());
            }
            var workers = runWorkers(address, tls);
            var report = merge(workers.workers(), workers.measuredNanos());
            if (options.idleConnections() == 0) {
                return report;
            }
            var summary = new RunReport.IdleSummary(options.idleConnections(), idle.established(),
                    idle.countStillOpen(), idleNote(idle, idleCount));

            return new RunReport(options, report.requests(), report.errorCounts(), report.measuredNanos(),
                    report.histogram(), report.stoppedConnections(), summary);
        }
    }

    /**
     * Reports what a TLS connection costs before its first request: {@value #HANDSHAKE_SAMPLES} connections opened
     * one after another (connect and handshake), each closed at once, so the run's figures are of established
     * connections.
     */
    private void measureHandshakes(InetSocketAddress address, SSLSocketFactory tls) {
        var histogram = new LatencyHistogram();
        long total = 0;
        for (var i = 0; i < HANDSHAKE_SAMPLES; i++) {
            var start = System.nanoTime();
            try {
                var connection = HsmConnection.open(address, options.timeoutMillis(), tls);
                var nanos = System.nanoTime() - start;
                connection.close();
                histogram.record(nanos);
                total += nanos;
            } catch (IOException e) {
                messages.println("warning: TLS handshake failed: " + e);

                return;
            }
        }
        messages.printf("tls handshake: %d connections one after another, connect and handshake mean %.2f ms,"
                + " p50 %.2f ms, max %.2f ms%n", histogram.count(), total / 1e6 / histogram.count(),
                histogram.valueAtPercentile(50) / 1e6, histogram.max() / 1e6);
    }

    private FinishedWorkers runWorkers(InetSocketAddress address, SSLSocketFactory tls) throws InterruptedException {
        var gate = new StartGate(options.connections());
        var errorLog = new ErrorLog(messages, SHOWN_ERRORS);
        var workers = new ArrayList<ConnectionWorker>();
        var threads = new ArrayList<Thread>();
        for (var i = 0; i < options.connections(); i++) {
            var worker = new ConnectionWorker(i + 1, options, address, tls, gate, errorLog);
            var thread = new Thread(worker, "load-" + (i + 1));
            thread.setDaemon(true);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        gate.awaitArrivals();
        var measureStart = System.nanoTime() + options.warmupMillis() * 1_000_000;
        var end = options.countsRequests() ? Long.MAX_VALUE : measureStart + options.durationMillis() * 1_000_000;
        gate.open(new RunSchedule(measureStart, end, options.requestsPerConnection()));
        for (var thread : threads) {
            thread.join();
        }
        var measuredNanos = end - measureStart;
        if (options.countsRequests()) {
            var last = workers.stream().mapToLong(ConnectionWorker::lastCompletionNanos).max().orElse(0);
            measuredNanos = Math.max(0, last - measureStart);
        }

        return new FinishedWorkers(workers, measuredNanos);
    }

    private RunReport merge(List<ConnectionWorker> workers, long measuredNanos) {
        var histogram = new LatencyHistogram();
        var errorCounts = new long[RequestOutcome.values().length];
        var stopped = 0;
        for (var worker : workers) {
            histogram.add(worker.histogram());
            var counts = worker.errorCounts();
            for (var i = 0; i < counts.length; i++) {
                errorCounts[i] += counts[i];
            }
            if (worker.stopped()) {
                stopped++;
            }
        }

        return new RunReport(options, histogram.count(), errorCounts, measuredNanos, histogram, stopped, null);
    }

    private String idleNote(IdleConnections idle, int idleCount) {
        if (idle.failure() != null) {
            return idle.failure();
        }

        return idleCount < options.idleConnections() ? "capped by the open-file limit, raise ulimit -n" : null;
    }

    private int idleConnectionsWithinLimit() {
        var wanted = options.idleConnections();
        if (wanted == 0
                || !(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix)) {
            return wanted;
        }
        var free = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - options.connections()
                - SPARE_FILE_DESCRIPTORS;
        if (free >= wanted) {
            return wanted;
        }
        var capped = (int) Math.max(0, free);
        messages.printf("warning: open-file limit %d allows only %d idle connections, not %d; raise ulimit -n%n",
                unix.getMaxFileDescriptorCount(), capped, wanted);

        return capped;
    }
}
