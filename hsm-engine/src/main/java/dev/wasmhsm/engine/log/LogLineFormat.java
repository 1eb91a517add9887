package dev.wasmhsm.engine.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

/**
 * Writes one log record as one line: {@code kv} keeps the message's {@code key=value} fields as they are, after a
 * timestamp, the level and the category; {@code json} writes one flat JSON object with the fields operators of
 * the original design expect ({@code time}, {@code level}, {@code event}, {@code client_ip}, {@code command},
 * {@code description}, {@code request_hex}, {@code response_hex}, {@code response_command}, {@code error_code},
 * {@code active_connections}, {@code micros}; other keys in snake case). A message that is not made of
 * {@code key=value} pairs goes whole into {@code message}. The fields were masked when the message was made; this
 * class only moves them.
 */
final class LogLineFormat {
    private static final Map<String, String> JSON_NAMES = Map.of("client", "client_ip", "request", "request_hex",
            "response", "response_hex", "responseCode", "response_command", "errorCode", "error_code", "active",
            "active_connections");
    private static final Set<String> NUMBERS = Set.of("micros", "active_connections");
    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "message", "exception");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final LogSettings.Format format;
    private volatile Second second = new Second(Long.MIN_VALUE, "");

    /** The time of a line up to its second, made once a second and shared by the threads that log. */
    private record Second(long epochSecond, String prefix) {
    }

    LogLineFormat(LogSettings.Format format) {
        this.format = format;
    }

    /**
     * Appends a record's line, ending with a newline.
     *
     * @param line where the line goes.
     * @param millis the record's time.
     * @param level the record's level.
     * @param logger the record's category.
     * @param message the formatted message.
     * @param thrown the exception logged with it, or null.
     */
    void append(StringBuilder line, long millis, Level level, String logger, String message, Throwable thrown) {
        if (format == LogSettings.Format.JSON) {
            json(line, millis, level, logger, message, thrown);
        } else {
            time(line, millis);
            var name = levelName(level);
            line.append(' ').append(name).append(" ".repeat(Math.max(0, 5 - name.length()))).append(" [")
                    .append(logger).append("] ");
            oneLine(line, message);
            if (thrown != null) {
                // The stack on the same line, escaped: an exception's text cannot start a line of its own.
                line.append(" exception=\"");
                oneLine(line, stackTrace(thrown).replace('"', '\''));
                line.append('"');
            }
            line.append('\n');
        }
    }

    private void json(StringBuilder line, long millis, Level level, String logger, String message, Throwable thrown) {
        line.append("{\"time\":\"");
        time(line, millis);
        line.append("\",\"level\":\"").append(levelName(level)).append("\",\"logger\":");
        string(line, logger);
        int mark = line.length();
        if (!fields(line, message)) {
            line.setLength(mark);
            line.append(",\"message\":");
            string(line, message);
        }
        if (thrown != null) {
            line.append(",\"exception\":");
            string(line, stackTrace(thrown));
        }
        line.append("}\n");
    }

    /** Appends the message's key=value pairs as JSON fields; false if the message is not made of them. */
    private static boolean fields(StringBuilder line, String message) {
        var seen = new HashSet<String>();
        int i = 0;
        int length = message.length();
        while (i < length) {
            int equals = message.indexOf('=', i);
            if (equals <= i || !isKey(message, i, equals)) {
                return false;
            }
            var key = jsonName(message.substring(i, equals));
            int end;
            String value;
            if (equals + 1 < length && message.charAt(equals + 1) == '"') {
                end = message.indexOf('"', equals + 2);
                if (end < 0) {
                    return false;
                }
                value = message.substring(equals + 2, end);
                end++;
            } else {
                end = message.indexOf(' ', equals + 1);
                end = end < 0 ? length : end;
                value = message.substring(equals + 1, end);
            }
            if (end < length && message.charAt(end) != ' ') {
                return false;
            }
            field(line, key, value, seen);
            i = end + 1;
        }

        return !seen.isEmpty();
    }

    private static void field(StringBuilder line, String key, String value, Set<String> seen) {
        if (key.equals("client_ip") && value.startsWith("local:") && seen.add(key)) {
            line.append(",\"client_ip\":\"local\"");
            for (var part : value.substring("local:".length()).split(",")) {
                int equals = part.indexOf('=');
                var name = equals > 0 ? part.substring(0, equals) : "";
                // Only the connector's own keys; its values are escaped like any other.
                if (name.equals("app") || name.equals("principal")) {
                    field(line, name, part.substring(equals + 1), seen);
                }
            }

            return;
        }
        var name = RESERVED.contains(key) || !seen.add(key) ? "field_" + key : key;
        line.append(",\"").append(name).append("\":");
        if (NUMBERS.contains(key) && !value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            line.append(value);
        } else {
            string(line, value);
        }
    }

    private static boolean isKey(String message, int from, int to) {
        if (!Character.isLetter(message.charAt(from))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = message.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.') {
                return false;
            }
        }

        return true;
    }

    private static String jsonName(String key) {
        var mapped = JSON_NAMES.get(key);
        if (mapped != null) {
            return mapped;
        }
        var name = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                name.append('_').append(Character.toLowerCase(c));
            } else {
                name.append(c == '.' ? '_' : c);
            }
        }

        return name.toString();
    }

    private static void string(StringBuilder line, String value) {
        line.append('"');
        escape(line, value, true);
        line.append('"');
    }

    /**
     * Appends a message with its control characters escaped (newline as backslash and n, and the like; others as
     * JSON-style four-digit escapes),
     * so that no text inside a message, an exception's for instance, can start a line of its own.
     */
    private static void oneLine(StringBuilder line, String message) {
        escape(line, message, false);
    }

    /** Escapes control characters, and for a JSON string also the quote and the backslash. */
    private static void escape(StringBuilder line, String value, boolean json) {
        int clean = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != 0x7F && (!json || c != '"' && c != '\\')) {
                continue;
            }
            // Clean runs go in whole: a request line is nearly all of one run.
            line.append(value, clean, i);
            clean = i + 1;
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '"', '\\' -> line.append('\\').append(c);
                default -> line.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        line.append(value, clean, value.length());
    }

    /** Appends the time as ISO-8601 UTC with milliseconds; the part up to the second is made once a second. */
    private void time(StringBuilder line, long millis) {
        long epochSecond = Math.floorDiv(millis, 1000);
        var current = second;
        if (current.epochSecond() != epochSecond) {
            var text = Instant.ofEpochSecond(epochSecond).toString();
            current = new Second(epochSecond, text.substring(0, text.length() - 1) + '.');
            second = current;
        }
        int milli = Math.floorMod(millis, 1000);
        line.append(current.prefix()).append((char) ('0' + milli / 100)).append((char) ('0' + milli / 10 % 10))
                .append((char) ('0' + milli % 10)).append('Z');
    }

    static String levelName(Level level) {
        int value = level.intValue();
        if (value > 1000) {
            return "FATAL";
        }
        if (value >= 1000) {
            return "ERROR";
        }
        if (value >= 900) {
            return "WARN";
        }
        if (value >= 800) {
            return "INFO";
        }

        return value >= 500 ? "DEBUG" : "TRACE";
    }

    private static String stackTrace(Throwable thrown) {
        var text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));

        return text.toString();
    }
}
