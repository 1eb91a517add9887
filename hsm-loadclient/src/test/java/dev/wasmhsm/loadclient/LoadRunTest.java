package dev.wasmhsm.loadclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LoadRunTest {
    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    @Test
    void correctServerGivesEveryRequestAndNoError() throws Exception {
        try (var server = FakeHsmServer.echo()) {
            var report = run("--port", String.valueOf(server.port()), "--connections", "3", "--requests", "200",
                    "--warmup", "0", "--idle", "5");

            assertEquals(600, report.requests());
            assertEquals(0, report.totalErrors());
            assertEquals(600, report.histogram().count());
            assertTrue(report.requestsPerSecond() > 0);
            assertEquals(5, report.idle().established());
            assertEquals(5, report.idle().stillOpen());
            assertTrue(report.resultLine().startsWith("result: connections=3 requests=600 errors=0 rps="));
        }
    }

    @Test
    void openLoopSendsAtTheRateAskedForWhateverTheServerCouldDo() throws Exception {
        try (var server = FakeHsmServer.echo()) {
            long started = System.nanoTime();
            var report = run("--port", String.valueOf(server.port()), "--connections", "2", "--requests", "100",
                    "--warmup", "0", "--rate", "400");
            double seconds = (System.nanoTime() - started) / 1e9;

            assertEquals(200, report.requests());
            assertEquals(0, report.totalErrors());
            // 200 requests at 400 requests/s take half a second, however fast the echo server answers.
            assertTrue(seconds >= 0.45, "took " + seconds + " s");
            assertTrue(report.requestsPerSecond() <= 440, "rate " + report.requestsPerSecond());
            assertTrue(report.summaryLine().contains("open loop at 400 req/s"), report.summaryLine());
        }
    }

    @Test
    void mixedUpRepliesAreCountedAndStopTheConnection() throws Exception {
        try (var server = FakeHsmServer.withWrongHeaders()) {
            var report = run("--port", String.valueOf(server.port()), "--connections", "2", "--requests", "10",
                    "--warmup", "0");

            assertEquals(0, report.requests());
            assertEquals(2L * ConnectionWorker.MAX_ERRORS_IN_A_ROW,
                    report.errorCounts()[RequestOutcome.WRONG_HEADER.ordinal()]);
            assertEquals(2, report.stoppedConnections());
            assertTrue(messages.toString(StandardCharsets.UTF_8).contains("wrong header"));
        }
    }

    @Test
    void absentServerEndsTheRunWithConnectErrors() throws Exception {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var report = run("--port", String.valueOf(port), "--duration", "30", "--warmup", "0");

        assertEquals(0, report.requests());
        assertEquals(ConnectionWorker.MAX_ERRORS_IN_A_ROW,
                report.errorCounts()[RequestOutcome.CONNECT_FAILED.ordinal()]);
        assertEquals(1, report.stoppedConnections());
    }

    @Test
    void tlsRunsVerifyTheServerAndReportTheHandshakeApart(@TempDir Path directory) throws Exception {
        var keys = directory.resolve("keys");
        var make = new ProcessBuilder("bash", Path.of("..", "scripts", "test-secrets.sh").toString(), keys.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, make.waitFor(), new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        var password = Files.readAllLines(keys.resolve("password")).get(0).toCharArray();
        try (var server = FakeHsmServer.echoOverTls(keys.resolve("server.p12"), password)) {
            var port = String.valueOf(server.port());
            var trusted = run("--port", port, "--connections", "2", "--requests", "50", "--warmup", "0",
                    "--tls-trust-store", keys.resolve("trust.p12").toString(), "--tls-password-file",
                    keys.resolve("password").toString());

            assertEquals(100, trusted.requests());
            assertEquals(0, trusted.totalErrors());
            assertTrue(messages.toString(StandardCharsets.UTF_8).contains("tls handshake: 20 connections"),
                    messages.toString(StandardCharsets.UTF_8));

            var untrusted = run("--port", port, "--requests", "5", "--warmup", "0", "--tls-trust-store",
                    keys.resolve("client.p12").toString(), "--tls-password-file", keys.resolve("password").toString());

            assertEquals(0, untrusted.requests(), "a server the trust store does not vouch for gets no request");
            assertTrue(untrusted.errorCounts()[RequestOutcome.CONNECT_FAILED.ordinal()] > 0);
        }
    }

    @Test
    void tlsOptionsNeedATrustStore() {
        var error = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--tls-key-store", "k.p12"));
        assertEquals("--tls-key-store and --tls-password-file need --tls-trust-store", error.getMessage());
    }

    private RunReport run(String... args) throws InterruptedException {
        var out = new PrintStream(messages, true, StandardCharsets.UTF_8);

        return new LoadRun(LoadOptions.parse(args), out).execute();
    }
}
