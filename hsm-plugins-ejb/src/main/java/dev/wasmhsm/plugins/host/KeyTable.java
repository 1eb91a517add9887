package dev.wasmhsm.plugins.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The clear keys of one plugin call, behind small positive handles (1, 2, ...). A call runs on one thread, so the
 * table is bound to the thread for the call: {@link #open()} before the guest runs, {@link #close()} after it,
 * whatever happened; closing wipes every key, and the handles are gone with it.
 *
 * <p>Every key in the table has DES odd parity: keys from the LMK are refused otherwise, generated and derived keys
 * are made odd, and a key imported from a KEK with bad parity is stored adjusted, its handle remembering that it
 * arrived with bad parity ({@link #addImported}). So everything written from a handle (under the LMK, under a KEK,
 * its check value) is the adjusted key, and {@link #parityOk} still reports the parity the key arrived with.
 */
public final class KeyTable implements AutoCloseable {
    /** The most keys one call may hold. */
    public static final int MAX_KEYS = 256;

    private static final ThreadLocal<KeyTable> CURRENT = new ThreadLocal<>();

    private final List<ClearKey> keys = new ArrayList<>();
    private final BitSet importedWithBadParity = new BitSet();

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
     * Adds a key imported from a KEK, whose parity nobody checked yet. A key with bad parity is replaced by its odd
     * parity copy (the original is wiped), and its handle is marked as imported with bad parity.
     *
     * @param key the imported key; the table owns it from now on.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int addImported(ClearKey key) throws CryptoException {
        if (key.parityOk()) {
            return add(key);
        }
        ClearKey adjusted;
        try {
            adjusted = key.withOddParity();
        } finally {
            key.destroy();
        }
        int handle = add(adjusted);
        importedWithBadParity.set(handle);

        return handle;
    }

    /**
     * Tells whether the key behind a handle has odd parity as it arrived: false for a key imported with bad parity,
     * although the table holds it adjusted.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle.
     * @return true when the key arrived with odd parity.
     * @throws CryptoException with the given error code when no key has that handle.
     */
    boolean parityOk(int handle, String errorCode) throws CryptoException {
        return get(handle, errorCode).parityOk() && !importedWithBadParity.get(handle);
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
        importedWithBadParity.clear();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
