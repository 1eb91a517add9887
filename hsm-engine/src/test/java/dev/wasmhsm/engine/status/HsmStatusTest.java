package dev.wasmhsm.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.metrics.CommandMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HsmStatusTest {
    private static final byte[] OK = "DD00".getBytes(StandardCharsets.US_ASCII);
    private static final Instant START = Instant.parse("2026-12-02T10:20:30Z");

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theHealthCheckHasTheFieldsOfJlInTheirWidths() {
        var status = new HsmStatus(new CommandMetrics(code -> true), "SERIAL", true, () -> 2, new TestClock());
        var text = new String(status.healthCheck(), StandardCharsets.US_ASCII);

        assertEquals("SERIAL      " + "021226" + "102030" + "33" + "33" + "00" + "1" + "01" + "01" + "00"
                + "00" + "1" + "02" + "V" + "0" + "T" + "Test LMK" + "\u0014\u0015" + "00", text);
    }

    @Test
    void volumesCountEachCommandAndLoadingCountsTheSampledSecondsByRange() {
        var metrics = new CommandMetrics(Set.of("B2", "DC")::contains);
        var clock = new TestClock();
        var status = new HsmStatus(metrics, "WASMHSM00001", false, () -> 0, clock);
        for (int i = 0; i < 25; i++) {
            metrics.record("B2", OK, 1_000);
        }
        metrics.record("DC", OK, 1_000);
        metrics.record("ZZ", OK, 1_000);
        clock.now = START.plusSeconds(1);
        status.sample();
        metrics.record("DC", OK, 1_000);
        clock.now = START.plusSeconds(2);
        status.sample();

        var volumes = new String(status.volumes(), StandardCharsets.US_ASCII);
        assertEquals("WASMHSM00001" + "021226102030" + "021226102032" + "021226102032" + "0000000002"
                + "B2" + "000000000025" + "DC" + "000000000002", volumes);
        var loading = new String(status.loading(), StandardCharsets.US_ASCII);
        assertTrue(loading.startsWith("WASMHSM00001" + "021226102030" + "021226102032" + "021226102032"
                + "0000000002" + "000010" + "0000000002" + ";" + "010020" + "0000000000" + ";"), loading);
        assertEquals(12 + 36 + 10 + 10 * 17, loading.length());
        assertTrue(loading.endsWith("090100" + "0000000000" + ";"), loading);
    }

    @Test
    void healthCountsTellThePinVerificationsOfTheLastMinuteAndHour() {
        var metrics = new CommandMetrics(Set.of("DC", "EC")::contains);
        var clock = new TestClock();
        var status = new HsmStatus(metrics, "WASMHSM00001", false, () -> 0, clock);
        for (int i = 0; i < 3; i++) {
            metrics.record("EC", OK, 1_000);
        }
        clock.now = START.plusSeconds(1);
        status.sample();
        clock.now = START.plusSeconds(120);
        metrics.record("DC", OK, 1_000);
        status.sample();

        var counts = new String(status.healthCounts(), StandardCharsets.US_ASCII);
        assertEquals(12 + 36 + 10 + 10 + 7 + 5 + 8, counts.length());
        assertEquals("0000000000" + "0000000000" + "0000001" + "00004" + "00000000", counts.substring(48), counts);
    }
}
