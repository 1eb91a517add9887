package dev.wasmhsm.client;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

/**
 * The HSM answered a command with an error code: the command was understood and refused, so retrying it
 * unchanged gets the same answer. A failed verification is not an exception; the verifying operations return it.
 */
public final class HsmException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The command that was refused. */
    private final String command;

    /** The payShield error code. */
    private final String errorCode;

    /**
     * Creates the exception.
     *
     * @param command the command code.
     * @param errorCode the error code the HSM answered.
     */
    public HsmException(String command, String errorCode) {
        super(command + " answered error " + errorCode + " (" + meaning(errorCode) + ")");
        this.command = command;
        this.errorCode = errorCode;
    }

    /**
     * Returns what an error code means, as this product documents it (docs/protocol.md).
     *
     * @param errorCode the two-character code.
     * @return its meaning, or {@code unknown error code}.
     */
    public static String meaning(String errorCode) {
        return Arrays.stream(ErrorCode.values()).filter(code -> code.code().equals(errorCode)).findFirst()
                .map(ErrorCode::meaning).orElse("unknown error code");
    }

    /** @return the command code that was refused. */
    public String command() {
        return command;
    }

    /** @return the payShield error code. */
    public String errorCode() {
        return errorCode;
    }
}
