package dev.wasmhsm.loadclient;

/**
 * How one request ended: {@link #OK} or the kind of error it counts as.
 */
public enum RequestOutcome {
    /** The reply arrived in time and matched exactly. */
    OK("ok"),
    /** The reply body was too short to hold header, response code and error code. */
    TOO_SHORT("reply too short"),
    /** The reply's header was not the request's header. */
    WRONG_HEADER("wrong header"),
    /** The reply's response code was not the expected one. */
    WRONG_RESPONSE_CODE("wrong response code"),
    /** The reply's error code was not 00. */
    ERROR_CODE("error code not 00"),
    /** The reply's length did not fit the command. */
    WRONG_LENGTH("wrong reply length"),
    /** The B2 reply did not echo the request's data. */
    WRONG_DATA("wrong echoed data"),
    /** The NC reply's check value or firmware number had the wrong shape. */
    BAD_SHAPE("bad NC reply shape"),
    /** More bytes arrived than the reply's length prefix announced. */
    EXTRA_BYTES("bytes beyond the length prefix"),
    /** The reply did not arrive within the timeout. */
    TIMEOUT("timeout"),
    /** The server closed the connection. */
    CLOSED("connection closed"),
    /** Another I/O error on an open connection. */
    IO_ERROR("i/o error"),
    /** The connection could not be opened. */
    CONNECT_FAILED("connect failed");

    private final String description;

    RequestOutcome(String description) {
        this.description = description;
    }

    /**
     * A short description for reports.
     *
     * @return the description.
     */
    public String description() {
        return description;
    }
}
