package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operations endpoints the EAR serves at {@code /hsm} on the server's HTTP port, read with real HTTP requests
 * as a load balancer and a Prometheus scraper read them: readiness follows the plugin set, and the metrics count
 * exactly the traffic this test sends.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpsEndpointsTest {
    private static final String BASE = "http://127.0.0.1:8080/hsm";
    /** The bearer token of hsm.metrics.tokenFile (scripts/test-secrets.sh). */
    private static final String TOKEN = System.getProperty("hsm.metrics.token", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void readyAndLiveWhileTheListenerIsBoundAndThePluginsServe() throws IOException, InterruptedException {
        var ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().startsWith("{\"status\":\"UP\",\"checks\":["), ready.body());
        assertTrue(ready.body().contains("{\"name\":\"listeners\",\"status\":\"UP\",\"data\":{\"listeners\":\""
                + "127.0.0.1:1500"), ready.body());
        assertTrue(ready.body().contains("{\"name\":\"plugins\",\"status\":\"UP\""), ready.body());
        assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        var live = get("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals(404, get("/health/other").statusCode());
    }

    @Test
    void notReadyWhileARequiredCommandIsUnloadedAndReadyAgainAfterItsReload() throws IOException,
            InterruptedException, JMException {
        try (var jmx = new ServerJmx()) {
            jmx.unload("NC");
            try {
                var ready = get("/health/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().startsWith("{\"status\":\"DOWN\""), ready.body());
                assertTrue(ready.body().contains("\"name\":\"plugins\",\"status\":\"DOWN\",\"data\":{\"loaded\":"),
                        ready.body());
                assertTrue(ready.body().contains("\"missing\":\"NC\""), ready.body());
                assertTrue(get("/metrics").body().contains("\nhsm_ready 0\n"));
                assertEquals(200, get("/health/live").statusCode(), "an unloaded command is not a dead node");
            } finally {
                jmx.reload("NC");
            }
        }

        assertEquals(200, get("/health/ready").statusCode());
    }

    @Test
    void theMetricsCountTheRequestsSentByCommandAndErrorCode() throws IOException, InterruptedException {
        var before = get("/metrics").body();
        try (var client = new HsmClient()) {
            for (int i = 0; i < 50; i++) {
                assertEquals("0001B300PING", client.call("0001B20004PING"));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("0002ZZ86", client.call("0002ZY"));
            }
        }
        var after = get("/metrics");

        assertEquals(200, after.statusCode());
        var type = after.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", "");
        assertTrue(type.startsWith("text/plain;version=0.0.4"), type);
        var text = after.body();
        assertTrue(text.contains("# TYPE hsm_requests_total counter\n"), text);
        assertTrue(text.contains("# TYPE hsm_request_duration_seconds histogram\n"), text);
        assertEquals(50, value(text, "hsm_requests_total{command=\"B2\",error_code=\"00\"}")
                - value(before, "hsm_requests_total{command=\"B2\",error_code=\"00\"}"));
        assertEquals(3, value(text, "hsm_requests_total{command=\"unknown\",error_code=\"86\"}")
                - value(before, "hsm_requests_total{command=\"unknown\",error_code=\"86\"}"));
        assertEquals(50, value(text, "hsm_request_duration_seconds_count{command=\"B2\"}")
                - value(before, "hsm_request_duration_seconds_count{command=\"B2\"}"));
        assertEquals(value(text, "hsm_request_duration_seconds_count{command=\"B2\"}"),
                value(text, "hsm_request_duration_seconds_bucket{command=\"B2\",le=\"+Inf\"}"));
        assertTrue(value(text, "hsm_listener_requests_total{listener=\"127.0.0.1:1500\"}")
                - value(before, "hsm_listener_requests_total{listener=\"127.0.0.1:1500\"}") >= 53, text);
        assertEquals(1, value(text, "hsm_listener_up{listener=\"127.0.0.1:1500\"}"));
        assertEquals(1, value(text, "hsm_ready"));
        assertTrue(value(text, "hsm_plugins_loaded") >= 24, text);
        assertEquals(0, value(text, "hsm_command_in_flight{command=\"B2\"}"));
    }

    @Test
    void theMetricsRefuseAScrapeWithoutTheTokenAndLogTheRefusal() throws IOException, InterruptedException {
        var before = ServerLog.offset();
        var none = send("/metrics", null);
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("Bearer realm=\"hsm-metrics\"", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(!none.body().contains("hsm_requests_total"), none.body());
        var wrong = send("/metrics", "Bearer " + TOKEN.substring(1) + "x");
        assertEquals(401, wrong.statusCode(), wrong.body());
        assertTrue(!wrong.body().contains("hsm_requests_total"), wrong.body());
        var basic = send("/metrics", "Basic " + TOKEN);
        assertEquals(401, basic.statusCode(), basic.body());

        var line = ServerLog.lineEventually(before, "event=metrics.refused client=127.0.0.1 ");
        assertTrue(line.contains("no bearer token"), line);
        assertTrue(!line.contains(TOKEN.substring(1)), "the log never carries a presented token: " + line);
        assertEquals(200, get("/health/ready").statusCode(), "health stays open to probes without credentials");
    }

    @Test
    void theMetricsRefuseAClientOutsideTheAllowlistEvenWithTheToken() throws IOException {
        // 127.0.0.2 is a loopback address the default allowlist (127.0.0.1 and ::1) does not name.
        try (var socket = new Socket(InetAddress.getByName("127.0.0.1"), 8080, InetAddress.getByName("127.0.0.2"),
                0)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(("GET /hsm/metrics HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            var reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
            assertTrue(!reply.contains("hsm_requests_total"), reply);
        }
    }

    private static long value(String metrics, String sample) {
        var matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(metrics);

        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Reads a path as the product's scraper does: with the bearer token for the metrics. */
    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(path, path.startsWith("/metrics") ? "Bearer " + TOKEN : null);
    }

    private static HttpResponse<String> send(String path, String authorization) throws IOException,
            InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }

        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
