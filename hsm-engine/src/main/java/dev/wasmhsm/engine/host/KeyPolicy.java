package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KeyBlockHeader;
import dev.wasmhsm.crypto.KeyBlockLmks;
import dev.wasmhsm.crypto.KeyBlockUsage;
import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.VariantKeyType;
import dev.wasmhsm.engine.host.AuthorisedState.Activity;
import dev.wasmhsm.engine.host.KeyHandles.Entry;
import dev.wasmhsm.engine.host.KeyHandles.Origin;
import dev.wasmhsm.engine.host.KeyHandles.ValueType;
import dev.wasmhsm.engine.host.KeyRoles.Role;
import dev.wasmhsm.engine.log.CallOrigin;
import dev.wasmhsm.protocol.ErrorCode;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * What a plugin may do with each key of its call: the host's key-use rules, enforced on the host side of the
 * trust boundary. The host functions reach the keys of a call only through this class, so none of them can use a
 * key for what its role does not permit, and a plugin that skips a check of its own gains nothing.
 *
 * <p>The invariants (SECURITY.md, docs/plugin-abi.md):
 * <ol>
 * <li>No host function writes a clear key, LMK material or a clear PIN into guest memory.</li>
 * <li>One clear value has one type within a call, whatever its origin: every key added is compared, 8-byte part by
 * part, with the keys held, and keys sharing a part share one {@link ValueType}; typing one copy types every copy,
 * and a value met under a second type is refused with error 29.</li>
 * <li>A key is used only in the roles its type allows ({@link KeyRoles}); a key of another role is refused with
 * error 29.</li>
 * </ol>
 *
 * <p>No key held is a weak or semi-weak DES key in any of its parts (error 11, "key all zeros" in payShield's
 * words): the all-zero key is what a KEK's own check value imports to.
 *
 * <p>On top of the roles: an untyped key (generated, or imported from a KEK, and not yet written under the LMK) and
 * an EMV-derived key are never exported; the key operations of {@link Activity} need the authorised state (17);
 * and the security profile refuses single-length keys (27), keys whose parts repeat (75) and KEKs shorter than the
 * keys they wrap (27).
 *
 * <p>A key from a key block ({@link #addBlock}) also obeys its header: its usage gives it one role at most
 * ({@link KeyRoles#ofUsage}), whatever type code the plugin names it with; its mode of use is checked against what
 * each host function does with it (A8); an export honours its exportability (AA: {@code N} never, {@code S} only in
 * key-block form, which no export writes yet); and it is never written under the variant LMK, where it would lose
 * its attributes (29).
 *
 * <p>Every key held has DES odd parity: keys from the LMK are refused otherwise, generated and derived keys are made
 * odd, and a key imported from a KEK with bad parity is stored adjusted, its handle remembering that it arrived with
 * bad parity ({@link #addImported}).
 */
final class KeyPolicy {
    private static final int PART = 8;
    /** The 4 weak and 12 semi-weak DES keys, parity bits cleared. */
    private static final long[] WEAK_DES_KEYS = {
        0x0000000000000000L, 0xFEFEFEFEFEFEFEFEL, 0xE0E0E0E0F0F0F0F0L, 0x1E1E1E1E0E0E0E0EL,
        0x00FE00FE00FE00FEL, 0xFE00FE00FE00FE00L, 0x1EE01EE00EF00EF0L, 0xE01EE01EF00EF00EL,
        0x00E000E000F000F0L, 0xE000E000F000F000L, 0x1EFE1EFE0EFE0EFEL, 0xFE1EFE1EFE0EFE0EL,
        0x001E001E000E000EL, 0x1E001E000E000E00L, 0xE0FEE0FEF0FEF0FEL, 0xFEE0FEE0FEF0FEF0L,
    };
    private static final KeyType ZMK = VariantKeyType.ZMK.type();
    private static final KeyType ZPK = VariantKeyType.ZPK.type();
    private static final KeyType TAK = VariantKeyType.TAK.type();

    private final KeyHandles handles;
    private final SecurityProfile profile;
    private final AuthorisedState authorised;
    private final KeyBlockLmks lmks;

    KeyPolicy(KeyHandles handles, CryptoContext context) {
        this.handles = handles;
        this.profile = context.profile();
        this.authorised = context.authorised();
        this.lmks = context.keyBlockLmks();
    }

    /**
     * Selects the LMK slot of the rest of the call.
     *
     * @param id two digits.
     * @throws CryptoException with 13 when no LMK is in that slot, 15 when the call already holds a key.
     */
    void selectLmk(String id) throws CryptoException {
        if (handles.size() > 0) {
            // Switching LMKs with keys held would let one call mix the schemes' keys.
            throw new CryptoException(ErrorCode.INVALID_INPUT, "the LMK is selected before any key is held");
        }
        if (!lmks.loaded(id)) {
            throw new CryptoException(ErrorCode.INVALID_LMK_IDENTIFIER, "no LMK is loaded in slot " + id);
        }
        handles.lmkId(id);
    }

    /** @return the LMK slot of the call: the one it selected, else its listener's default, else the server's. */
    String lmkId() {
        var selected = handles.lmkId();
        if (selected != null) {
            return selected;
        }
        var listener = CallOrigin.defaultLmk();

        return listener == null ? lmks.defaultId() : listener;
    }

    /**
     * Refuses a variant key field when the call's LMK is a key-block LMK.
     *
     * @throws CryptoException with A1 under a key-block LMK.
     */
    void requireVariantLmk() throws CryptoException {
        if (!lmks.variantId().equals(lmkId())) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_LMK_SCHEMES, "LMK " + lmkId() + " is a key-block LMK:"
                    + " its keys are key blocks ('S')");
        }
    }

    /**
     * Adds a key from a key block under the LMK, of the type its field names, with the block's attributes; the call
     * owns it from now on.
     *
     * @param key the key.
     * @param type its type (the usage fits it: the caller checked).
     * @param header the block's header, verified.
     * @return its handle.
     * @throws CryptoException as {@link #addTyped}.
     */
    int addBlock(ClearKey key, KeyType type, KeyBlockHeader header) throws CryptoException {
        var value = new ValueType(type, null);
        value.block(header);

        return add(key, Origin.LMK, value, false);
    }

    /**
     * Returns the type a key-block usage gives a key whose field names no type ({@code FFF}), as this profile
     * writes the terminal types.
     *
     * @param usage the block's usage.
     * @return the type.
     * @throws CryptoException with A6 for a usage no host function has a role for.
     */
    KeyType typeOfUsage(String usage) throws CryptoException {
        var role = KeyBlockUsage.roleOf(usage);
        if (role == null) {
            throw new CryptoException(ErrorCode.INVALID_KEY_USAGE, "no key type has usage " + usage);
        }

        return switch (role) {
            case TPK -> profile.tpkType();
            case TMK -> profile.tmkType();
            default -> role.type();
        };
    }

    /**
     * Refuses a key-block usage that does not give the type a command names: a block's usage decides its key type,
     * one type per usage, so that a key cannot be written as one type and read back as a more privileged one.
     *
     * @param usage the block's usage.
     * @param type the type the command names.
     * @throws CryptoException with A6 when the usage gives another type, or none.
     */
    void requireTypeOfUsage(String usage, KeyType type) throws CryptoException {
        var own = typeOfUsage(usage);
        if (!own.equals(type)) {
            throw new CryptoException(ErrorCode.INVALID_KEY_USAGE, "a key of usage " + usage + " is of type "
                    + own.code() + ", not " + type.code());
        }
    }

    /**
     * Returns the header a key is written under a key-block LMK with: the attributes asked for, or the defaults of
     * its type, never looser than those of the block the key came from.
     *
     * @param handle the key's handle.
     * @param type the type it is written as.
     * @param requested the attributes the command asks for, or null for the defaults.
     * @param version the block version of the LMK.
     * @return the header, with the LMK's identifier.
     * @throws CryptoException with A6 when the usage does not fit the type, A8/AA when the attributes are looser than
     *     the key's own.
     */
    KeyBlockHeader blockHeader(int handle, KeyType type, KeyBlockHeader requested, char version)
            throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        var own = entry.block();
        if (requested == null) {
            return own != null ? own : defaultHeader(type, version, lmkId());
        }
        requireTypeOfUsage(requested.usage(), type);
        if (entry.value().exported() && requested.exportability() == 'N') {
            throw new CryptoException(ErrorCode.INVALID_EXPORTABILITY, "key " + handle + " left this call under a"
                    + " KEK: it cannot be made never exportable");
        }
        if (own != null) {
            if (!own.usage().equals(requested.usage())) {
                throw new CryptoException(ErrorCode.INVALID_KEY_USAGE, "a key of usage " + own.usage()
                        + " keeps it: not " + requested.usage());
            }
            if (!KeyBlockUsage.narrower(requested.modeOfUse(), own.modeOfUse())) {
                throw new CryptoException(ErrorCode.INVALID_MODE_OF_USE, "mode of use " + requested.modeOfUse()
                        + " allows more than the key's own " + own.modeOfUse());
            }
            if (exportRank(requested.exportability()) > exportRank(own.exportability())) {
                throw new CryptoException(ErrorCode.INVALID_EXPORTABILITY, "exportability " + requested.exportability()
                        + " is wider than the key's own " + own.exportability());
            }
        }

        return requested;
    }

    /**
     * Returns the header a variant key migrates with (BW): the attributes asked for, whose usage must give exactly
     * the key's type, or its type's defaults; the key passes the profile's checks of any key the host holds. The key
     * is not added to the call.
     *
     * @param key the clear key, from under the variant LMK.
     * @param type its type.
     * @param requested the attributes asked for, or null.
     * @param version the destination LMK's block version.
     * @param lmkId the destination LMK's identifier.
     * @return the header.
     * @throws CryptoException with A6 when the usage gives another type, or the profile's refusals (27, 75, 11).
     */
    KeyBlockHeader migrationHeader(ClearKey key, KeyType type, KeyBlockHeader requested, char version, String lmkId)
            throws CryptoException {
        checkStrength(key);
        if (requested == null) {
            return defaultHeader(type, version, lmkId);
        }
        requireTypeOfUsage(requested.usage(), type);

        return requested;
    }

    /** @return the attributes a key of a type gets when none are asked for, if its usage reads back as that type. */
    private KeyBlockHeader defaultHeader(KeyType type, char version, String lmkId) throws CryptoException {
        // 002 is a PVK's type in every profile; a TPK or TMK under key type 002 separation has its own.
        var role = type.equals(VariantKeyType.PVK.type()) ? VariantKeyType.PVK : Arrays.stream(
                VariantKeyType.values()).filter(candidate -> candidate.type().equals(type)).findFirst()
                .orElseThrow(() -> new CryptoException(ErrorCode.INVALID_KEY_TYPE, "no key-block usage for type "
                + type.code()));
        var header = KeyBlockUsage.defaultHeader(role, version, lmkId);
        // A type whose usage reads back as another type (a TAK's M0 is a ZAK's) is not written as a block.
        requireTypeOfUsage(header.usage(), type);

        return header;
    }

    /**
     * Records the attributes a key was written with under a key-block LMK, so that later functions of the call
     * enforce them too.
     *
     * @param handle the key's handle.
     * @param header the header written.
     * @throws CryptoException with error 15 for an unknown handle.
     */
    void assignBlock(int handle, KeyBlockHeader header) throws CryptoException {
        handles.entry(handle, ErrorCode.INVALID_INPUT).value().block(header);
    }

    /** @return the security settings this policy enforces. */
    SecurityProfile profile() {
        return profile;
    }

    /**
     * Adds a key of a known type, decrypted from under the LMK; the call owns it from now on.
     *
     * @param key the key.
     * @param type its type.
     * @return its handle.
     * @throws CryptoException with error 27 or 75 when the profile refuses its length or its repeated parts, 29
     *     when its value is held as another type, 15 when the call holds the most keys it may (the key is wiped).
     */
    int addTyped(ClearKey key, KeyType type) throws CryptoException {
        return add(key, Origin.LMK, new ValueType(type, null), false);
    }

    /**
     * Adds an untyped generated key; the call owns it from now on.
     *
     * @param key the key.
     * @return its handle.
     * @throws CryptoException with error 27 or 75 when the profile refuses its length or its repeated parts, 15 when
     *     the call holds the most keys it may (the key is wiped).
     */
    int addGenerated(ClearKey key) throws CryptoException {
        return add(key, Origin.GENERATED, new ValueType(null, null), false);
    }

    /**
     * Adds an EMV-derived key; the call owns it from now on.
     *
     * @param key the key.
     * @param origin {@link Origin#EMV_CARD} or {@link Origin#EMV_SESSION}.
     * @return its handle.
     * @throws CryptoException with error 29 when its value is held with another role, 15 when the call holds the
     *     most keys it may (the key is wiped).
     */
    int addDerived(ClearKey key, Origin origin) throws CryptoException {
        return add(key, origin, new ValueType(null, origin), false);
    }

    /**
     * Adds a key imported from a KEK, whose parity nobody checked yet. A key with bad parity is replaced by its odd
     * parity copy (the original is wiped), and its handle is marked as imported with bad parity. The key is
     * untyped, unless it shares an 8-byte part with a key already held: then it has that key's type.
     *
     * @param key the imported key; the call owns it from now on.
     * @param kekHandle the handle of the KEK it was imported under: whether that is a ZMK decides what the key may
     *     be written under the LMK as without the authorised state, and the KEK must be at least as strong.
     * @return its handle.
     * @throws CryptoException with error 27 or 75 when the profile refuses its length or its repeated parts, 15 when
     *     the call holds the most keys it may (the key is wiped).
     */
    int addImported(ClearKey key, int kekHandle) throws CryptoException {
        var kekEntry = handles.entry(kekHandle, ErrorCode.SOURCE_KEY_PARITY);
        var stored = key;
        boolean badParity = !key.parityOk();
        if (badParity) {
            try {
                stored = key.withOddParity();
            } finally {
                key.destroy();
            }
        }
        if (profile.kekAtLeastAsStrong() && strength(kekEntry.key()) < strength(stored)) {
            stored.destroy();
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a KEK of " + strength(kekEntry.key())
                    + " independent bytes may not unwrap a key of " + stored.length() + " bytes");
        }
        var origin = ZMK.equals(kekEntry.type()) ? Origin.ZMK : Origin.KEK;

        return add(stored, origin, new ValueType(null, null), badParity);
    }

    /**
     * Adds a key read from a TR-31 block under a KEK, of the type its usage gives, with the block's attributes. It is
     * typed at once, so the activity {@code import} is asked for here, not only when it is stored: anything but a
     * ZPK from a ZMK needs it.
     *
     * @param key the key; the call owns it from now on.
     * @param kekHandle the KEK's handle.
     * @param type the type its usage gives.
     * @param header the block's header, verified.
     * @return its handle.
     * @throws CryptoException with 17 outside the activity import, or as {@link #addImported}.
     */
    int addTr31(ClearKey key, int kekHandle, KeyType type, KeyBlockHeader header) throws CryptoException {
        var kekType = handles.entry(kekHandle, ErrorCode.SOURCE_KEY_PARITY).type();
        if (!(type.equals(ZPK) && ZMK.equals(kekType))) {
            // Typed at once, the key could be used or exported in this call before storable() asked for import.
            try {
                authorised.require(Activity.IMPORT, "key of type " + type.code() + " read from a TR-31 block under a"
                        + " KEK of type " + (kekType == null ? "none" : kekType.code()));
            } catch (CryptoException e) {
                key.destroy();
                throw e;
            }
        }
        int handle = addImported(key, kekHandle);
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.untyped()) {
            // Typed by its usage for every rule but storable(), which reads the origin: an imported key.
            entry.value().type(type);
        } else if (!type.equals(entry.type())) {
            throw refused(handle, entry, "read as type " + type.code() + " from a TR-31 block");
        }
        entry.value().block(strictest(entry.value().block(), header));

        return handle;
    }

    /**
     * Returns a key to write under the LMK as a type, once it is checked that it may be: an untyped key, or one of
     * exactly that type. Writing a generated key as a ZMK needs the authorised activity {@code generate.zmk}, and an
     * imported key as anything but a ZPK that came in under a ZMK the activity {@code import}.
     *
     * @param handle the handle.
     * @param type the type it is to be written under.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 when the key is EMV-derived or has another
     *     type, 17 when the activity it needs is not entered.
     */
    ClearKey storable(int handle, KeyType type) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.block() != null && lmks.variantId().equals(lmkId())) {
            throw refused(handle, entry, "written under the variant LMK: a key block's key would lose its attributes");
        }
        if (!entry.untyped() && !type.equals(entry.type())) {
            throw refused(handle, entry, "written under the LMK as type " + type.code());
        }
        boolean fromTr31 = imported(entry) && entry.block() != null;
        if (entry.untyped() && entry.origin() == Origin.GENERATED && type.equals(ZMK)) {
            authorised.require(Activity.GENERATE_ZMK, "generated key written under the LMK as type 000");
        } else if ((entry.untyped() || fromTr31) && imported(entry)
                && !(type.equals(ZPK) && entry.origin() == Origin.ZMK)) {
            authorised.require(Activity.IMPORT, "key imported under a " + (entry.origin() == Origin.ZMK ? "ZMK"
                    : "TMK") + " written under the LMK as type " + type.code());
        }

        return entry.key();
    }

    /**
     * Types a key once it is written under the LMK ({@link #storable} said yes): the type is for good, and every
     * copy of its value in the call has it.
     *
     * @param handle the handle.
     * @param type the type it was written under.
     * @throws CryptoException with error 15 for an unknown handle.
     */
    void assignType(int handle, KeyType type) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.untyped()) {
            entry.value().type(type);
        }
    }

    /**
     * Returns a key to write under a KEK, with the KEK: the key must be typed (an untyped or EMV-derived key is
     * never exported), the KEK a KEK with odd parity, at least as long as the key in the PCI profile, and the export
     * a ZPK under a ZMK, or a terminal key (TPK, TMK, TAK) generated in this call under a TMK, unless the authorised
     * activity {@code export} is entered.
     *
     * @param handle the key's handle.
     * @param kekHandle the KEK's handle.
     * @return the key and the KEK.
     * @throws CryptoException with error 15 for an unknown handle, 11 for a KEK with bad parity, 29 for an untyped
     *     key or a KEK of another role, 27 for a KEK shorter than the key, 17 when the export needs the activity.
     */
    ClearKey[] export(int handle, int kekHandle) throws CryptoException {
        return exportChecked(handle, kekHandle, true);
    }

    private ClearKey[] exportChecked(int handle, int kekHandle, boolean variantForm) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        handles.entry(kekHandle, ErrorCode.INVALID_INPUT);
        var kek = kek(kekHandle, ErrorCode.DESTINATION_KEY_PARITY, Operation.ENCRYPT);
        if (entry.untyped() || entry.emv()) {
            throw refused(handle, entry, "exported: only a key written under the LMK is");
        }
        if (variantForm && entry.block() != null) {
            // E allows a key block under a KEK (X9.24), S also other forms, N nothing; in variant form the key
            // would lose its attributes, so it leaves only as a TR-31 block.
            throw new CryptoException(ErrorCode.INVALID_EXPORTABILITY, "key " + handle + " has key-block"
                    + " exportability " + entry.block().exportability() + ": it leaves only as a TR-31 key block");
        }
        if (profile.kekAtLeastAsStrong() && strength(kek) < strength(entry.key())) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "a KEK of " + strength(kek)
                    + " independent bytes may not wrap a key of " + strength(entry.key()));
        }
        var kekType = handles.entry(kekHandle, ErrorCode.INVALID_INPUT).type();
        var type = entry.type();
        boolean zpkUnderZmk = type.equals(ZPK) && kekType.equals(ZMK);
        boolean newTerminalKey = entry.origin() == Origin.GENERATED && kekType.equals(profile.tmkType())
                && (type.equals(profile.tpkType()) || type.equals(profile.tmkType()) || type.equals(TAK));
        if (!zpkUnderZmk && !newTerminalKey) {
            authorised.require(Activity.EXPORT, "key of type " + type.code() + " written under a KEK of type "
                    + kekType.code());
        }
        entry.value().exported(true);

        return new ClearKey[] {entry.key(), kek};
    }

    /**
     * Returns a key to write as a TR-31 block under a KEK, with the KEK: the rules of {@link #export}, but a
     * key-block key may go, as its exportability allows: {@code E} and {@code S} only under a KEK that is itself a
     * key block under the LMK (a trusted key; not one read from TR-31 in the call), {@code N} never.
     *
     * @param handle the key's handle.
     * @param kekHandle the KEK's handle.
     * @return the key and the KEK.
     * @throws CryptoException with AA when the exportability forbids it, or as {@link #export}.
     */
    ClearKey[] exportTr31(int handle, int kekHandle) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        var kekEntry = handles.entry(kekHandle, ErrorCode.INVALID_INPUT);
        var block = entry.block();
        boolean trustedKek = kekEntry.block() != null && kekEntry.origin() == Origin.LMK;
        if (block != null && (block.exportability() == 'N' || !trustedKek)) {
            throw new CryptoException(ErrorCode.INVALID_EXPORTABILITY, "key " + handle + " has exportability "
                    + block.exportability() + (block.exportability() == 'N' ? ": it is never exported"
                    : ": it is exported only under a KEK that is itself a key block under the LMK"));
        }

        return exportChecked(handle, kekHandle, false);
    }

    /**
     * Returns a key to encrypt or decrypt PIN blocks with: a ZPK or a TPK.
     *
     * @param handle the handle.
     * @param operation what the function does with it, which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey pinKey(int handle, Operation operation) throws CryptoException {
        return inRole(handle, Role.PIN_KEY, operation);
    }

    /**
     * Returns a key to compute or verify Visa PVVs with: a PVK.
     *
     * @param handle the handle.
     * @param operation what the function does with it, which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey pvk(int handle, Operation operation) throws CryptoException {
        return inRole(handle, Role.PVK, operation);
    }

    /**
     * Returns a key to compute or verify Visa CVVs with: a CVK.
     *
     * @param handle the handle.
     * @param operation what the function does with it, which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey cvk(int handle, Operation operation) throws CryptoException {
        return inRole(handle, Role.CVK, operation);
    }

    /**
     * Returns a key to use as a KEK: a ZMK or a TMK, with odd parity as it arrived.
     *
     * @param handle the handle.
     * @param errorCode the error code for an unknown handle or a parity error (10 or 11).
     * @param operation unwrap (decrypt) or wrap (encrypt), which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with the given error code, or 29 for a key of another role or none.
     */
    ClearKey kek(int handle, ErrorCode errorCode, Operation operation) throws CryptoException {
        var entry = handles.entry(handle, errorCode);
        if (entry.importedWithBadParity() || !entry.key().parityOk()) {
            throw new CryptoException(errorCode, "the KEK has a parity error");
        }

        return inRole(handle, Role.KEK, operation);
    }

    /**
     * Returns a key to compute or verify a MAC with: a TAK or a ZAK.
     *
     * @param handle the handle.
     * @param operation what the function does with it, which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey macKey(int handle, Operation operation) throws CryptoException {
        return inRole(handle, Role.MAC_KEY, operation);
    }

    /**
     * Returns a key to encrypt or decrypt data with: a ZEK or a DEK.
     *
     * @param handle the handle.
     * @param operation what the function does with it, which a key block's mode of use must allow.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey cryptKey(int handle, Operation operation) throws CryptoException {
        return inRole(handle, Role.DATA_KEY, operation);
    }

    /**
     * Returns an EMV master key: MK-AC (109) only, whose card keys verify ARQCs and answer ARPCs.
     *
     * @param handle the handle.
     * @return the key.
     * @throws CryptoException with error 15 for an unknown handle, 29 for a key of another role.
     */
    ClearKey emvMasterKey(int handle) throws CryptoException {
        return inRole(handle, Role.EMV_MASTER_KEY, Operation.DERIVE);
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
        if (!entry.emv() || origin != null && entry.value().derived() != origin) {
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
     * Returns the key behind a handle, whatever its role: for the functions any key may use (check value, length).
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
     * Returns what an EMV-derived key was derived as.
     *
     * @param handle the handle.
     * @return {@link Origin#EMV_CARD}, {@link Origin#EMV_SESSION}, or null for a key that is not EMV-derived.
     * @throws CryptoException with error 15 when no key has that handle.
     */
    Origin derivedOrigin(int handle) throws CryptoException {
        return handles.entry(handle, ErrorCode.INVALID_INPUT).value().derived();
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

    private ClearKey inRole(int handle, Role role, Operation operation) throws CryptoException {
        var entry = handles.entry(handle, ErrorCode.INVALID_INPUT);
        if (entry.type() == null || entry.emv() || !KeyRoles.of(entry.type(), profile).contains(role)) {
            throw refused(handle, entry, "used as " + role);
        }
        var block = entry.block();
        if (block != null) {
            if (KeyRoles.ofUsage(block.usage()) != role) {
                throw new CryptoException(ErrorCode.INVALID_KEY_USAGE, "key " + handle + " has key-block usage "
                        + block.usage() + " and may not be used as " + role);
            }
            KeyBlockUsage.requireMode(block, operation);
        }

        return entry.key();
    }

    /**
     * Returns how widely an exportability lets a key go (X9.143): N never, E under a KEK as a key block, S under a KEK
     * in any form.
     */
    private static int exportRank(char exportability) {
        return switch (exportability) {
            case 'S' -> 2;
            case 'E' -> 1;
            default -> 0;
        };
    }

    /**
     * Merges the key-block attributes of two copies of one value into the strictest: one usage, the narrower mode of
     * use, the narrower exportability.
     *
     * @return the attributes, or null when neither copy has any.
     * @throws CryptoException with error 29 when the copies have different usages or modes neither narrower.
     */
    private static KeyBlockHeader strictest(KeyBlockHeader a, KeyBlockHeader b) throws CryptoException {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (!a.usage().equals(b.usage())) {
            throw new CryptoException(ErrorCode.KEY_FUNCTION_NOT_PERMITTED, "the key's value is held in this call as"
                    + " key blocks of usages " + a.usage() + " and " + b.usage());
        }
        char mode;
        if (KeyBlockUsage.narrower(a.modeOfUse(), b.modeOfUse())) {
            mode = a.modeOfUse();
        } else if (KeyBlockUsage.narrower(b.modeOfUse(), a.modeOfUse())) {
            mode = b.modeOfUse();
        } else {
            throw new CryptoException(ErrorCode.KEY_FUNCTION_NOT_PERMITTED, "the key's value is held in this call with"
                    + " modes of use " + a.modeOfUse() + " and " + b.modeOfUse());
        }
        char exportability = exportRank(a.exportability()) <= exportRank(b.exportability()) ? a.exportability()
                : b.exportability();

        return new KeyBlockHeader(a.version(), a.usage(), a.algorithm(), mode, a.keyVersion(), exportability,
                a.reserved(), a.optionalBlocks());
    }

    /**
     * Adds a key after the profile's checks of its length and parts, with the type of its value: the keys held that
     * share an 8-byte part with it, and it, get one shared type, or the key is refused when their types differ.
     */
    private int add(ClearKey key, Origin origin, ValueType value, boolean badParity) throws CryptoException {
        try {
            checkStrength(key);
            var shared = shareValue(key, value);

            return handles.add(new Entry(key, origin, shared, badParity));
        } catch (CryptoException e) {
            key.destroy();
            throw e;
        }
    }

    /**
     * Refuses a key length the profile does not accept, before the key is decrypted: a single-length key is error 27
     * in the PCI profile, whatever else is wrong with it.
     *
     * @param length the key's length in bytes.
     * @throws CryptoException with error 27 for a single-length key the profile refuses.
     */
    void checkLength(int length) throws CryptoException {
        if (!profile.singleLengthKeys() && length == PART) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_KEY_LENGTH, "single-length DES keys are refused in the "
                    + profile.name() + " profile");
        }
    }

    private void checkStrength(ClearKey key) throws CryptoException {
        checkLength(key.length());
        if (hasAWeakPart(key)) {
            throw new CryptoException(ErrorCode.DESTINATION_KEY_PARITY, "a part of the key is a weak DES key (the"
                    + " all-zero key among them), whose value is known");
        }
        if (profile.refuseEqualHalves() && repeatsAPart(key)) {
            throw new CryptoException(ErrorCode.SINGLE_LENGTH_MASQUERADE, "the key's parts repeat: it is a"
                    + " single-length key in disguise");
        }
    }

    private ValueType shareValue(ClearKey key, ValueType value) throws CryptoException {
        Set<ValueType> joined = Collections.newSetFromMap(new IdentityHashMap<>());
        for (var entry : handles.entries()) {
            if (!joined.contains(entry.value()) && sharesAPart(key, entry.key())) {
                joined.add(entry.value());
            }
        }
        for (var other : joined) {
            boolean same = Objects.equals(value.type(), other.type()) && value.derived() == other.derived();
            if (!same && !value.untyped() && !other.untyped()) {
                throw new CryptoException(ErrorCode.KEY_FUNCTION_NOT_PERMITTED, "the key's value is held in this"
                        + " call " + other.describe() + ", and may not also be " + value.describe());
            }
            if (value.untyped()) {
                value.type(other.type());
                value.derived(other.derived());
            }
            // Every copy obeys the strictest attributes any copy came with, and knows whether one was exported.
            value.block(strictest(value.block(), other.block()));
            value.exported(value.exported() || other.exported());
        }
        for (var entry : handles.entries()) {
            if (joined.contains(entry.value())) {
                entry.value(value);
            }
        }

        return value;
    }

    /**
     * Tells whether an 8-byte part of a key is one of the 16 weak and semi-weak DES keys (parity bits ignored). The
     * all-zero key is one: importing a KEK's own full check value under it gives it, a key whose value everyone
     * knows.
     */
    private static boolean hasAWeakPart(ClearKey key) {
        boolean weak = false;
        for (int i = 0; i < key.length() / PART; i++) {
            var part = key.part(i);
            long value = 0;
            for (var b : part) {
                value = value << 8 | (b & 0xFE);
            }
            Arrays.fill(part, (byte) 0);
            for (long known : WEAK_DES_KEYS) {
                weak |= value == known;
            }
        }

        return weak;
    }

    private static boolean imported(Entry entry) {
        return entry.origin() == Origin.KEK || entry.origin() == Origin.ZMK;
    }

    /** @return the key's length in independent bytes: a triple-length key K1 K2 K1 is as strong as K1 K2. */
    private static int strength(ClearKey key) {
        if (key.length() != 3 * PART) {
            return key.length();
        }
        var first = key.part(0);
        var third = key.part(2);
        boolean twoKey = MessageDigest.isEqual(first, third);
        Arrays.fill(first, (byte) 0);
        Arrays.fill(third, (byte) 0);

        return twoKey ? 2 * PART : key.length();
    }

    private static boolean repeatsAPart(ClearKey key) {
        boolean repeats = false;
        for (int i = 1; i < key.length() / PART; i++) {
            var part = key.part(i);
            var previous = key.part(i - 1);
            repeats |= MessageDigest.isEqual(part, previous);
            Arrays.fill(part, (byte) 0);
            Arrays.fill(previous, (byte) 0);
        }

        return repeats;
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
}
