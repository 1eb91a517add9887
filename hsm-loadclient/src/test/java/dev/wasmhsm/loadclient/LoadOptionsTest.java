package dev.wasmhsm.loadclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void defaultsAreOneB2ConnectionOnLocalPort1500() {
        var options = LoadOptions.parse();

        assertEquals("127.0.0.1", options.host());
        assertEquals(1500, options.port());
        assertEquals(1, options.connections());
        assertEquals(10_000, options.durationMillis());
        assertEquals(3_000, options.warmupMillis());
        assertEquals(Command.B2, options.command());
        assertEquals(4, options.payloadSize());
        assertEquals(4, options.headerLength());
        assertEquals(0, options.idleConnections());
        assertFalse(options.countsRequests());
    }

    @Test
    void bothOptionFormsAreAccepted() {
        var options = LoadOptions.parse("--port", "15000", "--connections=8", "--duration", "2.5", "--command",
                "nc", "--idle", "1000", "--requests", "100");

        assertEquals(15000, options.port());
        assertEquals(8, options.connections());
        assertEquals(2_500, options.durationMillis());
        assertEquals(Command.NC, options.command());
        assertEquals(1000, options.idleConnections());
        assertTrue(options.countsRequests());
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--speed", "9"));
        var missing = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--port"));
        var range = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--connections", "0"));
        var number = assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--port", "x"));

        assertEquals("unknown option --speed", unknown.getMessage());
        assertEquals("option --port needs a value", missing.getMessage());
        assertEquals("connections must be between 1 and 10000, not 0", range.getMessage());
        assertEquals("port must be a whole number, not x", number.getMessage());
    }

    @Test
    void theRateSplitsOverTheConnections() {
        assertEquals(0, LoadOptions.parse().intervalNanos());
        assertEquals(8_000_000, LoadOptions.parse("--connections", "8", "--rate", "1000").intervalNanos());
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse("--rate", "-5"));
    }

    @Test
    void payloadMustFitTheLengthField() {
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse("--payload-size", "10000", "--b2-length-format", "decimal"));
        assertEquals(10_000, LoadOptions.parse("--payload-size", "10000").payloadSize());
    }
}
