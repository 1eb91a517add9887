package dev.wasmhsm.client;

import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to reach an HSM.
 *
 * @param host the host name or address.
 * @param port the TCP port (1500 for a payShield's host port).
 * @param headerLength the message header length the HSM is configured with (0-255); the client fills it with a
 *     request counter and checks that the reply echoes it.
 * @param trailer the trailer sent after an EM character (X'19), or null for none; the reply must echo it.
 * @param connectTimeout the longest wait for the connection, the TLS handshake included.
 * @param replyTimeout the longest wait for a reply.
 * @param tls the TLS socket factory, or null for plain TCP; the HSM's certificate must name the host.
 */
public record HsmSettings(String host, int port, int headerLength, String trailer, Duration connectTimeout,
        Duration replyTimeout, SSLSocketFactory tls) {
    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException when a value is out of range.
     */
    public HsmSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("an HSM needs a host");
        }
        if (port < 1 || port > 65_535 || headerLength < 0 || headerLength > 255) {
            throw new IllegalArgumentException("port must be 1-65535 and header length 0-255, were " + port + " and "
                    + headerLength);
        }
        if (trailer != null && trailer.length() > 32) {
            throw new IllegalArgumentException("a trailer is at most 32 characters");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || replyTimeout.isNegative()
                || replyTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * Plain TCP with a 4-byte header, no trailer, and 5-second timeouts.
     *
     * @param host the host.
     * @param port the port.
     * @return the settings.
     */
    public static HsmSettings of(String host, int port) {
        return new HsmSettings(host, port, 4, null, Duration.ofSeconds(5), Duration.ofSeconds(5), null);
    }

    /**
     * The same settings over TLS.
     *
     * @param factory the TLS socket factory (its context holds the trusted certificates and the client key).
     * @return the settings.
     */
    public HsmSettings withTls(SSLSocketFactory factory) {
        return new HsmSettings(host, port, headerLength, trailer, connectTimeout, replyTimeout, factory);
    }

    /**
     * The same settings with another header length.
     *
     * @param length the header length.
     * @return the settings.
     */
    public HsmSettings withHeaderLength(int length) {
        return new HsmSettings(host, port, length, trailer, connectTimeout, replyTimeout, tls);
    }
}
