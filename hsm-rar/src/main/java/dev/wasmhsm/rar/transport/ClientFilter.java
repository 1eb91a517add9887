package dev.wasmhsm.rar.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Which clients a listener serves: an allowlist of addresses and CIDR ranges (empty: every address), and a cap on
 * the connections one address may hold (0: none but the listener's own). A refused connection is counted and
 * logged, at most one line per {@link #LOG_PERIOD_NANOS} so that a scan does not flood the log.
 */
final class ClientFilter {
    /** How often a refusal is logged at most; the line says how many were not logged since the last one. */
    static final long LOG_PERIOD_NANOS = 10_000_000_000L;

    private static final Logger LOG = Logger.getLogger(ClientFilter.class);

    private final List<Range> allowed;
    private final int maxPerClient;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_PERIOD_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    /** An address range: the first {@code bits} bits of {@code network}. */
    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }

            return true;
        }
    }

    /**
     * Creates the filter.
     *
     * @param allowedClients the addresses and CIDR ranges served, such as {@code 10.1.0.0/16, 127.0.0.1}; empty for
     *     every address.
     * @param maxPerClient the most connections one address may hold, 0 for no cap of its own.
     * @throws IllegalArgumentException for an entry that is no address or range.
     */
    ClientFilter(List<String> allowedClients, int maxPerClient) {
        var ranges = new ArrayList<Range>();
        for (var entry : allowedClients) {
            ranges.add(parse(entry.strip()));
        }
        this.allowed = List.copyOf(ranges);
        this.maxPerClient = maxPerClient;
    }

    /**
     * Admits a new connection, or says why not; an admitted one is counted until {@link #closed}.
     *
     * @param address the client's address.
     * @return null when admitted, else the reason it is refused.
     */
    String admit(InetAddress address) {
        if (!allowed.isEmpty() && allowed.stream().noneMatch(range -> range.contains(address.getAddress()))) {
            return "the address is not in hsm.listener.allowedClients";
        }
        var count = open.computeIfAbsent(address, key -> new AtomicInteger());
        if (count.incrementAndGet() > maxPerClient && maxPerClient > 0) {
            count.decrementAndGet();

            return "the address holds " + maxPerClient + " connections already (hsm.listener.maxConnectionsPerClient)";
        }

        return null;
    }

    /**
     * Counts a connection of an address as closed.
     *
     * @param address the client's address.
     */
    void closed(InetAddress address) {
        var count = open.get(address);
        if (count != null && count.decrementAndGet() <= 0) {
            open.remove(address, count);
        }
    }

    /**
     * Logs a refused connection, unless one was logged within {@link #LOG_PERIOD_NANOS}.
     *
     * @param client the client's address and port.
     * @param reason why it was refused.
     * @param active the listener's open connections.
     */
    void logRefusal(String client, String reason, int active) {
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last < LOG_PERIOD_NANOS || !lastLog.compareAndSet(last, now)) {
            unlogged.incrementAndGet();

            return;
        }
        LOG.warnf("event=connection.refused client=%s description=\"%s\" active=%d unlogged=%d", client, reason,
                active, unlogged.getAndSet(0));
    }

    private static Range parse(String entry) {
        int slash = entry.indexOf('/');
        var host = slash < 0 ? entry : entry.substring(0, slash);
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("allowedClients takes addresses and CIDR ranges, not " + entry);
        }
        try {
            var network = InetAddress.getByName(host).getAddress();
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(entry.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("the prefix of " + entry + " is out of range");
            }

            return new Range(network, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("allowedClients takes addresses and CIDR ranges, not " + entry, e);
        }
    }
}
