package dev.wasmhsm.rar.transport;

import dev.wasmhsm.protocol.Framing;
import java.time.Duration;
import java.util.List;

/**
 * The settings of one TCP listener, validated once when the listener is built.
 *
 * @param bindAddress the address to listen on.
 * @param port the TCP port; 0 picks a free one.
 * @param headerLength the length of the message header echoed in every reply.
 * @param trailerEnabled whether an EM (0x19) character and the trailer after it are split off and echoed.
 * @param maxFrameLength the largest frame accepted; a longer one closes its connection.
 * @param maxConnections the most client connections open at once; more are refused.
 * @param backlog the accept queue length.
 * @param idleTimeout how long a connection may stay silent between frames; zero waits for ever.
 * @param readTimeout how long the whole frame may take once its first byte has arrived; zero waits for ever.
 * @param stopTimeout how long a stop waits for in-flight requests before it closes their connections.
 * @param writeTimeout how long one reply may take to be written; a client that does not read it within that time
 *     is disconnected; zero waits for ever.
 * @param allowedClients the client addresses and CIDR ranges served, empty for every address.
 * @param maxConnectionsPerClient the most connections one client address may hold, 0 for no cap of its own.
 * @param tls TLS on the listener, or null for plain TCP.
 * @param lmk the LMK slot its requests use unless they name another with {@code %nn} (two digits), or null for the
 *     server's default.
 */
