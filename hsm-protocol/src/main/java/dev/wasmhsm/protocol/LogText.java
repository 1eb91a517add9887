package dev.wasmhsm.protocol;

/**
 * Makes text from outside (a plugin's import names or exception text, a client's command code, a caller's name)
 * safe inside a {@code key="value"} log field: no quote that would end the field early, no backslash, no control
 * character that would start a line of its own, so no one can forge a field or a line with it.
 */
public final class LogText {
    private LogText() {
    }

    /**
     * Returns the text for a quoted field: a double quote becomes {@code '}, a backslash {@code /}, and a control
     * character {@code ?}.
     *
     * @param text the text, or null.
     * @return the safe text ({@code null} stays {@code "null"}).
     */
    public static String quoted(String text) {
        var value = String.valueOf(text);
        var safe = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            safe.append(c == '"' ? '\'' : c == '\\' ? '/' : c < 0x20 || c == 0x7F ? '?' : c);
        }

        return safe.toString();
    }

    /**
     * Returns a code for an unquoted field: letters and digits kept, any other character {@code ?}.
     *
     * @param bytes the bytes, for example a request.
     * @param from the first index.
     * @param to the index after the last, cut to the bytes' length.
     * @return the code.
     */
    public static String code(byte[] bytes, int from, int to) {
        var text = new StringBuilder(Math.max(0, to - from));
        for (int i = from; i < Math.min(to, bytes.length); i++) {
            char c = (char) (bytes[i] & 0xFF);
            text.append(c < 0x80 && Character.isLetterOrDigit(c) ? c : '?');
        }

        return text.toString();
    }
}
