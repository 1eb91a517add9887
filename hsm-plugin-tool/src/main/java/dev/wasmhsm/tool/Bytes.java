package dev.wasmhsm.tool;

import java.util.HexFormat;

/** Shows requests and replies, which are bytes, as text and hex. */
final class Bytes {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Bytes() {
    }

    /**
     * Returns bytes as text: printable ASCII as is, a backslash doubled, any other byte as {@code \xNN}.
     *
     * @param bytes the bytes.
     * @return the text.
     */
    static String text(byte[] bytes) {
        var text = new StringBuilder(bytes.length);
        for (var b : bytes) {
            if (b == '\\') {
                text.append("\\\\");
            } else if (b >= 0x20 && b < 0x7F) {
                text.append((char) b);
            } else {
                text.append("\\x").append(HEX.toHexDigits(b));
            }
        }

        return text.toString();
    }

    /**
     * Returns bytes as upper-case hex.
     *
     * @param bytes the bytes.
     * @return the hex digits.
     */
    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
