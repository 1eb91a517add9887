package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KeyBlockHeader;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.engine.abi.CallScope;
import dev.wasmhsm.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The clear keys of one plugin call, behind small positive handles (1, 2, ...), with the role of each. A call runs
 * on one thread, so the handles are bound to the thread for the call: {@link #open()} before the guest runs,
 * {@link #close()} after it, whatever happened; closing wipes every key, and the handles are gone with it.
 *
 * <p>This class only stores; what a plugin may do with a handle is decided by {@link KeyPolicy}, the one way the
 * host functions reach the keys.
 */
public final class KeyHandles implements CallScope {
    /** The most keys one call may hold. */
    public static final int MAX_KEYS = 256;

    private static final ThreadLocal<KeyHandles> CURRENT = new ThreadLocal<>();

    private final List<Entry> entries = new ArrayList<>();
    private KeyPolicy policy;
    private String lmkId;

    /** Where a key came from. */
    enum Origin {
        /** Decrypted from under the LMK, typed. */
        LMK,
        /** Decrypted from under a TMK, untyped until stored under the LMK. */
        KEK,
        /** Decrypted from under a ZMK, untyped until stored under the LMK. */
        ZMK,
        /** Generated, untyped until stored under the LMK. */
        GENERATED,
        /** Derived from an EMV master key: a card key. */
        EMV_CARD,
        /** Derived from an EMV card key: a session key. */
        EMV_SESSION
    }

    /**
     * The type one clear value has in the call, shared by every handle whose key has an 8-byte part in common with
     * it: untyped, a key type, or EMV-derived. Typing one copy types every copy, so a value has one role in a call
     * whatever its origin ({@link KeyPolicy} reads and sets it).
     */
    static final class ValueType {
        private KeyType type;
        private Origin derived;
        private KeyBlockHeader block;
        private boolean exported;

        ValueType(KeyType type, Origin derived) {
            this.type = type;
            this.derived = derived;
        }

        KeyType type() {
            return type;
        }

        void type(KeyType newType) {
            type = newType;
        }

        /** @return {@link Origin#EMV_CARD} or {@link Origin#EMV_SESSION} for an EMV-derived value, else null. */
        Origin derived() {
            return derived;
        }

        void derived(Origin origin) {
            derived = origin;
        }

        /** @return the strictest key-block attributes any copy of the value came with or was written with, or null. */
        KeyBlockHeader block() {
            return block;
        }

        void block(KeyBlockHeader header) {
            block = header;
        }

        /** @return whether a copy of the value left the call under a KEK. */
        boolean exported() {
            return exported;
        }

        void exported(boolean value) {
            exported = value;
        }

        boolean untyped() {
            return type == null && derived == null;
        }

        String describe() {
            if (derived != null) {
                return derived == Origin.EMV_CARD ? "an EMV card key" : "an EMV session key";
            }

            return type == null ? "untyped" : "of type " + type.code();
        }
    }

    /**
     * A key, where it came from, whether it arrived with bad parity, and the type (and key-block attributes) its value
     * has in the call.
     */
    static final class Entry {
        private final ClearKey key;
        private final Origin origin;
        private final boolean importedWithBadParity;
        private ValueType value;

        Entry(ClearKey key, Origin origin, ValueType value, boolean importedWithBadParity) {
            this.key = key;
            this.origin = origin;
            this.value = value;
            this.importedWithBadParity = importedWithBadParity;
        }

        /** @return the key-block attributes of its value (shared by every copy), or null for none. */
        KeyBlockHeader block() {
            return value.block();
        }

        ClearKey key() {
            return key;
        }

        Origin origin() {
            return origin;
        }

        ValueType value() {
            return value;
        }

        void value(ValueType shared) {
            value = shared;
        }

        KeyType type() {
            return value.type();
        }

        boolean importedWithBadParity() {
            return importedWithBadParity;
        }

        boolean emv() {
            return value.derived() != null;
        }

        boolean untyped() {
            return value.untyped();
        }

        String role() {
            return value.describe();
        }
    }

    private KeyHandles() {
    }

    /**
     * Opens the handles of a call on this thread.
     *
     * @return the handles; close them when the call ends.
     * @throws IllegalStateException when handles are already open on this thread.
     */
    public static KeyHandles open() {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("key handles are already open on this thread");
        }
        var handles = new KeyHandles();
        CURRENT.set(handles);

        return handles;
    }

    /**
     * Returns the key policy over these handles, the one way the host functions reach them.
     *
     * @param context the settings it enforces: the same for every host function of a call.
     * @return the policy.
     */
    KeyPolicy policy(CryptoContext context) {
        if (policy == null) {
            policy = new KeyPolicy(this, context);
        }

        return policy;
    }

    /** @return the LMK slot the call selected with {@code %nn}, or null for the server's default. */
    String lmkId() {
        return lmkId;
    }

    void lmkId(String id) {
        lmkId = id;
    }

    /** @return the handles of the call running on this thread, or null outside a call. */
    static KeyHandles current() {
        return CURRENT.get();
    }

    /**
     * Stores a key with its role; the handles own the key from now on.
     *
     * @param entry the key and its role.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int add(Entry entry) throws CryptoException {
        if (entries.size() >= MAX_KEYS) {
            entry.key.destroy();
            throw new CryptoException(ErrorCode.INVALID_INPUT, "one call may hold at most " + MAX_KEYS + " keys");
        }
        entries.add(entry);

        return entries.size();
    }

    /**
     * Returns the key and role behind a handle.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle.
     * @return the entry.
     * @throws CryptoException with the given error code when no key has that handle.
     */
    Entry entry(int handle, ErrorCode errorCode) throws CryptoException {
        if (handle < 1 || handle > entries.size()) {
            throw new CryptoException(errorCode, "no key has handle " + handle);
        }

        return entries.get(handle - 1);
    }

    /** @return every entry, in handle order. */
    List<Entry> entries() {
        return entries;
    }

    /** @return the number of keys held. */
    int size() {
        return entries.size();
    }

    /** Wipes every key and unbinds the handles from the thread. */
    @Override
    public void close() {
        for (var entry : entries) {
            entry.key.destroy();
        }
        entries.clear();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
