package dev.wasmhsm.rar.transport;

/** The management view of a TCP listener, registered as {@code dev.wasmhsm:type=Listener,port=<port>}. */
public interface ListenerMXBean {
    /**
     * Returns the address and port the listener is bound to.
     *
     * @return the local address.
     */
    String getAddress();

    /**
     * Returns the client connections open now.
     *
     * @return the count.
     */
    int getActiveConnections();

    /**
     * Returns the connections accepted since the listener started.
     *
     * @return the count.
     */
    long getAcceptedConnections();

    /**
     * Returns the connections refused because the maximum was reached.
     *
     * @return the count.
     */
    long getRefusedConnections();

    /**
     * Returns the requests answered since the listener started.
     *
     * @return the count.
     */
    long getRequests();

    /**
     * Returns the most connections allowed at once.
     *
     * @return the limit.
     */
    int getMaxConnections();

    /** @return the TLS handshakes completed on this listener (0 on plain TCP). */
    long getTlsHandshakes();

    /** @return whether the listener is bound and accepting (false once it begins to stop). */
    boolean isListening();
}
