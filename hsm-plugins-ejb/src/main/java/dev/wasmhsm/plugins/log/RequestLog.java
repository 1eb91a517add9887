package dev.wasmhsm.plugins.log;

import org.jboss.logging.Logger;

/**
 * One structured log line per request, under the category {@code dev.wasmhsm.request}.
 *
 * <p>Fields: event, client, command, description, request and response in masked hex, responseCode, errorCode,
 * active connections and the time spent in microseconds. Successful requests log at INFO, failed ones at ERROR
 * with the reason; setting the category to WARN turns the per-request INFO lines off (see docs/performance.md for
 * what they cost with the server's default handlers).
 *
 * <p>Lines are written on the request's thread. A background writer was measured and rejected: on two cores its
 * bursts raised the p99 latency of a single connection from about 110 to 350 µs, and when the handlers could not
 * keep up it had to drop lines or block anyway.
 */
public final class RequestLog {
    private static final Logger LOG = Logger.getLogger("dev.wasmhsm.request");

    /**
     * The facts of one request.
     *
     * @param client the client's address.
     * @param description the plugin's description, or why there is none.
     * @param message the request message.
     * @param reply the reply message.
     * @param activeConnections the open connections.
     * @param nanos the time spent answering.
     */
    public record Entry(String client, String description, byte[] message, byte[] reply, int activeConnections,
            long nanos) {
    }

    /**
     * Logs an answered request.
     *
     * @param entry what happened.
     */
    public void answered(Entry entry) {
        if (LOG.isInfoEnabled()) {
            LOG.info(format("request", entry, null));
        }
    }

    /**
     * Logs a request that got an error reply because of a fault on the server's side.
     *
     * @param entry what happened.
     * @param reason why.
     */
    public void failed(Entry entry, String reason) {
        LOG.error(format("request.failed", entry, reason));
    }

    private static String format(String event, Entry entry, String reason) {
        var reply = entry.reply();
        var text = new StringBuilder(160 + 2 * (entry.message().length + reply.length))
                .append("event=").append(event)
                .append(" client=").append(entry.client())
                .append(" command=").append(printable(entry.message(), 0, 2))
                .append(" description=\"").append(entry.description()).append('"')
                .append(" request=").append(LogRedaction.maskedHex(entry.message()))
                .append(" response=").append(LogRedaction.maskedHex(reply))
                .append(" responseCode=").append(printable(reply, 0, 2))
                .append(" errorCode=").append(printable(reply, 2, 4))
                .append(" active=").append(entry.activeConnections())
                .append(" micros=").append(entry.nanos() / 1000);
        if (reason != null) {
            text.append(" reason=\"").append(reason.replace('"', '\'')).append('"');
        }

        return text.toString();
    }

    private static String printable(byte[] bytes, int from, int to) {
        var text = new StringBuilder(to - from);
        for (int i = from; i < Math.min(to, bytes.length); i++) {
            text.append(bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char) bytes[i] : '?');
        }

        return text.toString();
    }
}
