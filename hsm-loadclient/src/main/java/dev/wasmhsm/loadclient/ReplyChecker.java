package dev.wasmhsm.loadclient;

import java.nio.charset.StandardCharsets;

/**
 * Checks a reply body exactly against the request it answers, without allocating.
 *
 * <p>A correct reply is the request's header, the command's response code, error code {@code 00}, then for B2
 * exactly the request's data, for CW and CA exactly the vector's reply data, and for NC 16 hex characters (the
 * LMK check value) and 9 printable characters (the firmware number).
 */
public final class ReplyChecker {
    private static final int CODES_LENGTH = 4;
    private static final int NC_CHECK_VALUE_LENGTH = 16;
    private static final int NC_FIRMWARE_LENGTH = 9;

    private final Command command;
    private final int headerLength;
    private final byte[] expectedData;
    private final byte response0;
    private final byte response1;

    /**
     * Creates a checker for one kind of request.
     *
     * @param command the host command sent.
     * @param headerLength the message header length.
     * @param expectedData the data a B2 reply must echo; ignored for other commands, whose expected data is fixed.
     */
    public ReplyChecker(Command command, int headerLength, byte[] expectedData) {
        this.command = command;
        this.headerLength = headerLength;
        this.expectedData = switch (command) {
            case B2 -> expectedData.clone();
            case NC -> new byte[0];
            case CW, CA, CW_S, CA_U, CA_S -> command.replyData().getBytes(StandardCharsets.US_ASCII);
        };
        this.response0 = (byte) command.responseCode().charAt(0);
        this.response1 = (byte) command.responseCode().charAt(1);
    }

    /**
     * Checks one reply body (the bytes after the length prefix).
     *
     * @param sentHeader the array holding the request's header.
     * @param sentHeaderOffset where that header starts.
     * @param reply the array holding the reply body.
     * @param offset where the reply body starts.
     * @param length the reply body's length as its prefix announced.
     * @return {@link RequestOutcome#OK} or the first mismatch found.
     */
    public RequestOutcome check(byte[] sentHeader, int sentHeaderOffset, byte[] reply, int offset, int length) {
        if (length < headerLength + CODES_LENGTH) {
            return RequestOutcome.TOO_SHORT;
        }
        for (var i = 0; i < headerLength; i++) {
            if (reply[offset + i] != sentHeader[sentHeaderOffset + i]) {
                return RequestOutcome.WRONG_HEADER;
            }
        }
        var codeOffset = offset + headerLength;
        if (reply[codeOffset] != response0 || reply[codeOffset + 1] != response1) {
            return RequestOutcome.WRONG_RESPONSE_CODE;
        }
        if (reply[codeOffset + 2] != '0' || reply[codeOffset + 3] != '0') {
            return RequestOutcome.ERROR_CODE;
        }
        var dataOffset = codeOffset + CODES_LENGTH;
        var dataLength = length - headerLength - CODES_LENGTH;

        return switch (command) {
            case B2, CW, CA, CW_S, CA_U, CA_S -> checkEcho(reply, dataOffset, dataLength);
            case NC -> checkDiagnostics(reply, dataOffset, dataLength);
        };
    }

    private RequestOutcome checkEcho(byte[] reply, int dataOffset, int dataLength) {
        if (dataLength != expectedData.length) {
            return RequestOutcome.WRONG_LENGTH;
        }
        for (var i = 0; i < dataLength; i++) {
            if (reply[dataOffset + i] != expectedData[i]) {
                return RequestOutcome.WRONG_DATA;
            }
        }

        return RequestOutcome.OK;
    }

    private static RequestOutcome checkDiagnostics(byte[] reply, int dataOffset, int dataLength) {
        if (dataLength != NC_CHECK_VALUE_LENGTH + NC_FIRMWARE_LENGTH) {
            return RequestOutcome.WRONG_LENGTH;
        }
        for (var i = 0; i < NC_CHECK_VALUE_LENGTH; i++) {
            if (!isHexDigit(reply[dataOffset + i])) {
                return RequestOutcome.BAD_SHAPE;
            }
        }
        for (var i = NC_CHECK_VALUE_LENGTH; i < dataLength; i++) {
            var b = reply[dataOffset + i];
            if (b < 0x20 || b > 0x7e) {
                return RequestOutcome.BAD_SHAPE;
            }
        }

        return RequestOutcome.OK;
    }

    private static boolean isHexDigit(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'F';
    }
}
