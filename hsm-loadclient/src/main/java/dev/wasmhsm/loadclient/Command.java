package dev.wasmhsm.loadclient;

import java.util.Locale;

/**
 * The host commands the load client can send, with the response code each one expects.
 */
public enum Command {
    /** Echo: the reply carries back the request's data. */
    B2("B2", "B3"),
    /** Diagnostics: the reply carries the LMK check value and the firmware number. */
    NC("NC", "ND");

    private final String code;
    private final String responseCode;

    Command(String code, String responseCode) {
        this.code = code;
        this.responseCode = responseCode;
    }

    /**
     * Parses a command name as given on the command line.
     *
     * @param name the name, case-insensitive.
     * @return the command.
     * @throws IllegalArgumentException if the name is not a supported command.
     */
    public static Command parse(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "B2" -> B2;
            case "NC" -> NC;
            default -> throw new IllegalArgumentException("unsupported command " + name + ", expected B2 or NC");
        };
    }

    /**
     * The two-character command code sent in the request.
     *
     * @return the command code.
     */
    public String code() {
        return code;
    }

    /**
     * The two-character response code a correct reply carries.
     *
     * @return the response code.
     */
    public String responseCode() {
        return responseCode;
    }
}
