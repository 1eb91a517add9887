package dev.wasmhsm.rar.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ListenerConfigTest {
    private static final String ADDRESS = "127.0.0.1";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    @Test
    void defaultsAreValidAndWithPortKeepsTheRest() {
        var defaults = ListenerConfig.defaults();
        var moved = defaults.withPort(0);

        assertEquals(1500, defaults.port());
        assertEquals(6, defaults.minFrameLength());
        assertEquals(0, moved.port());
        assertEquals(defaults, new ListenerConfig(moved.bindAddress(), 1500, moved.headerLength(),
                moved.trailerEnabled(), moved.maxFrameLength(), moved.maxConnections(), moved.backlog(),
                moved.idleTimeout(), moved.readTimeout(), moved.stopTimeout()));
    }

    @Test
    void portOutsideZeroTo65535IsRejected() {
        assertRejected(() -> ListenerConfig.defaults().withPort(-1));
        assertRejected(() -> ListenerConfig.defaults().withPort(65536));
        assertDoesNotThrow(() -> ListenerConfig.defaults().withPort(65535));
    }

    @Test
    void missingBindAddressIsRejected() {
        assertRejected(() -> new ListenerConfig(null, 0, 4, false, 100, 1, 1, MINUTE, MINUTE, MINUTE));
        assertRejected(() -> new ListenerConfig(" ", 0, 4, false, 100, 1, 1, MINUTE, MINUTE, MINUTE));
    }

    @Test
    void headerLengthOutsideZeroTo255IsRejected() {
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, -1, false, 100, 1, 1, MINUTE, MINUTE, MINUTE));
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 256, false, 1000, 1, 1, MINUTE, MINUTE, MINUTE));
        assertDoesNotThrow(() -> new ListenerConfig(ADDRESS, 0, 0, false, 2, 1, 1, MINUTE, MINUTE, MINUTE));
    }

    @Test
    void maxFrameLengthBelowHeaderPlusCommandCodeIsRejected() {
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 5, 1, 1, MINUTE, MINUTE, MINUTE));
        assertDoesNotThrow(() -> new ListenerConfig(ADDRESS, 0, 4, false, 6, 1, 1, MINUTE, MINUTE, MINUTE));
    }

    @Test
    void maxFrameLengthAboveTheWireLimitIsRejected() {
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 65536, 1, 1, MINUTE, MINUTE, MINUTE));
        assertDoesNotThrow(() -> new ListenerConfig(ADDRESS, 0, 4, false, 65535, 1, 1, MINUTE, MINUTE, MINUTE));
    }

    @Test
    void nonPositiveMaxConnectionsOrBacklogIsRejected() {
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 0, 1, MINUTE, MINUTE, MINUTE));
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 1, 0, MINUTE, MINUTE, MINUTE));
    }

    @Test
    void negativeTimeoutsAreRejected() {
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 1, 1, NEGATIVE, MINUTE, MINUTE));
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 1, 1, MINUTE, NEGATIVE, MINUTE));
        assertRejected(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 1, 1, MINUTE, MINUTE, NEGATIVE));
        assertDoesNotThrow(() -> new ListenerConfig(ADDRESS, 0, 4, false, 100, 1, 1, Duration.ZERO, Duration.ZERO,
                Duration.ZERO));
    }

    private static void assertRejected(Executable construction) {
        assertThrows(IllegalArgumentException.class, construction);
    }
}
