package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.rar.api.ConnectionStatistics;
import dev.wasmhsm.rar.api.HsmConnection;
import dev.wasmhsm.rar.api.HsmConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import javax.naming.Reference;

/** The factory the container binds in JNDI: every connection comes from its connection manager's pool. */
public final class HsmConnectionFactoryImpl implements HsmConnectionFactory {
    private static final long serialVersionUID = 1L;

    private final transient HsmManagedConnectionFactory managedFactory;
    private final transient ConnectionManager manager;
    private Reference reference;

    HsmConnectionFactoryImpl(HsmManagedConnectionFactory managedFactory, ConnectionManager manager) {
        this.managedFactory = managedFactory;
        this.manager = manager;
    }

    @Override
    public HsmConnection getConnection() throws ResourceException {
        return (HsmConnection) manager.allocateConnection(managedFactory, null);
    }

    @Override
    public ConnectionStatistics statistics() {
        return managedFactory.statistics();
    }

    @Override
    public void setReference(Reference value) {
        this.reference = value;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
