package dev.wasmhsm.bench;

import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.engine.host.HostConfig;
import java.nio.charset.StandardCharsets;

/**
 * A request a benchmark sends and the exact reply it must get, so that a broken setup fails loudly instead of
 * measuring an error path.
 *
 * @param code the command code, the benchmarks' {@code command} parameter.
 * @param message the request.
 * @param reply the expected reply.
 */
record Command(String code, byte[] message, String reply) {
    /**
     * Returns the benchmark request of a command.
     *
     * @param code {@code NC}, {@code B2} or {@code CW} (a CVV with the conformance vector's CVK).
     * @return the request and its expected reply.
     */
    static Command of(String code) {
        return switch (code) {
            case "NC" -> new Command(code, ascii("NC"),
                    "ND00" + LmkSet.testLmk().checkValue() + HostConfig.DEFAULT_FIRMWARE);
            case "B2" -> new Command(code, ascii("B20004PING"), "B300PING");
            case "CW" -> new Command(code, ascii("CWU9B4934384B19946B040CD702B4D581454123456789012345;8701101"),
                    "CX00561");
            default -> throw new IllegalArgumentException("no benchmark request for command " + code);
        };
    }

    /**
     * Checks a reply.
     *
     * @param actual the reply received.
     * @param path what answered, for the message.
     * @throws IllegalStateException when it is not the expected reply.
     */
    void check(byte[] actual, String path) {
        var text = new String(actual, StandardCharsets.ISO_8859_1);
        if (!reply.equals(text)) {
            throw new IllegalStateException("the reply of " + path + " to " + new String(message,
                    StandardCharsets.ISO_8859_1) + " was " + text + ", expected " + reply);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
