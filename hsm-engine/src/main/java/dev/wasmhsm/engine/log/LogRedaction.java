package dev.wasmhsm.engine.log;

import java.util.Arrays;

/**
 * Turns a message into hex for the logs with sensitive-looking runs masked, so that no log line carries a full
 * PAN, a clear key or a clear PIN block.
 *
 * <p>The command or response code (the first two bytes) is never masked. After it, a run of 16 to 19 ASCII
 * digits looks like a PAN and keeps its first 6 and last 4 digits; a run of 12 to 15 digits (an account number
 * field, a short PAN) keeps its last 4; any other run of 16 or more hex characters looks like a key or a PIN block
 * and is masked whole. A message with any byte that is not printable ASCII after its codes is masked whole after
 * them: a binary field (a key or PIN block sent in binary) has no shape the rules could recognise, and about a third
 * of its bytes are printable. A code byte that is not printable is masked too. Masked characters are logged
 * as {@code *} (hex 2A). Short printable fields, command codes and lengths stay readable. The rule cannot recognise a clear PIN or a CVV among other short numbers: plugins of
 * commands that carry them in the clear must not be deployed with per-request lines at INFO.
 */
public final class LogRedaction {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final byte MASK = '*';
    private static final int ACCOUNT_MIN = 12;
    private static final int PAN_MIN = 16;
    private static final int PAN_MAX = 19;
    private static final int KEY_MIN = 16;

    private LogRedaction() {
    }

    /**
     * Returns the hex of a message with sensitive runs masked.
     *
     * @param message the bytes.
     * @return upper-case hex.
     */
    public static String maskedHex(byte[] message) {
        return hex(mask(message));
    }

    /**
     * Returns the hex of a message's leading codes, with every byte after them replaced by {@code *}, so only the
     * codes and the length show.
     *
     * @param message the bytes.
     * @param codes how many leading bytes to keep: 2 for a request, 4 for a reply.
     * @return upper-case hex.
     */
    public static String codesOnlyHex(byte[] message, int codes) {
        return hex(codesOnly(message, codes));
    }

    private static byte[] codesOnly(byte[] message, int codes) {
        var masked = message.clone();
        for (int i = 0; i < masked.length; i++) {
            if (i >= codes || !isPrintable(masked[i])) {
                masked[i] = MASK;
            }
        }

        return masked;
    }

    /**
     * Returns a copy of the message with sensitive runs replaced by {@code *}.
     *
     * @param message the bytes.
     * @return the masked copy, or the message itself when nothing needed masking.
     */
    public static byte[] mask(byte[] message) {
        for (int i = 2; i < message.length; i++) {
            if (!isPrintable(message[i])) {
                return codesOnly(message, 2);
            }
        }
        byte[] out = message;
        for (int i = 0; i < Math.min(2, message.length); i++) {
            if (!isPrintable(message[i])) {
                out = fill(out, message, i, i + 1);
            }
        }
        int i = 2;
        while (i < message.length) {
            if (!isHex(message[i])) {
                i++;

                continue;
            }
            int start = i;
            boolean digitsOnly = true;
            while (i < message.length && isHex(message[i])) {
                digitsOnly &= message[i] >= '0' && message[i] <= '9';
                i++;
            }
            int length = i - start;
            if (digitsOnly && length >= PAN_MIN && length <= PAN_MAX) {
                out = fill(out, message, start + 6, i - 4);
            } else if (digitsOnly && length >= ACCOUNT_MIN && length < PAN_MIN) {
                out = fill(out, message, start, i - 4);
            } else if (length >= KEY_MIN) {
                out = fill(out, message, start, i);
            }
        }

        return out;
    }

    private static byte[] fill(byte[] out, byte[] message, int from, int to) {
        var copy = out == message ? message.clone() : out;
        Arrays.fill(copy, from, to, MASK);

        return copy;
    }

    private static boolean isPrintable(byte b) {
        return b >= 0x20 && b < 0x7F;
    }

    private static boolean isHex(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'F' || b >= 'a' && b <= 'f';
    }

    private static String hex(byte[] bytes) {
        var hex = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            hex[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[bytes[i] & 0xF];
        }

        return new String(hex);
    }
}
