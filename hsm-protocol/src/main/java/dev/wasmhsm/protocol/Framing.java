package dev.wasmhsm.protocol;

/**
 * The limits of a payShield frame on TCP: a 2-byte big-endian length, then the message header (echoed in the
 * reply), the command or reply message, and optionally the EM character and a trailer (also echoed); see
 * docs/protocol.md.
 */
public final class Framing {
    /** The largest frame body the 2-byte length prefix can carry. */
    public static final int MAX_FRAME_LENGTH = 0xFFFF;

    /** The longest message header a listener may be configured with. */
    public static final int MAX_HEADER_LENGTH = 255;

    /** The end-of-message character that introduces a trailer. */
    public static final byte EM = 0x19;

    /** The longest trailer after the EM character. */
    public static final int MAX_TRAILER_LENGTH = 32;

    /** The longest reply message that fits a frame with the longest header, the EM character and trailer. */
    public static final int MAX_REPLY_LENGTH = MAX_FRAME_LENGTH - MAX_HEADER_LENGTH - 1 - MAX_TRAILER_LENGTH;

    private Framing() {
    }
}
