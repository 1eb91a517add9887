package dev.wasmhsm.engine.host;

import static dev.wasmhsm.crypto.VariantKeyType.CVK;
import static dev.wasmhsm.crypto.VariantKeyType.DEK;
import static dev.wasmhsm.crypto.VariantKeyType.MK_AC;
import static dev.wasmhsm.crypto.VariantKeyType.MK_CVC3;
import static dev.wasmhsm.crypto.VariantKeyType.MK_DAC;
import static dev.wasmhsm.crypto.VariantKeyType.MK_DN;
import static dev.wasmhsm.crypto.VariantKeyType.MK_SMC;
import static dev.wasmhsm.crypto.VariantKeyType.MK_SMI;
import static dev.wasmhsm.crypto.VariantKeyType.PVK;
import static dev.wasmhsm.crypto.VariantKeyType.TAK;
import static dev.wasmhsm.crypto.VariantKeyType.TMK;
import static dev.wasmhsm.crypto.VariantKeyType.TPK;
import static dev.wasmhsm.crypto.VariantKeyType.ZAK;
import static dev.wasmhsm.crypto.VariantKeyType.ZEK;
import static dev.wasmhsm.crypto.VariantKeyType.ZMK;
import static dev.wasmhsm.crypto.VariantKeyType.ZPK;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.VariantKeyType;
import dev.wasmhsm.engine.host.KeyHandles.Entry;
import dev.wasmhsm.engine.host.KeyHandles.Origin;
import dev.wasmhsm.protocol.ErrorCode;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a plugin may do with each key of its call: the host's key-use rules, enforced on the host side of the
 * trust boundary. The host functions reach the keys of a call only through this class, so none of them can use a
 * key for what its role does not permit.
 *
 * <p>Every key has a role: a key from the LMK has the key type it was decrypted under; a generated key, or one
 * imported from a KEK, is untyped until it is stored under the LMK ({@link #assignType}), which types it for good;
 * an EMV-derived key is an EMV card or session key. Each use names the roles that permit it ({@link #pinKey},
 * {@link #kek}, {@link #macKey}, {@link #cryptKey}, {@link #emvMasterKey}, ...) and a handle of another role is
 * refused with error 29 ({@link ErrorCode#KEY_FUNCTION_NOT_PERMITTED}). A key imported from a KEK that holds an
 * 8-byte part of a key already held takes that key's role, so that exporting a typed key and importing it back
 * cannot clear its type.
 *
 * <p>Every key held has DES odd parity: keys from the LMK are refused otherwise, generated and derived keys are made
 * odd, and a key imported from a KEK with bad parity is stored adjusted, its handle remembering that it arrived with
 * bad parity ({@link #addImported}). So everything written from a handle (under the LMK, under a KEK, its check
 * value) is the adjusted key, and {@link #parityOk} still reports the parity the key arrived with.
 */
final class KeyPolicy {
    /** The types a KEK may have: ZMK, and TMK (whose code TPK and PVK share). */
    static final Set<KeyType> KEK_TYPES = types(ZMK, TMK);

    private static final Set<KeyType> PIN_KEY_TYPES = types(ZPK, TPK);
    private static final Set<KeyType> PVK_TYPES = types(PVK);
    private static final Set<KeyType> CVK_TYPES = types(CVK);
    private static final Set<KeyType> MAC_KEY_TYPES = types(TAK, ZAK);
    private static final Set<KeyType> DATA_KEY_TYPES = types(ZEK, DEK);
    private static final Set<KeyType> EMV_MASTER_KEY_TYPES = types(MK_AC, MK_SMI, MK_SMC, MK_DAC, MK_DN, MK_CVC3);
    private static final int PART = 8;

    private final KeyHandles handles;

    KeyPolicy(KeyHandles handles) {
        this.handles = handles;
    }

    /**
     * Adds a key of a known type, decrypted from under the LMK; the call owns it from now on.
     *
     * @param key the key.
     * @param type its type.
     * @return its handle.
     * @throws CryptoException with error 15 when the call holds the most keys it may (the key is wiped).
     */
    int addTyped(ClearKey key, KeyType type) throws CryptoException {
        return handles.add(new Entry(key, Origin.LMK, type, false));
    }

    /**
     * Adds an untyped generated key; the call owns it from now on.
     *
     * @param key the key.
     * @return its handle.
     * @throws CryptoException with error 15 when the call holds the most keys it may (the key is wiped).
     */
    int addGenerated(ClearKey key) throws CryptoException {
        return handles.add(new Entry(key, Origin.GENERATED, null, false));
    }

    /**
     * Adds an EMV-derived key; the call owns it from now on.
     *
     * @param key the key.
     * @param origin {@link Origin#EMV_CARD} or {@link Origin#EMV_SESSION}.
     * @return its handle.
     * @throws CryptoException with error 15 when the call holds the most keys it may (the key is wiped).
     */
    int addDerived(ClearKey key, Origin origin) throws CryptoException {
        return handles.add(new Entry(key, origin, null, false));
    }

    /**
     * Adds a key imported from a KEK, whose parity nobody checked yet. A key with bad parity is replaced by its odd
     * parity copy (the original is wiped), and its handle is marked as imported with bad parity. The key is
     * untyped, unless an 8-byte part of it is a part of a key already held: then it takes that key's role (type or
     * EMV origin, and whether it was used as a KEK).
     *
     * @param key the imported key; the call owns it from now on.
     * @return its handle.
     * @throws CryptoException with error 15 when the call holds the most keys it may (the key is wiped).
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
            return handles.add(new Entry(stored, Origin.KEK, null, badParity));
        }
        var entry = new Entry(stored, known.emv() ? known.origin() : Origin.KEK, known.type(), badParity);
        if (known.usedAsKek()) {
            entry.markUsedAsKek();
        }

        return handles.add(entry);
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
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (!entry.untyped() && !type.equals(entry.type())) {
            throw refused(handle, entry, "stored under the LMK as type " + type.code());
        }

        return entry.key();
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
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.untyped()) {
            entry.type(type);
        }
    }

    /**
     * Returns a key to encrypt or decrypt PIN blocks with: typed ZPK or TPK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey pinKey(int handle) throws CryptoException {
        return withType(handle, "used as a PIN key", PIN_KEY_TYPES);
    }

    /**
     * Returns a key to compute Visa PVVs with: typed PVK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey pvk(int handle) throws CryptoException {
        return withType(handle, "used as a PVK", PVK_TYPES);
    }

    /**
     * Returns a key to compute Visa CVVs with: typed CVK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey cvk(int handle) throws CryptoException {
        return withType(handle, "used as a CVK", CVK_TYPES);
    }

    /**
     * Returns a key to use as a KEK: typed ZMK or TMK, with odd parity as it arrived. The handle is remembered as
     * used as a KEK, which no data function then accepts.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle or a parity error (10 or 11).
     * @return the key.
     * @throws CryptoException with the given error code, or 29 for a key of another type or none.
     */
    ClearKey kek(int handle, ErrorCode errorCode) throws CryptoException {
        var entry = handles.entry(handle, errorCode);
        if (entry.importedWithBadParity() || !entry.key().parityOk()) {
            throw new CryptoException(errorCode, "the KEK has a parity error");
        }
        if (entry.type() == null || entry.emv() || !KEK_TYPES.contains(entry.type())) {
            throw refused(handle, entry, "used as a KEK");
        }
        entry.markUsedAsKek();

        return entry.key();
    }

    /**
     * Returns a key to compute a MAC with: typed TAK or ZAK, or EMV-derived, and not used as a KEK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key whose role does not permit it.
     */
    ClearKey macKey(int handle) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        boolean macType = entry.type() != null && MAC_KEY_TYPES.contains(entry.type());
        if (entry.usedAsKek() || !(entry.emv() || macType)) {
            throw refused(handle, entry, "used to compute a MAC");
        }

        return entry.key();
    }

    /**
     * Returns a key to encrypt or decrypt data with: typed ZEK or DEK, and not used as a KEK.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key whose role does not permit it.
     */
    ClearKey cryptKey(int handle) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        boolean dataType = entry.type() != null && DATA_KEY_TYPES.contains(entry.type());
        if (entry.usedAsKek() || entry.emv() || !dataType) {
            throw refused(handle, entry, "used to encrypt or decrypt data");
        }

        return entry.key();
    }

    /**
     * Returns an EMV master key: MK-AC, MK-SMI, MK-SMC, MK-DAC, MK-DN or MK-CVC3 (not the BDK of type 2, which
     * shares their LMK pair).
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another type or none.
     */
    ClearKey emvMasterKey(int handle) throws CryptoException {
        return withType(handle, "used as an EMV master key", EMV_MASTER_KEY_TYPES);
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
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (!entry.emv() || origin != null && entry.origin() != origin) {
            throw refused(handle, entry, use);
        }

        return entry.key();
    }

    /**
     * Tells whether the key behind a handle has odd parity as it arrived: false for a key imported with bad parity,
     * although it is held adjusted.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle.
     * @return true when the key arrived with odd parity.
     * @throws CryptoException with the given error code when no key has that handle.
     */
    boolean parityOk(int handle, ErrorCode errorCode) throws CryptoException {
        var entry = handles.entry(handle, errorCode);

        return entry.key().parityOk() && !entry.importedWithBadParity();
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
    ClearKey anyRole(int handle, ErrorCode errorCode) throws CryptoException {
        return handles.entry(handle, errorCode).key();
    }

    /**
     * Returns the origin of the key behind a handle.
     *
     * @param handle the handle.
     * @return the origin.
     * @throws CryptoException with error 15 when no key has that handle.
     */
    Origin origin(int handle) throws CryptoException {
        return handles.entry(handle, ErrorCode.INVALID_INPUT).origin();
    }

    /**
     * Returns the type of the key behind a handle.
     *
     * @param handle the handle.
     * @return the type, or null for an untyped or EMV-derived key.
     * @throws CryptoException with error 15 when no key has that handle.
     */
    KeyType type(int handle) throws CryptoException {
        return handles.entry(handle, ErrorCode.INVALID_INPUT).type();
    }

    private ClearKey withType(int handle, String use, Set<KeyType> types) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.type() == null || entry.emv() || !types.contains(entry.type())) {
            throw refused(handle, entry, use);
        }

        return entry.key();
    }

    /** @return the first typed or EMV-derived key held that has an 8-byte part in common with the key, or null. */
    private Entry sharingAPart(ClearKey key) {
        Entry found = null;
        for (var entry : handles.entries()) {
            if (found == null && !entry.untyped() && sharesAPart(key, entry.key())) {
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

    private static Set<KeyType> types(VariantKeyType... named) {
        return Stream.of(named).map(VariantKeyType::type).collect(Collectors.toUnmodifiableSet());
    }
}
