package dev.wasmhsm.rar.api;

/**
 * A connection factory's managed connections as the connector counts them: those the container holds open (pooled
 * or handed out) and those an application holds a handle on. Once every application has closed its connections,
 * {@code inUse} is 0 and the pool is back to its idle size, {@code open}.
 *
 * @param open the managed connections made and not yet destroyed.
 * @param inUse the managed connections with at least one open application handle.
 */
public record ConnectionStatistics(int open, int inUse) {
    /** @return the managed connections in the pool that nobody holds. */
    public int idle() {
        return open - inUse;
    }
}
