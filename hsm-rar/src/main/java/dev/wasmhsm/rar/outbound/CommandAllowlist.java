package dev.wasmhsm.rar.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The commands a connection factory lets through, or every command when empty: a card application's factory may
 * translate PINs and never export keys.
 *
 * @param commands the allowed two-character command codes.
 */
record CommandAllowlist(Set<String> commands) {
    /**
     * Parses a comma-separated list.
     *
     * @param text the codes, such as {@code CA,CC,DC}, or blank for every command.
     * @return the allowlist.
     * @throws IllegalArgumentException when an entry is not a two-character code.
     */
    static CommandAllowlist parse(String text) {
        var commands = text == null ? Set.<String>of() : Arrays.stream(text.split(",")).map(String::strip)
                .filter(code -> !code.isEmpty()).map(code -> code.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (var code : commands) {
            if (!code.matches("[0-9A-Z]{2}")) {
                throw new IllegalArgumentException("allowedCommands lists two-character command codes, not " + code);
            }
        }

        return new CommandAllowlist(commands);
    }

    /** @return whether the message's command may go through (no string is made when every command may). */
    boolean allows(byte[] message) {
        return commands.isEmpty() || message.length >= 2
                && commands.contains(new String(message, 0, 2, StandardCharsets.ISO_8859_1));
    }
}
