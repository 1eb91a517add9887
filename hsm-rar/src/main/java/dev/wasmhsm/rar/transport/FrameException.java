package dev.wasmhsm.rar.transport;

import java.io.IOException;

/** A frame that breaks the framing rules; its connection cannot be trusted to stay in step and is closed. */
public final class FrameException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong with the frame.
     */
    public FrameException(String message) {
        super(message);
    }
}
