package dev.wasmhsm.engine.log;

import dev.wasmhsm.protocol.HsmRequest;

/**
 * Who sent the request a plugin call on this thread is serving, for the audit lines the host writes during the
 * call (the use of an authorised activity): the client's address and the command code, never the data.
 */
public final class CallOrigin {
    private static final ThreadLocal<HsmRequest> CURRENT = new ThreadLocal<>();

    private CallOrigin() {
    }

    /**
     * Binds a request to this thread until {@link #clear()}.
     *
     * @param request the request being served.
     */
    public static void set(HsmRequest request) {
        CURRENT.set(request);
    }

    /** Unbinds the request from this thread. */
    public static void clear() {
        CURRENT.remove();
    }

    /** @return the default LMK slot of the request served on this thread (its listener's), or null. */
    public static String defaultLmk() {
        var request = CURRENT.get();

        return request == null ? null : request.defaultLmk();
    }

    /** @return the client and command of the request served on this thread, as log fields, or {@code client=none}. */
    public static String describe() {
        // Formatted only here, for the rare audit line: set() runs on every request.
        var request = CURRENT.get();

        return request == null ? "client=none" : "client=" + request.clientAddress() + " command="
                + request.commandCode();
    }
}
