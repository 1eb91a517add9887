package dev.wasmhsm.engine.status;

import dev.wasmhsm.engine.metrics.PrometheusText;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The payShield listeners as the resource adapter publishes them in JMX ({@code dev.wasmhsm:type=Listener,port=N}),
 * read in one place for readiness, metrics, JMX and the health check command.
 */
public final class Listeners {
    private static final String PATTERN = "dev.wasmhsm:type=Listener,*";

    /**
     * One listener's figures.
     *
     * @param address the bound address and port.
     * @param listening whether it accepts connections.
     * @param active the connections open.
     * @param accepted the connections accepted since it started.
     * @param refused the connections refused since it started.
     * @param requests the requests answered since it started.
     * @param maxConnections the most connections allowed at once.
     * @param tlsHandshakes the TLS handshakes completed.
     */
    public record Listener(String address, boolean listening, int active, long accepted, long refused, long requests,
            int maxConnections, long tlsHandshakes) {
    }

    private Listeners() {
    }

    /** @return the listeners registered now, sorted by address. */
    public static List<Listener> read() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        var listeners = new TreeMap<String, Listener>();
        try {
            for (var name : server.queryNames(new ObjectName(PATTERN), null)) {
                try {
                    var listener = new Listener((String) server.getAttribute(name, "Address"),
                            (Boolean) server.getAttribute(name, "Listening"),
                            (Integer) server.getAttribute(name, "ActiveConnections"),
                            (Long) server.getAttribute(name, "AcceptedConnections"),
                            (Long) server.getAttribute(name, "RefusedConnections"),
                            (Long) server.getAttribute(name, "Requests"),
                            (Integer) server.getAttribute(name, "MaxConnections"),
                            (Long) server.getAttribute(name, "TlsHandshakes"));
                    listeners.put(listener.address(), listener);
                } catch (JMException e) {
                    // Unregistered between the query and the read: the listener has stopped.
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the listeners from JMX", e);
        }

        return List.copyOf(listeners.values());
    }

    /**
     * Writes the listeners' metrics.
     *
     * @param out the text.
     * @param listeners the listeners.
     */
    public static void write(PrometheusText out, List<Listener> listeners) {
        out.family("hsm_listener_up", "gauge", "1 while the payShield listener accepts connections.");
        listeners.forEach(l -> out.sample("hsm_listener_up", l.listening() ? 1 : 0, "listener", l.address()));
        out.family("hsm_listener_connections_active", "gauge", "Client connections open now.");
        listeners.forEach(l -> out.sample("hsm_listener_connections_active", l.active(), "listener", l.address()));
        out.family("hsm_listener_connections_max", "gauge", "The most client connections allowed at once.");
        listeners.forEach(l -> out.sample("hsm_listener_connections_max", l.maxConnections(), "listener",
                l.address()));
        out.family("hsm_listener_connections_accepted_total", "counter", "Client connections accepted.");
        listeners.forEach(l -> out.sample("hsm_listener_connections_accepted_total", l.accepted(), "listener",
                l.address()));
        out.family("hsm_listener_connections_refused_total", "counter", "Client connections refused: the"
                + " connection limit, the address allowlist, or the listener stopping.");
        listeners.forEach(l -> out.sample("hsm_listener_connections_refused_total", l.refused(), "listener",
                l.address()));
        out.family("hsm_listener_requests_total", "counter", "Requests the listener delivered and answered.");
        listeners.forEach(l -> out.sample("hsm_listener_requests_total", l.requests(), "listener", l.address()));
        out.family("hsm_listener_tls_handshakes_total", "counter", "TLS handshakes completed.");
        listeners.forEach(l -> out.sample("hsm_listener_tls_handshakes_total", l.tlsHandshakes(), "listener",
                l.address()));
    }
}
