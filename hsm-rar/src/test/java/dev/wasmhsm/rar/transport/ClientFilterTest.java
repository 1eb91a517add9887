package dev.wasmhsm.rar.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Addresses and CIDR ranges, the per-address cap, and refusal lines that a scan cannot turn into a flood. */
class ClientFilterTest {
    @Test
    void addressesAndRangesAreMatchedByPrefix() throws UnknownHostException {
        var filter = new ClientFilter(List.of("10.1.0.0/16", "192.168.7.9", "fd00::/8"), 0);

        assertNull(filter.admit(InetAddress.getByName("10.1.200.3")));
        assertNull(filter.admit(InetAddress.getByName("192.168.7.9")));
        assertNull(filter.admit(InetAddress.getByName("fd12::1")));
        assertTrue(filter.admit(InetAddress.getByName("10.2.0.1")).contains("allowedClients"));
        assertTrue(filter.admit(InetAddress.getByName("192.168.7.10")).contains("allowedClients"));
        assertNull(new ClientFilter(List.of(), 0).admit(InetAddress.getByName("203.0.113.5")), "empty: every one");
        assertThrows(IllegalArgumentException.class, () -> new ClientFilter(List.of("10.0.0.0/33"), 0));
        assertThrows(IllegalArgumentException.class, () -> new ClientFilter(List.of("hsm.example.com"), 0));
    }

    @Test
    void refusalsAreLoggedOncePerPeriodWithTheCountNotLogged() {
        var lines = new ArrayList<String>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
                // Nothing is buffered.
            }

            @Override
            public void close() {
                // Nothing to release.
            }
        };
        var logger = Logger.getLogger(ClientFilter.class.getName());
        logger.addHandler(handler);
        try {
            var filter = new ClientFilter(List.of("127.0.0.1"), 0);
            for (int i = 0; i < 1000; i++) {
                filter.logRefusal("127.0.0.2:" + i, "the address is not in hsm.listener.allowedClients", 0);
            }
        } finally {
            logger.removeHandler(handler);
        }

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("client=127.0.0.2:0"), lines.get(0));
    }
}
