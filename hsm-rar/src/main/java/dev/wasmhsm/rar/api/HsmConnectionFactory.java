package dev.wasmhsm.rar.api;

import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import java.io.Serializable;

/**
 * What an application injects to call the HSM: {@code @Resource(lookup = "java:/eis/hsm/local")} on WildFly,
 * {@code java:app/eis/hsm/local} on Payara (docs/operations.md), then a connection per unit of work, in
 * try-with-resources. Connections are pooled by the container.
 */
public interface HsmConnectionFactory extends Serializable, Referenceable {
    /**
     * Takes a connection from the container's pool.
     *
     * @return the connection; close it to give it back.
     * @throws ResourceException when no connection can be had: the pool is exhausted, the HSM is unreachable, or
     *     (local mode) the listener endpoint is not active.
     */
    HsmConnection getConnection() throws ResourceException;

    /**
     * Counts this factory's managed connections, for a health check or to find a connection an application never
     * closed.
     *
     * @return the counts now.
     */
    ConnectionStatistics statistics();
}
