package dev.wasmhsm.plugins.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.protocol.ErrorCode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The clear keys of one plugin call, behind small positive handles (1, 2, ...). A call runs on one thread, so the
 * table is bound to the thread for the call: {@link #open()} before the guest runs, {@link #close()} after it,
 * whatever happened; closing wipes every key, and the handles are gone with it.
 *
 * <p>Every key in the table has DES odd parity: keys from the LMK are refused otherwise, generated and derived keys
 * are made odd, and a key imported from a KEK with bad parity is stored adjusted, its handle remembering that it
 * arrived with bad parity ({@link #addImported}). So everything written from a handle (under the LMK, under a KEK,
 * its check value) is the adjusted key, and {@link #parityOk} still reports the parity the key arrived with.
 *
 * <p>Every key also has a role, which decides what a plugin may do with its handle: a key from the LMK has the key
 * type it was decrypted under; a generated key, or one imported from a KEK, is untyped until it is stored under the
 * LMK ({@link #assignType}), which types it for good; an EMV-derived key is an EMV card or session key. The
 * functions check the role of each handle ({@link #withType}, {@link #kek}, {@link #macKey}, {@link #cryptKey},
 * {@link #emvKey}) and refuse a handle whose role does not permit the use with error 29, key function not
 * permitted ({@link ErrorCode#KEY_FUNCTION_NOT_PERMITTED}). A key imported from a KEK that holds an 8-byte part
 * of a key already in the
 * table takes that key's role, so that exporting a typed key and importing it back cannot clear its type.
 */
public final class KeyTable implements AutoCloseable {
    /** The most keys one call may hold. */
    public static final int MAX_KEYS = 256;

    private static final ThreadLocal<KeyTable> CURRENT = new ThreadLocal<>();

    /** The types a KEK may have: ZMK (000), and TMK/TPK/PVK (002). */
    static final Set<KeyType> KEK_TYPES = Set.of(new KeyType(0, 0), new KeyType(0, 2));

    private static final int PART = 8;
    private static final int EMV_PAIR_CODE = 9;
    private static final int BDK_TYPE_2_VARIANT = 6;

    private final List<Entry> keys = new ArrayList<>();

    /** Where a key came from. */
    enum Origin {
        /** Decrypted from under the LMK, typed. */
        LMK,
        /** Decrypted from under a KEK, untyped until stored under the LMK. */
        KEK,
        /** Generated, untyped until stored under the LMK. */
        GENERATED,
        /** Derived from an EMV master key: a card key. */
        EMV_CARD,
        /** Derived from an EMV card key: a session key. */
        EMV_SESSION
    }

    /** A key and its role; the type is null for an untyped or EMV-derived key. */
    private static final class Entry {
        private final ClearKey key;
        private final Origin origin;
        private final boolean importedWithBadParity;
        private KeyType type;
        private boolean usedAsKek;

        Entry(ClearKey key, Origin origin, KeyType type, boolean importedWithBadParity) {
            this.key = key;
            this.origin = origin;
            this.type = type;
            this.importedWithBadParity = importedWithBadParity;
        }

        boolean emv() {
            return origin == Origin.EMV_CARD || origin == Origin.EMV_SESSION;
        }

        boolean untyped() {
            return type == null && !emv();
        }

        String role() {
            if (emv()) {
                return origin == Origin.EMV_CARD ? "an EMV card key" : "an EMV session key";
            }

            return type == null ? "untyped" : "of type " + type.code();
        }
    }

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
     * Adds a key of a known type, decrypted from under the LMK; the table owns it from now on.
     *
     * @param key the key.
     * @param type its type.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int addTyped(ClearKey key, KeyType type) throws CryptoException {
        return add(new Entry(key, Origin.LMK, type, false));
    }

    /**
     * Adds an untyped generated key; the table owns it from now on.
     *
     * @param key the key.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int addGenerated(ClearKey key) throws CryptoException {
        return add(new Entry(key, Origin.GENERATED, null, false));
    }

    /**
     * Adds an EMV-derived key; the table owns it from now on.
     *
     * @param key the key.
     * @param origin {@link Origin#EMV_CARD} or {@link Origin#EMV_SESSION}.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int addDerived(ClearKey key, Origin origin) throws CryptoException {
        return add(new Entry(key, origin, null, false));
    }

    /**
     * Adds a key imported from a KEK, whose parity nobody checked yet. A key with bad parity is replaced by its odd
     * parity copy (the original is wiped), and its handle is marked as imported with bad parity. The key is
     * untyped, unless an 8-byte part of it is a part of a key already in the table: then it takes that key's role
     * (type or EMV origin, and whether it was used as a KEK).
     *
     * @param key the imported key; the table owns it from now on.
     * @return its handle.
     * @throws CryptoException with error 15 when the call already holds {@link #MAX_KEYS} keys (the key is wiped).
     */
    int addImported(ClearKey key) throws CryptoException {
        var stored = key;
        boolean badParity = !key.parityOk();
        if (badParity) {
            try {
                stored = key.withOddParity();
            } finally {
                key.destroy();
            }
        }
        var known = sharingAPart(stored);
        if (known == null) {
            return add(new Entry(stored, Origin.KEK, null, badParity));
        }
        var entry = new Entry(stored, known.emv() ? known.origin : Origin.KEK, known.type, badParity);
        entry.usedAsKek = known.usedAsKek;

        return add(entry);
    }

    /**
     * Returns a key to store under the LMK as a type: an untyped key, or one of exactly that type.
     *
     * @param handle the handle.
     * @param type the type it is to be stored under.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 when the key is EMV-derived or has another type.
     */
    ClearKey storable(int handle, KeyType type) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        if (!entry.untyped() && !type.equals(entry.type)) {
            throw refused(handle, entry, "stored under the LMK as type " + type.code());
        }

        return entry.key;
    }

    /**
     * Types an untyped key once it is stored under the LMK ({@link #storable} said yes); the type is for good.
     *
     * @param handle the handle.
     * @param type the type it was stored under.
     * @throws CryptoException with error 15 for an unknown handle, 29 when the key is EMV-derived or has another type.
     */
    void assignType(int handle, KeyType type) throws CryptoException {
        storable(handle, type);
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.untyped()) {
            entry.type = type;
        }
    }

    /**
     * Returns a key whose type is one of the given types.
     *
     * @param handle the handle.
     * @param use what it is for, for the message.
     * @param types the types that permit the use.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another type or none.
     */
    ClearKey withType(int handle, String use, Set<KeyType> types) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.type == null || entry.emv() || !types.contains(entry.type)) {
            throw refused(handle, entry, use);
        }

        return entry.key;
    }

    /**
     * Returns a key to use as a KEK: typed ZMK (000) or TMK/TPK/PVK (002), with odd parity as it arrived. The
     * handle is remembered as used as a KEK, which no data function then accepts.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle or a parity error (10 or 11).
     * @return the key.
     * @throws CryptoException with the given error code, or 29 for a key of another type or none.
     */
    ClearKey kek(int handle, ErrorCode errorCode) throws CryptoException {
        var entry = entry(handle, errorCode);
        if (entry.importedWithBadParity || !entry.key.parityOk()) {
            throw new CryptoException(errorCode, "the KEK has a parity error");
        }
        if (entry.type == null || entry.emv() || !KEK_TYPES.contains(entry.type)) {
            throw refused(handle, entry, "used as a KEK");
        }
        entry.usedAsKek = true;

        return entry.key;
    }

    /**
     * Returns a key to compute a MAC with: typed TAK (003) or ZAK (008), or EMV-derived, and not used as a KEK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key whose role does not permit it.
     */
    ClearKey macKey(int handle) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        boolean macType = entry.type != null && entry.type.variant() == 0
                && (entry.type.pairCode() == 3 || entry.type.pairCode() == 8);
        if (entry.usedAsKek || !(entry.emv() || macType)) {
            throw refused(handle, entry, "used to compute a MAC");
        }

        return entry.key;
    }

    /**
     * Returns a key to encrypt or decrypt data with: typed ZEK (00A) or DEK/TEK (00B), and not used as a KEK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key whose role does not permit it.
     */
    ClearKey cryptKey(int handle) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        boolean dataType = entry.type != null && entry.type.variant() == 0
                && (entry.type.pairCode() == 0x0A || entry.type.pairCode() == 0x0B);
        if (entry.usedAsKek || entry.emv() || !dataType) {
            throw refused(handle, entry, "used to encrypt or decrypt data");
        }

        return entry.key;
    }

    /**
     * Returns an EMV master key: a key of the 109 family (MK-AC 109 to MK-CVC3 709 of LMK 28-29, not the type-2
     * BDK 609).
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another type or none.
     */
    ClearKey emvMasterKey(int handle) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        var type = entry.type;
        if (entry.emv() || type == null || type.pairCode() != EMV_PAIR_CODE || type.variant() < 1
                || type.variant() > 7 || type.variant() == BDK_TYPE_2_VARIANT) {
            throw refused(handle, entry, "used as an EMV master key");
        }

        return entry.key;
    }

    /**
     * Returns an EMV-derived key of the given origin.
     *
     * @param handle the handle.
     * @param origin {@link Origin#EMV_CARD}, or null for a card or a session key.
     * @param use what it is for, for the message.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey emvKey(int handle, Origin origin, String use) throws CryptoException {
        var entry = entry(handle, ErrorCode.INVALID_INPUT);
        if (!entry.emv() || origin != null && entry.origin != origin) {
            throw refused(handle, entry, use);
        }

        return entry.key;
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
    boolean parityOk(int handle, ErrorCode errorCode) throws CryptoException {
        var entry = entry(handle, errorCode);

        return entry.key.parityOk() && !entry.importedWithBadParity;
    }

    /**
     * Returns the key behind a handle, whatever its role: for the functions any key may use (check value, length,
     * export under a KEK).
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle.
     * @return the key.
     * @throws CryptoException with the given error code when no key has that handle.
     */
    ClearKey get(int handle, ErrorCode errorCode) throws CryptoException {
        return entry(handle, errorCode).key;
    }

    /**
     * Returns the origin of the key behind a handle.
     *
     * @param handle the handle.
     * @return the origin.
     * @throws CryptoException with error 15 when no key has that handle.
     */
    Origin origin(int handle) throws CryptoException {
        return entry(handle, ErrorCode.INVALID_INPUT).origin;
    }

    /**
     * Returns the type of the key behind a handle.
     *
     * @param handle the handle.
     * @return the type, or null for an untyped or EMV-derived key.
     * @throws CryptoException with error 15 when no key has that handle.
     */
    KeyType type(int handle) throws CryptoException {
        return entry(handle, ErrorCode.INVALID_INPUT).type;
    }

    /** @return the number of keys held. */
    int size() {
        return keys.size();
    }

    private int add(Entry entry) throws CryptoException {
        if (keys.size() >= MAX_KEYS) {
            entry.key.destroy();
            throw new CryptoException(ErrorCode.INVALID_INPUT, "one call may hold at most " + MAX_KEYS
                    + " keys");
        }
        keys.add(entry);

        return keys.size();
    }

    private Entry entry(int handle, ErrorCode errorCode) throws CryptoException {
        if (handle < 1 || handle > keys.size()) {
            throw new CryptoException(errorCode, "no key has handle " + handle);
        }

        return keys.get(handle - 1);
    }

    /** @return the first typed or EMV-derived entry that has an 8-byte part in common with the key, or null. */
    private Entry sharingAPart(ClearKey key) {
        Entry found = null;
        for (var entry : keys) {
            if (found == null && !entry.untyped() && sharesAPart(key, entry.key)) {
                found = entry;
            }
        }

        return found;
    }

    private static boolean sharesAPart(ClearKey a, ClearKey b) {
        boolean shared = false;
        for (int i = 0; i < a.length() / PART; i++) {
            var part = a.part(i);
            for (int j = 0; j < b.length() / PART; j++) {
                var other = b.part(j);
                shared |= MessageDigest.isEqual(part, other);
                Arrays.fill(other, (byte) 0);
            }
            Arrays.fill(part, (byte) 0);
        }

        return shared;
    }

    private static CryptoException refused(int handle, Entry entry, String use) {
        return new CryptoException(ErrorCode.KEY_FUNCTION_NOT_PERMITTED, "key " + handle + " is " + entry.role()
                + " and may not be " + use);
    }

    /** Wipes every key and unbinds the table from the thread. */
    @Override
    public void close() {
        for (var entry : keys) {
            entry.key.destroy();
        }
        keys.clear();
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
