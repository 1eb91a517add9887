package dev.wasmhsm.engine.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReloadReportTest {
    @Test
    void aFailureReasonFromAHostileModuleCannotEndTheLogFieldItGoesIn() {
        var report = new ReloadReport.Builder(1);
        report.failed("ZZ", "the module imports hsm.x\" client_ip=\"6.6.6.6\n, which this host does not offer");

        assertEquals("[ZZ (the module imports hsm.x' client_ip='6.6.6.6?, which this host does not offer)]",
                report.build(Instant.EPOCH).failed().toString());
    }
}
