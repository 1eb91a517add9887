package dev.wasmhsm.loadclient;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one load run, parsed and checked once from the command line.
 *
 * @param host the server's host name or address.
 * @param port the server's TCP port.
 * @param connections how many measured connections run at once, one thread each.
 * @param durationMillis how long the measured phase lasts, when {@code requestsPerConnection} is 0.
 * @param requestsPerConnection how many measured requests each connection sends, or 0 to run for a duration.
 * @param warmupMillis how long the connections send unmeasured requests before the measured phase.
 * @param command the host command to send.
 * @param payloadSize how many data bytes a B2 request carries.
 * @param headerLength the length of the message header, which holds a per-request counter.
 * @param idleConnections how many extra connections are opened first and held idle during the run.
 * @param timeoutMillis the connect and read timeout.
 * @param lengthFormat how the B2 length field is written.
 * @param tls TLS for every connection, or null for plain TCP.
 * @param rate the requests per second all connections send together whatever the replies (open loop), or 0 for
 *     closed loop (each connection sends its next request when the reply is in).
 */
public record LoadOptions(
        String host,
        int port,
        int connections,
        long durationMillis,
        long requestsPerConnection,
        long warmupMillis,
        Command command,
        int payloadSize,
        int headerLength,
        int idleConnections,
        int timeoutMillis,
        LengthFormat lengthFormat,
        ClientTls tls,
        long rate) {
    /** The usage text printed for --help and after a bad option. */
    public static final String USAGE = """
            usage: LoadClient [options]
              --host H               server host (default 127.0.0.1)
              --port P               server port (default 1500)
              --connections N        concurrent connections, one thread each (default 1)
              --duration S           measured seconds (default 10)
              --requests R           measured requests per connection instead of a duration
              --warmup S             unmeasured seconds before measuring (default 3)
              --command B2|NC|CW|CA|CW-S|CA-U|CA-S
                                     host command (default B2; CW and CA send a vectors.tsv request, CW-S and
                                     CA-S their keys as key blocks under %01, CA-U CA-S's keys in variant form)
              --payload-size B       B2 data bytes (default 4, "PING")
              --header-length L      message header length, holds a request counter (default 4)
              --idle N               extra idle connections held open during the run (default 0)
              --timeout-ms T         connect and read timeout (default 5000)
              --b2-length-format F   hex (payShield) or decimal (default hex)
              --tls-trust-store F    speak TLS, verifying the server against this PKCS#12 trust store
              --tls-key-store F      the PKCS#12 client key and certificate, for a mutual-TLS listener
              --tls-password-file F  the file whose first line is the password of both stores
              --rate R               open loop: send R requests/s in all (split over the connections) whatever
                                     the replies, and measure each latency from the time its request was due,
                                     so a stall counts for every request it delays (coordinated omission)
            """;

    private static final int MAX_FRAME_BODY = 65_535;
    private static final int MAX_HEADER_LENGTH = 255;
    private static final Set<String> KEYS = Set.of(
            "host", "port", "connections", "duration", "requests", "warmup", "command", "payload-size",
            "header-length", "idle", "timeout-ms", "b2-length-format", "tls-trust-store", "tls-key-store",
            "tls-password-file", "rate");

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if a setting is out of range.
     */
    public LoadOptions {
        requireRange("port", port, 1, 65_535);
        requireRange("connections", connections, 1, 10_000);
        requireRange("header-length", headerLength, 0, MAX_HEADER_LENGTH);
        requireRange("idle", idleConnections, 0, 100_000);
        requireRange("timeout-ms", timeoutMillis, 1, 3_600_000);
        if (requestsPerConnection < 0) {
            throw new IllegalArgumentException("requests must not be negative");
        }
        if (requestsPerConnection == 0 && durationMillis <= 0) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (warmupMillis < 0) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        var maxPayload = Math.min(lengthFormat.maxLength(), MAX_FRAME_BODY - headerLength - 6);
        requireRange("payload-size", payloadSize, 0, maxPayload);
        if (rate < 0 || rate > 10_000_000) {
            throw new IllegalArgumentException("rate must be 0 (closed loop) to 10000000 requests/s");
        }
    }

    /**
     * Returns the time between two requests of one connection in open loop.
     *
     * @return the interval in nanoseconds, or 0 in closed loop.
     */
    public long intervalNanos() {
        return rate == 0 ? 0 : connections * 1_000_000_000L / rate;
    }

    /**
     * Parses command-line arguments of the form {@code --name value} or {@code --name=value}.
     *
     * @param args the arguments.
     * @return the settings, with defaults for what is not given.
     * @throws IllegalArgumentException if an option is unknown, lacks a value or is out of range.
     */
    public static LoadOptions parse(String... args) {
        var values = new HashMap<String, String>();
        for (var i = 0; i < args.length; i++) {
            var arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            var equals = arg.indexOf('=');
            String key;
            String value;
            if (equals > 0) {
                key = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            values.put(key, value);
        }

        return fromValues(values);
    }

    private static LoadOptions fromValues(Map<String, String> values) {
        return new LoadOptions(
                values.getOrDefault("host", "127.0.0.1"),
                intValue(values, "port", 1500),
                intValue(values, "connections", 1),
                secondsAsMillis(values, "duration", 10),
                longValue(values, "requests", 0),
                secondsAsMillis(values, "warmup", 3),
                Command.parse(values.getOrDefault("command", "B2")),
                intValue(values, "payload-size", 4),
                intValue(values, "header-length", 4),
                intValue(values, "idle", 0),
                intValue(values, "timeout-ms", 5000),
                LengthFormat.parse(values.getOrDefault("b2-length-format", "hex")),
                tls(values),
                longValue(values, "rate", 0));
    }

    private static ClientTls tls(Map<String, String> values) {
        if (!values.containsKey("tls-trust-store")) {
            if (values.containsKey("tls-key-store") || values.containsKey("tls-password-file")) {
                throw new IllegalArgumentException("--tls-key-store and --tls-password-file need --tls-trust-store");
            }

            return null;
        }
        var keyStore = values.get("tls-key-store");
        var passwordFile = values.get("tls-password-file");

        return new ClientTls(Path.of(values.get("tls-trust-store")), keyStore == null ? null : Path.of(keyStore),
                passwordFile == null ? null : Path.of(passwordFile));
    }

    private static int intValue(Map<String, String> values, String key, int defaultValue) {
        var value = longValue(values, key, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " is out of range: " + value);
        }

        return (int) value;
    }

    private static long longValue(Map<String, String> values, String key, long defaultValue) {
        var text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not " + text, e);
        }
    }

    private static long secondsAsMillis(Map<String, String> values, String key, double defaultSeconds) {
        var text = values.get(key);
        double seconds;
        try {
            seconds = text == null ? defaultSeconds : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds, not " + text, e);
        }
        if (!(seconds >= 0) || seconds > 86_400) {
            throw new IllegalArgumentException(key + " must be between 0 and 86400 seconds, not " + text);
        }

        return Math.round(seconds * 1000);
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    /**
     * Whether the measured phase ends after a number of requests per connection rather than a duration.
     *
     * @return true for a request count.
     */
    public boolean countsRequests() {
        return requestsPerConnection > 0;
    }
}
