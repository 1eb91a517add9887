package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.rar.api.HsmConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.IllegalStateException;

/** The application's handle on a pooled managed connection; closing it gives the managed connection back. */
public final class HsmConnectionHandle implements HsmConnection {
    private final String application;
    private volatile HsmManagedConnection managed;

    HsmConnectionHandle(HsmManagedConnection managed, String application) {
        this.managed = managed;
        this.application = application;
    }

    @Override
    public byte[] execute(byte[] message) throws ResourceException {
        var current = managed;
        if (current == null) {
            throw new IllegalStateException("the connection is closed");
        }

        return current.execute(message, application);
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

    /** Moves the handle to another managed connection (the container's connection sharing). */
    void reassign(HsmManagedConnection other) {
        managed = other;
    }
}
