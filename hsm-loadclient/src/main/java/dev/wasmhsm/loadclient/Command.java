package dev.wasmhsm.loadclient;

import java.util.Locale;

/**
 * The host commands the load client can send, with the response code each one expects.
 *
 * <p>CW and CA send a fixed request from the conformance vectors (src-test/src/test/resources/payshield/vectors.tsv,
 * standard test LMK) and expect its exact reply, so their figures measure the host cryptography end to end.
 */
public enum Command {
    /** Echo: the reply carries back the request's data. */
    B2("B2", "B3", "", ""),
    /** Diagnostics: the reply carries the LMK check value and the firmware number. */
    NC("NC", "ND", "", ""),
    /** Generate a Visa CVV with a double-length CVK under the test LMK. */
    CW("CW", "CX", "U9B4934384B19946B040CD702B4D581454123456789012345;8701101", "561"),
    /** Translate a PIN block from a TPK to a ZPK, format 03 to 03. */
    CA("CA", "CB", "0406FBB23A5214DFBAB32D775A38E4AB12DC80B186C30902B00303550000025321", "04F7808F2CBEC6316803");

    private final String code;
    private final String responseCode;
    private final String requestData;
    private final String replyData;

    Command(String code, String responseCode, String requestData, String replyData) {
        this.code = code;
        this.responseCode = responseCode;
        this.requestData = requestData;
        this.replyData = replyData;
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
            case "CW" -> CW;
            case "CA" -> CA;
            default -> throw new IllegalArgumentException("unsupported command " + name
                    + ", expected B2, NC, CW or CA");
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

    /**
     * The fixed data after the command code of a CW or CA request; empty for B2 (its data is built) and NC.
     *
     * @return the data.
     */
    public String requestData() {
        return requestData;
    }

    /**
     * The exact data after the error code of a correct CW or CA reply; empty for B2 and NC.
     *
     * @return the data.
     */
    public String replyData() {
        return replyData;
    }
}
