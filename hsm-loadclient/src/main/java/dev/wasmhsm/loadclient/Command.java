package dev.wasmhsm.loadclient;

import java.util.Locale;

/**
 * The host commands the load client can send, with the response code each one expects.
 *
 * <p>CW and CA send a fixed request from the conformance vectors (src-test/src/test/resources/payshield/vectors.tsv,
 * standard test LMK) and expect its exact reply, so their figures measure the host cryptography end to end. CW-S
 * and CA-S send the same clear keys as key blocks under the AES test key-block LMK (slot 01, beside the test
 * variant LMK), CA-U the variant form of CA-S's double-length keys, so that the cost of key blocks is measured in
 * one run.
 */
public enum Command {
    /** Echo: the reply carries back the request's data. */
    B2("B2", "B3", "", ""),
    /** Diagnostics: the reply carries the LMK check value and the firmware number. */
    NC("NC", "ND", "", ""),
    /** Generate a Visa CVV with a double-length CVK under the test LMK. */
    CW("CW", "CX", "U9B4934384B19946B040CD702B4D581454123456789012345;8701101", "561"),
    /** Translate a PIN block from a TPK to a ZPK, format 03 to 03. */
    CA("CA", "CB", "0406FBB23A5214DFBAB32D775A38E4AB12DC80B186C30902B00303550000025321", "04F7808F2CBEC6316803"),
    /** CW with the same CVK as a key block under the AES test key-block LMK in slot 01 ({@code %01}). */
    CW_S("CW", "CX", "S10096C0TC00E00012E7C5A1F7B848C7F772F5FFCDFE7236699C5981005898F96F9FEF8576208D01CB50BA70D3F0DC9E5"
            + "4123456789012345;8701101%01", "561"),
    /** CA with double-length variant keys (the legacy profile's TPK type 002), format 01 to 01: CA-S's baseline. */
    CA_U("CA", "CB", "U77CC5B8B4BF21D79994430636DBB281BU1EF828AA8F6B80EB83E19FBC373F3A85128058175950BDF676"
            + "0101550000025321", "0491DDDA0A7C12CFAA01"),
    /** CA_U's keys as key blocks under the AES test key-block LMK in slot 01. */
    CA_S("CA", "CB", "S1009671TB00E0001475C5DBD1BFCC51DBCE4A29F9B0B92CE78B60EB22E01274A58A55CCED3EB0A7765E196D69018CD24"
            + "S1009672TB00E000167580EF2DDDA1B9436973E48485D7B198BAD07E627427256C743BD217BB3945F3BF20D80D392D34C"
            + "128058175950BDF6760101550000025321%01", "0491DDDA0A7C12CFAA01");

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
            case "CW-S" -> CW_S;
            case "CA-U" -> CA_U;
            case "CA-S" -> CA_S;
            default -> throw new IllegalArgumentException("unsupported command " + name
                    + ", expected B2, NC, CW, CA, CW-S, CA-U or CA-S");
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
