package dev.wasmhsm.plugins.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import java.util.ArrayList;
import java.util.List;

/**
 * The clear keys of one plugin call, behind small positive handles (1, 2, ...). A call runs on one thread, so the
 * table is bound to the thread for the call: {@link #open()} before the guest runs, {@link #close()} after it,
 * whatever happened; closing wipes every key, and the handles are gone with it.
 */
public final class KeyTable implements AutoCloseable {
    /** The most keys one call may hold. */
    public static final int MAX_KEYS = 256;

    private static final ThreadLocal<KeyTable> CURRENT = new ThreadLocal<>();

    private final List<ClearKey> keys = new ArrayList<>();

    private KeyTable() {
    }

    /**
     * Opens the table of a call on this thread.
     *
     * @return the table; close it when the call ends.
     * @throws IllegalStateException when a table is already open on this thread.
     */
    public static KeyTable open() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a key table is already open on this thread");
        }
        var table = new KeyTable();
        CURRENT.set(table);

        return table;
    }

    /** @return the table of the call running on this thread, or null outside a call. */
    static KeyTable current() {
        return CURRENT.get();
    }

    /**
     * Adds a key; the table owns it from now on.
     *
     * @param key the key.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int add(ClearKey key) throws CryptoException {
        if (keys.size() >= MAX_KEYS) {
            key.destroy();
            throw new CryptoException(CryptoException.INVALID_INPUT, "one call may hold at most " + MAX_KEYS
                    + " keys");
        }
        keys.add(key);

        return keys.size();
    }

    /**
     * Returns the key behind a handle.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle.
     * @return the key.
     * @throws CryptoException with the given error code when no key has that handle.
     */
    ClearKey get(int handle, String errorCode) throws CryptoException {
        if (handle < 1 || handle > keys.size()) {
            throw new CryptoException(errorCode, "no key has handle " + handle);
        }

        return keys.get(handle - 1);
    }

    /** @return the number of keys held. */
    int size() {
        return keys.size();
    }

    /** Wipes every key and unbinds the table from the thread. */
    @Override
    public void close() {
        for (var key : keys) {
            key.destroy();
        }
        keys.clear();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
