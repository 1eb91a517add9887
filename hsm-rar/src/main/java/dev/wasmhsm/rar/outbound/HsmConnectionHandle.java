package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.rar.api.HsmConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.IllegalStateException;

/** The application's handle on a pooled managed connection; closing it gives the managed connection back. */
public final class HsmConnectionHandle implements HsmConnection {
    private final String caller;
    private volatile HsmManagedConnection managed;

    HsmConnectionHandle(HsmManagedConnection managed, String caller) {
        this.managed = managed;
        this.caller = caller;
    }

    @Override
    public byte[] execute(byte[] message) throws ResourceException {
        var current = managed;
        if (current == null) {
            throw new IllegalStateException("the connection is closed");
        }

        return current.execute(message, caller);
    }

    @Override
    public void close() {
        var current = managed;
        managed = null;
        if (current != null) {
            current.closed(this);
        }
    }

    /** Detaches the handle when the container cleans up or destroys its managed connection. */
    void detach() {
        managed = null;
    }

    /**
     * Moves the handle to another managed connection (the container's connection sharing).
     *
     * @param other the managed connection the handle now uses.
     * @return the one it used before, or {@code null} when it was closed or detached.
     */
    HsmManagedConnection reassign(HsmManagedConnection other) {
        var previous = managed;
        managed = other;

        return previous;
    }
}
