package dev.wasmhsm.engine.log;

import dev.wasmhsm.protocol.HsmRequest;

/**
 * Who sent the request a plugin call on this thread is serving, for the audit lines the host writes during the
 * call (the use of an authorised activity): the client's address and the command code, never the data.
 */
public final class CallOrigin {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallOrigin() {
    }

    /**
     * Binds a request to this thread until {@link #clear()}.
     *
     * @param request the request being served.
     */
    public static void set(HsmRequest request) {
        CURRENT.set("client=" + request.clientAddress() + " command=" + request.commandCode());
    }

    /** Unbinds the request from this thread. */
    public static void clear() {
        CURRENT.remove();
    }

    /** @return the client and command of the request served on this thread, as log fields, or {@code client=none}. */
    public static String describe() {
        var origin = CURRENT.get();

        return origin == null ? "client=none" : origin;
    }
}
