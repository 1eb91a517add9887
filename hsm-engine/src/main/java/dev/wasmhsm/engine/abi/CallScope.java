package dev.wasmhsm.engine.abi;

/** What a host keeps for the length of one plugin call; closed when the call ends, whatever happened. */
@FunctionalInterface
public interface CallScope extends AutoCloseable {
    /** The scope of a call that needs none. */
    CallScope NONE = () -> {
        // Nothing to release.
    };

    /** Ends the scope; never throws. */
    @Override
    void close();
}