public record ListenerConfig(
        String bindAddress,
        int port,
        int headerLength,
        boolean trailerEnabled,
        int maxFrameLength,
        int maxConnections,
        int backlog,
        Duration idleTimeout,
        Duration readTimeout,
        Duration stopTimeout,
        Duration writeTimeout,
        List<String> allowedClients,
        int maxConnectionsPerClient,
        TlsConfig tls,
        String lmk) {
    /** The default write deadline: a reply not written within it closes its connection. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when a setting is out of range.
     */
    public ListenerConfig {
        require(bindAddress != null && !bindAddress.isBlank(), "bindAddress must be set");
        require(port >= 0 && port <= 0xFFFF, "port must be between 0 and 65535, was " + port);
        require(headerLength >= 0 && headerLength <= Framing.MAX_HEADER_LENGTH,
                "headerLength must be between 0 and 255, was " + headerLength);
        require(maxFrameLength >= headerLength + 2 && maxFrameLength <= Framing.MAX_FRAME_LENGTH,
                "maxFrameLength must be between headerLength + 2 and 65535, was " + maxFrameLength);
        require(maxConnections > 0, "maxConnections must be positive, was " + maxConnections);
        require(backlog > 0, "backlog must be positive, was " + backlog);
        require(!idleTimeout.isNegative(), "idleTimeout must not be negative");
        require(!readTimeout.isNegative(), "readTimeout must not be negative");
        require(!stopTimeout.isNegative(), "stopTimeout must not be negative");
        require(!writeTimeout.isNegative(), "writeTimeout must not be negative");
        require(maxConnectionsPerClient >= 0, "maxConnectionsPerClient must not be negative");
        allowedClients = List.copyOf(allowedClients);
        new ClientFilter(allowedClients, maxConnectionsPerClient);
        require(lmk == null || lmk.matches("[0-9]{2}"), "lmk is an LMK slot, two digits, not " + lmk);
    }

    /**
     * Creates settings whose requests use the server's default LMK.
     *
     * @param bindAddress the address to bind.
     * @param port the port, 0 for any free one.
     * @param headerLength the message header length.
     * @param trailerEnabled whether requests may carry a trailer.
     * @param maxFrameLength the longest frame accepted.
     * @param maxConnections the most connections open at once.
     * @param backlog the accept queue length.
     * @param idleTimeout how long a connection may stay silent between frames.
     * @param readTimeout how long a started frame may take.
     * @param stopTimeout how long a stop waits for requests in flight.
     * @param writeTimeout how long one reply may take to be written.
     * @param allowedClients the client addresses and CIDR ranges served, empty for every address.
     * @param maxConnectionsPerClient the most connections one client address may hold, 0 for no cap of its own.
     * @param tls TLS on the listener, or null for plain TCP.
     */
    public ListenerConfig(String bindAddress, int port, int headerLength, boolean trailerEnabled, int maxFrameLength,
            int maxConnections, int backlog, Duration idleTimeout, Duration readTimeout, Duration stopTimeout,
            Duration writeTimeout, List<String> allowedClients, int maxConnectionsPerClient, TlsConfig tls) {
        this(bindAddress, port, headerLength, trailerEnabled, maxFrameLength, maxConnections, backlog, idleTimeout,
                readTimeout, stopTimeout, writeTimeout, allowedClients, maxConnectionsPerClient, tls, null);
    }

    /**
     * Creates settings that serve every client address, without a cap per address.
     *
     * @param bindAddress the address to bind.
     * @param port the port, 0 for any free one.
     * @param headerLength the message header length.
     * @param trailerEnabled whether requests may carry a trailer.
     * @param maxFrameLength the longest frame accepted.
     * @param maxConnections the most connections open at once.
     * @param backlog the accept queue length.
     * @param idleTimeout how long a connection may stay silent between frames.
     * @param readTimeout how long a started frame may take.
     * @param stopTimeout how long a stop waits for requests in flight.
     * @param writeTimeout how long one reply may take to be written.
     */
    public ListenerConfig(String bindAddress, int port, int headerLength, boolean trailerEnabled, int maxFrameLength,
            int maxConnections, int backlog, Duration idleTimeout, Duration readTimeout, Duration stopTimeout,
            Duration writeTimeout) {
        this(bindAddress, port, headerLength, trailerEnabled, maxFrameLength, maxConnections, backlog, idleTimeout,
                readTimeout, stopTimeout, writeTimeout, List.of(), 0, null);
    }

    /**
     * Creates settings with the default write deadline.
     *
     * @param bindAddress the address to bind.
     * @param port the port, 0 for any free one.
     * @param headerLength the message header length.
     * @param trailerEnabled whether requests may carry a trailer.
     * @param maxFrameLength the longest frame accepted.
     * @param maxConnections the most connections open at once.
     * @param backlog the accept queue length.
     * @param idleTimeout how long a connection may stay silent between frames.
     * @param readTimeout how long a started frame may take.
     * @param stopTimeout how long a stop waits for requests in flight.
     */
    public ListenerConfig(String bindAddress, int port, int headerLength, boolean trailerEnabled, int maxFrameLength,
            int maxConnections, int backlog, Duration idleTimeout, Duration readTimeout, Duration stopTimeout) {
        this(bindAddress, port, headerLength, trailerEnabled, maxFrameLength, maxConnections, backlog, idleTimeout,
                readTimeout, stopTimeout, DEFAULT_WRITE_TIMEOUT);
    }

    /**
     * Returns the defaults: 127.0.0.1:1500, a 4-byte header, no trailer, 32 KiB frames, 2,000 connections.
     *
     * @return the default settings.
     */
    public static ListenerConfig defaults() {
        return new ListenerConfig("127.0.0.1", 1500, 4, false, 32 * 1024, 2000, 1024,
                Duration.ofMinutes(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /**
     * Returns a copy listening on another port.
     *
     * @param newPort the port.
     * @return the new settings.
     */
    public ListenerConfig withPort(int newPort) {
        return new ListenerConfig(bindAddress, newPort, headerLength, trailerEnabled, maxFrameLength, maxConnections,
                backlog, idleTimeout, readTimeout, stopTimeout, writeTimeout, allowedClients, maxConnectionsPerClient,
                tls, lmk);
    }

    /**
     * Returns the smallest valid frame: the header and a command code.
     *
     * @return the minimum frame length.
     */
    public int minFrameLength() {
        return headerLength + 2;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
