package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbound connector as an application in the server uses it (the test application of
 * {@link Deployments#earWithConnectorApp()}): local delivery to the listener's endpoint, remote TCP to the
 * host port with failover, a down HSM, and a factory's command allowlist.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OutboundConnectorTest {
    private static final String JNDI = System.getProperty("hsm.connector.jndi", "java:/eis/hsm/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithConnectorApp();
    }

    @Test
    void theLocalFactoryDeliversToTheSameEngineAsTheHostPort() throws Exception {
        var reply = call("local", "NC");

        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("reply=" + hex("ND0026860400000000000007-E000"), reply.body());
        assertEquals("reply=" + hex("CX00561"), call("local",
                "CWU9B4934384B19946B040CD702B4D581454123456789012345;8701101").body());
    }

    @Test
    void theRemoteFactoryReachesTheHostPortAndFailsOverFromADeadOne() throws Exception {
        assertEquals("reply=" + hex("B300PING"), call("remote", "B20004PING").body());
        for (int i = 0; i < 3; i++) {
            assertEquals("reply=" + hex("B300PING"), call("failover", "B20004PING").body(), "call " + i);
        }
    }

    @Test
    void theRemoteFactorySpeaksMutualTlsToTheSecurePort() throws Exception {
        var reply = call("remote-tls", "B20004PING");

        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("reply=" + hex("B300PING"), reply.body());
    }

    @Test
    void aDownHsmIsAClearErrorWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        var reply = call("down", "NC");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertEquals(503, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("no HSM answers"), reply.body());
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void aFactoryAllowlistRefusesOtherCommandsWithError17() throws Exception {
        assertEquals("reply=" + hex("A917"), call("card",
                "A8003U71979DEB8587E2734F1E99D5DCAEF9ACU1EF828AA8F6B80EB83E19FBC373F3A85U").body());
        assertTrue(call("card", "NC").body().startsWith("reply=" + hex("ND00")));
    }

    @Test
    void sixtyFourConcurrentCallersEachGetTheirOwnReply() throws Exception {
        var pool = Executors.newFixedThreadPool(64);
        try {
            var calls = new ArrayList<Callable<Boolean>>();
            for (int i = 0; i < 64; i++) {
                var data = String.format("P%03d", i);
                calls.add(() -> {
                    for (int round = 0; round < 10; round++) {
                        var body = call(round % 2 == 0 ? "local" : "remote", "B20004" + data).body();
                        if (!body.equals("reply=" + hex("B300" + data))) {
                            return false;
                        }
                    }

                    return true;
                });
            }
            for (var result : pool.invokeAll(calls)) {
                assertTrue(result.get());
            }
            for (var factory : new String[] {"local", "remote"}) {
                var statistics = statistics(factory);
                assertTrue(statistics.matches("open=([1-9]|[1-5][0-9]|6[0-4]) inUse=0"), factory + ": " + statistics
                        + ", every connection back in its pool of at most 64");
            }
            try (var jmx = new ServerJmx()) {
                var open = (Integer) jmx.listenerAttribute(1500, "ActiveConnections");
                assertTrue(open <= 64, "the remote factory's pool (at most 64) holds " + open + " connections to 1500");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRequestLogAndTheAuditNameTheCallingApplication() throws Exception {
        var before = ServerLog.offset();
        assertEquals("reply=" + hex("B300LOGS"), call("local", "B20004LOGS").body());
        assertEquals("reply=" + hex("A917"), call("card", "A8003U0000").body());

        var caller = "client=local:app=hsm,principal=-";
        assertTrue(ServerLog.lineEventually(before, caller + " command=B2 ").contains("event=request"));
        assertTrue(ServerLog.lineEventually(before, "event=connector.refused " + caller).contains(" command=A8"
                + " errorCode=17 "));
    }

    @Test
    void theContainerSignsTheCallerOnAndTheRequestLogNamesThem() throws Exception {
        var before = ServerLog.offset();
        for (int i = 0; i < 2; i++) {
            assertEquals("reply=" + hex("B300SIGN"), call("signon", "B20004SIGN").body(), "call " + i);
        }

        var line = ServerLog.lineEventually(before, "client=local:app=hsm,principal=teller command=B2 ");
        assertTrue(line.contains("event=request"), line);
    }

    private static String statistics(String factory) throws IOException, InterruptedException {
        return send("factory=" + URLEncoder.encode(JNDI + factory, ISO_8859_1)).body();
    }

    private static HttpResponse<String> call(String factory, String message) throws IOException,
            InterruptedException {
        return send("factory=" + URLEncoder.encode(JNDI + factory, ISO_8859_1) + "&hex=" + hex(message));
    }

    private static HttpResponse<String> send(String query) throws IOException, InterruptedException {
        var uri = URI.create("http://127.0.0.1:8080/hsm-it/call?" + query);

        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String hex(String text) {
        return HexFormat.of().withUpperCase().formatHex(text.getBytes(ISO_8859_1));
    }
}
