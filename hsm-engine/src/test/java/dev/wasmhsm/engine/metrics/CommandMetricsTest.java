package dev.wasmhsm.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandMetricsTest {
    @Test
    void requestsAreCountedByCommandAndErrorCodeWithACumulativeHistogram() {
        var metrics = new CommandMetrics(Set.of("B2", "CY")::contains);
        metrics.record("B2", reply("B300PING"), 40_000);
        metrics.record("B2", reply("B300PING"), 2_000_000);
        metrics.record("CY", reply("CZ01"), 80_000);
        metrics.record("ZZ", reply("ZZ86"), 1_000);
        metrics.record("Q\"", reply("Q\"86"), 1_000);
        metrics.record("CY", new byte[] {'C', 'Z', 0, 1}, 1_000);
        var out = new PrometheusText();
        metrics.write(out);
        var text = out.toString();

        assertTrue(text.contains("# TYPE hsm_requests_total counter\n"), text);
        assertTrue(text.contains("hsm_requests_total{command=\"B2\",error_code=\"00\"} 2\n"), text);
        assertTrue(text.contains("hsm_requests_total{command=\"CY\",error_code=\"01\"} 1\n"), text);
        assertTrue(text.contains("hsm_requests_total{command=\"CY\",error_code=\"invalid\"} 1\n"), text);
        assertTrue(text.contains("hsm_requests_total{command=\"unknown\",error_code=\"86\"} 2\n"), text);
        assertFalse(text.contains("ZZ") || text.contains("Q\\\""), "a code no plugin serves is not a label: " + text);
        assertTrue(text.contains("hsm_request_duration_seconds_bucket{command=\"B2\",le=\"2.5E-5\"} 0\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_bucket{command=\"B2\",le=\"5.0E-5\"} 1\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_bucket{command=\"B2\",le=\"0.001\"} 1\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_bucket{command=\"B2\",le=\"0.0025\"} 2\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_bucket{command=\"B2\",le=\"+Inf\"} 2\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_count{command=\"B2\"} 2\n"), text);
        assertTrue(text.contains("hsm_request_duration_seconds_sum{command=\"B2\"} 0.00204000000\n"), text);
    }

    @Test
    void labelValuesAreEscaped() {
        var out = new PrometheusText().sample("x", 1.5, "listener", "a\"b\\c\nd");

        assertTrue(out.toString().equals("x{listener=\"a\\\"b\\\\c\\nd\"} 1.50000000\n"), out.toString());
    }

    private static byte[] reply(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
