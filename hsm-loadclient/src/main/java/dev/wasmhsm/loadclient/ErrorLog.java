package dev.wasmhsm.loadclient;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints the first few errors of a run in detail, so a mismatch can be seen, and stays quiet after that.
 */
public final class ErrorLog {
    private static final int SHOWN_BYTES = 80;

    private final PrintStream out;
    private final int limit;
    private final AtomicInteger reported = new AtomicInteger();

    /**
     * Creates a log.
     *
     * @param out where to print.
     * @param limit how many errors to print at most.
     */
    public ErrorLog(PrintStream out, int limit) {
        this.out = out;
        this.limit = limit;
    }

    /**
     * Prints an error if fewer than the limit have been printed.
     *
     * @param connectionId the connection's number.
     * @param sequence the request's number on that connection.
     * @param outcome the kind of error.
     * @param detail what was received or what failed.
     */
    public void report(int connectionId, long sequence, RequestOutcome outcome, String detail) {
        var count = reported.incrementAndGet();
        if (count <= limit) {
            out.printf("error: connection %d request %d: %s: %s%n", connectionId, sequence, outcome.description(),
                    detail);
        }
        if (count == limit) {
            out.println("error: further errors are counted but not shown");
        }
    }

    /**
     * Renders bytes for a message: printable ASCII as is, other bytes as \xNN, cut after 80 bytes.
     *
     * @param bytes the array.
     * @param offset where the bytes start.
     * @param length how many bytes.
     * @return the text.
     */
    public static String printable(byte[] bytes, int offset, int length) {
        var text = new StringBuilder();
        var shown = Math.min(length, SHOWN_BYTES);
        for (var i = 0; i < shown; i++) {
            var b = bytes[offset + i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\') {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02X", b));
            }
        }
        if (shown < length) {
            text.append("... (").append(length).append(" bytes)");
        }

        return text.toString();
    }
}
