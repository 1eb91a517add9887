package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyBlockAttributes;
import dev.wasmhsm.crypto.KeyBlockCipher;
import dev.wasmhsm.crypto.KeyBlockHeader;
import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.crypto.KeyCheckValue;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The key host functions of plugins/include/hsm_host.h: keys in from the LMK or a KEK, generated, out under the LMK
 * or a KEK, and their check value, length and parity. Arguments are as in the header, in order.
 *
 * <p>Parity: a key imported from a KEK with bad parity is adjusted to odd parity as it enters the call's keys, so that
 * the key under the LMK, the key under another KEK and the check value are all of the adjusted key (the check
 * value would be the same anyway: DES ignores the parity bits); {@code key_parity_ok} still answers 0 for its
 * handle, so that A6 and FA can answer 01 (parity advice), and the handle is refused as a KEK (10, or 11 as a
 * destination), as a KEK with bad parity is.
 *
 * <p>Key blocks: under a key-block LMK (slot 01 to 99, selected with {@code lmk_select} or the server's default) a
 * key field is {@code S} and a Thales key block; the host verifies its authenticator, takes its usage (which must
 * fit the type the plugin names, or gives the key its type for {@code FFF}), and records its header so that
 * {@link KeyPolicy} enforces the mode of use and exportability. Only 3DES keys (algorithm {@code T}) are taken
 * so far: AES keys in blocks are refused with A7.
 *
 * <p>Roles (see {@link KeyPolicy} and {@link KeyRoles}): a KEK must be a ZMK (000) or a TMK (80D; 002 without key
 * type 002 separation); keys from the LMK have their type; generated and imported keys are untyped until written
 * under the LMK, and only typed keys are exported. A refused role is error 29.
 */
final class KeyImports {
    private static final int KEY_TYPE_LENGTH = 3;
    private static final int RESTRICTED_DIGITS = 6;
    /** The key type code of a field whose key block gives the type. */
    private static final String FROM_BLOCK = "FFF";
    private static final int KEY_BLOCK = 'S';

    private KeyImports() {
    }

    /** {@code lmk_select(id) -> 0}: the LMK slot of the rest of the call. */
    static int lmkSelect(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var id = memory.readText(a[0], 2);
        if (!id.matches("[0-9]{2}")) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an LMK identifier is two digits");
        }
        keys.selectLmk(id);

        return 0;
    }

    /** {@code key_from_lmk(type, field, field_len) -> handle}: a variant key field, or {@code S} and a key block. */
    static int keyFromLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var typeCode = memory.readText(a[0], KEY_TYPE_LENGTH);
        var text = memory.read(a[1], a[2]);
        if (text.length > 0 && text[0] == KEY_BLOCK) {
            return keyFromBlock(context, keys, typeCode, new String(text, 1, text.length - 1,
                    StandardCharsets.US_ASCII));
        }
        keys.requireVariantLmk();
        var type = KeyType.parse(typeCode);
        var field = KeyField.parse(text);
        keys.checkLength(field.scheme().keyLength());

        return keys.addTyped(context.lmkCipher().decrypt(type, field), type);
    }

    /**
     * Reads a key block under the call's key-block LMK: the authenticator, the LMK identifier and the header are
     * checked before the key is held; a key whose parity is not odd is held with odd parity (DES ignores those
     * bits, and blocks from other tools need not set them).
     */
    private static int keyFromBlock(CryptoContext context, KeyPolicy keys, String typeCode, String block)
            throws CryptoException {
        var unwrapped = context.keyBlockLmks().keyBlock(keys.lmkId()).unwrap(block);
        var type = typeOf(keys, typeCode, unwrapped);
        var key = unwrapped.key();
        if (!key.parityOk()) {
            var bad = key;
            try {
                key = bad.withOddParity();
            } finally {
                bad.destroy();
            }
        }

        return keys.addBlock(key, type, unwrapped.header());
    }

    /**
     * Checks an unwrapped block's key against what the host takes (3DES, a length the profile accepts) and returns
     * the type its usage gives it, which must be the type named ({@code FFF} takes it); the key is destroyed when
     * anything is refused.
     */
    private static KeyType typeOf(KeyPolicy keys, String typeCode, KeyBlockCipher.Unwrapped unwrapped)
            throws CryptoException {
        var header = unwrapped.header();
        try {
            if (header.algorithm() != 'T') {
                throw new CryptoException(ErrorCode.INVALID_ALGORITHM, "only 3DES keys (algorithm T) are taken from"
                        + " key blocks so far, not algorithm " + header.algorithm());
            }
            var type = FROM_BLOCK.equals(typeCode) ? keys.typeOfUsage(header.usage()) : KeyType.parse(typeCode);
            keys.requireTypeOfUsage(header.usage(), type);
            keys.checkLength(unwrapped.key().length());

            return type;
        } catch (CryptoException | RuntimeException e) {
            unwrapped.key().destroy();
            throw e;
        }
    }

    /**
     * {@code key_from_tr31(kek, block, block_len, type) -> handle}: a TR-31 block (version B or C: the KEK is a 3DES
     * key) whose usage gives the key its type, which must be the type named ({@code FFF} takes it); the key keeps
     * the block's attributes.
     */
    static int keyFromTr31(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var kek = keys.kek(a[0], ErrorCode.SOURCE_KEY_PARITY, Operation.DECRYPT);
        var block = new String(memory.read(a[1], a[2]), StandardCharsets.US_ASCII);
        var typeCode = memory.readText(a[3], KEY_TYPE_LENGTH);
        if (!block.isEmpty() && (block.charAt(0) == '0' || block.charAt(0) == '1')) {
            throw new CryptoException(ErrorCode.INVALID_KEY_BLOCK_VERSION, "versions 0 and 1 are Thales blocks under"
                    + " an LMK, not TR-31");
        }
        var unwrapped = KeyBlockCipher.unwrap(kek, 'T', block);
        var type = typeOf(keys, typeCode, unwrapped);

        return keys.addTr31(unwrapped.key(), a[0], type, unwrapped.header());
    }

    /**
     * {@code key_to_tr31(key, kek, version, out, cap) -> length}: {@code R} and a TR-31 block of version B or C
     * under a KEK, with the key's own attributes or its type's defaults (the Thales numeric usages stay, so that a
     * TPK does not come back as a ZPK); the rules of
     * {@code key_to_kek}, and the block's exportability ({@link KeyPolicy#exportTr31}).
     */
    static int keyToTr31(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        char version = (char) a[2];
        if (version != 'B' && version != 'C' && version != 'D') {
            throw new CryptoException(ErrorCode.INVALID_KEY_BLOCK_VERSION, "a TR-31 export is version B, C or D");
        }
        var keyAndKek = keys.exportTr31(a[0], a[1]);
        var own = keys.blockHeader(a[0], keys.type(a[0]), null, version);
        var header = new KeyBlockHeader(version, own.usage(), own.algorithm(), own.modeOfUse(),
                own.keyVersion(), own.exportability(), "00", List.of());
        var block = "R" + KeyBlockCipher.wrap(keyAndKek[1], 'T', header, keyAndKek[0], context.random());

        return writeCapped(memory, a[3], a[4], block.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code key_from_kek(kek, field, field_len, atalla_variant) -> handle}. */
    static int keyFromKek(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var kek = keys.kek(a[0], ErrorCode.SOURCE_KEY_PARITY, Operation.DECRYPT);
        var field = KeyField.parse(memory.read(a[1], a[2]));
        keys.checkLength(field.scheme().keyLength());

        return keys.addImported(KekKeyCipher.decrypt(kek, field, a[3]), a[0]);
    }

    /** {@code key_generate(length_bytes) -> handle}. */
    static int keyGenerate(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        keys.checkLength(a[0]);

        return keys.addGenerated(ClearKey.generate(a[0], context.random()));
    }

    /**
     * {@code key_to_lmk(key, type, scheme, out, cap) -> length}; the key written has odd parity, as every key of the
     * table has. An untyped key takes the type for good; a typed key may only be written under its own type (29
     * otherwise), and an EMV-derived key not at all. The PCI profile writes schemes U and T only (26 otherwise).
     */
    static int keyToLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        keys.anyRole(a[0], ErrorCode.INVALID_INPUT);
        var typeCode = memory.readText(a[1], KEY_TYPE_LENGTH);
        if (a[2] == KEY_BLOCK) {
            // FFF: the type the key has (from a key block, or loaded), for a key whose command names none.
            var type = FROM_BLOCK.equals(typeCode) ? keys.type(a[0]) : KeyType.parse(typeCode);
            if (type == null) {
                throw new CryptoException(ErrorCode.INVALID_KEY_TYPE, "an untyped key needs a key type to be written");
            }

            return writeBlock(context, memory, keys, a[0], type, null, a[3], a[4]);
        }
        var type = KeyType.parse(typeCode);
        keys.requireVariantLmk();
        var scheme = KeyScheme.of(a[2]);
        if (keys.profile().variantSchemesOnly() && scheme != KeyScheme.U && scheme != KeyScheme.T) {
            throw new CryptoException(ErrorCode.INVALID_KEY_SCHEME, "the " + keys.profile().name()
                    + " profile writes keys under the LMK in schemes U and T only, not " + scheme.letter());
        }
        var key = keys.storable(a[0], type);
        int written = writeCapped(memory, a[3], a[4], context.lmkCipher().encrypt(type, scheme, key).format());
        keys.assignType(a[0], type);

        return written;
    }

    /**
     * {@code key_to_lmk_block(key, type, attrs, attrs_len, out, cap) -> length}: the key as {@code S} and a key block
     * under the call's key-block LMK, with the attributes of a {@code #} field ({@link KeyBlockAttributes}); type
     * {@code FFF} takes the type from the usage. The same rules as {@code key_to_lmk} apply, and a key from a key
     * block gets attributes no looser than its own.
     */
    static int keyToLmkBlock(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var key = keys.anyRole(a[0], ErrorCode.INVALID_INPUT);
        var typeCode = memory.readText(a[1], KEY_TYPE_LENGTH);
        var lmk = context.keyBlockLmks().keyBlock(keys.lmkId());
        var attributes = KeyBlockAttributes.parse(memory.readText(a[2], a[3]), lmk.version(), lmk.id());
        var header = attributes.header();
        if (header.algorithm() != 'T') {
            throw new CryptoException(ErrorCode.INVALID_ALGORITHM, "only 3DES keys (algorithm T) are written as key"
                    + " blocks so far");
        }
        if (key.length() != attributes.keyLength()) {
            throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "the attributes name a key of "
                    + attributes.keyLength() + " bytes, not " + key.length());
        }
        var type = FROM_BLOCK.equals(typeCode) ? keys.typeOfUsage(header.usage()) : KeyType.parse(typeCode);

        return writeBlock(context, memory, keys, a[0], type, header, a[4], a[5]);
    }

    /**
     * {@code key_migrate(type, field, field_len, lmk_id, attrs, attrs_len, out, cap) -> length}: a key under the
     * variant LMK (a variant field of the type) written as {@code S} and a key block under the key-block LMK of a
     * slot, with the attributes of a {@code #} field or, without ({@code attrs_len} 0), the defaults of its type. The
     * usage must give exactly the key's type, so the key never gains a role; the mode of use and exportability can
     * only restrict it. Every check of {@code key_from_lmk} applies to the key.
     */
    static int keyMigrate(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var type = KeyType.parse(memory.readText(a[0], KEY_TYPE_LENGTH));
        var text = memory.read(a[1], a[2]);
        var id = memory.readText(a[3], 2);
        if (!id.matches("[0-9]{2}")) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an LMK identifier is two digits");
        }
        var lmk = context.keyBlockLmks().keyBlock(id);
        if (text.length > 0 && text[0] == KEY_BLOCK) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_LMK_SCHEMES, "a key block is migrated already");
        }
        var field = KeyField.parse(text);
        keys.checkLength(field.scheme().keyLength());
        KeyBlockHeader requested = null;
        int keyLength = 0;
        if (a[5] != 0) {
            var attributes = KeyBlockAttributes.parse(memory.readText(a[4], a[5]), lmk.version(), lmk.id());
            requested = attributes.header();
            keyLength = attributes.keyLength();
            if (requested.algorithm() != 'T') {
                throw new CryptoException(ErrorCode.INVALID_ALGORITHM, "only 3DES keys (algorithm T) are written as"
                        + " key blocks so far");
            }
        }
        // Never one of the call's keys: the call may be on another LMK, and the key would keep no attributes there.
        var key = context.lmkCipher().decrypt(type, field);
        String block;
        try {
            if (requested != null && key.length() != keyLength) {
                throw new CryptoException(ErrorCode.KEY_BLOCK_KEY_LENGTH, "the attributes name a key of " + keyLength
                        + " bytes");
            }
            block = "S" + lmk.wrap(keys.migrationHeader(key, type, requested, lmk.version(), lmk.id()), key,
                    context.random());
        } finally {
            key.destroy();
        }

        return writeCapped(memory, a[6], a[7], block.getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes a key as {@code S} and a key block under the call's key-block LMK, and types it for the call. */
    private static int writeBlock(CryptoContext context, GuestMemory memory, KeyPolicy keys, int handle, KeyType type,
            KeyBlockHeader requested, int out, int capacity) throws CryptoException {
        var lmk = context.keyBlockLmks().keyBlock(keys.lmkId());
        var header = keys.blockHeader(handle, type, requested, lmk.version());
        var key = keys.storable(handle, type);
        var block = "S" + lmk.wrap(header, key, context.random());
        int written = writeCapped(memory, out, capacity, block.getBytes(StandardCharsets.US_ASCII));
        keys.assignType(handle, type);
        keys.assignBlock(handle, header);

        return written;
    }

    /**
     * {@code key_to_kek(key, kek, scheme, atalla_variant, out, cap) -> length}: only a typed key is written, and
     * every export but a ZPK under a ZMK or a new terminal key under a TMK needs the authorised state.
     */
    static int keyToKek(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var keyAndKek = keys.export(a[0], a[1]);
        var field = KekKeyCipher.encrypt(keyAndKek[1], KeyScheme.of(a[2]), keyAndKek[0], a[3]).format();

        return writeCapped(memory, a[4], a[5], field);
    }

    /**
     * {@code key_check_value(key, out, hex_digits) -> hex_digits}; with restricted check values (PCI) a 16-digit
     * value has its 6 most significant digits and ten zeros.
     */
    static int keyCheckValue(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var key = keys.anyRole(a[0], ErrorCode.INVALID_INPUT);
        var checkValue = KeyCheckValue.hex(key, a[2]);
        if (keys.profile().restrictCheckValues()) {
            // The payShield "restricted" form: the 6 most significant digits, then zeros.
            Arrays.fill(checkValue, RESTRICTED_DIGITS, checkValue.length, (byte) '0');
        }
        memory.write(a[1], checkValue);

        return checkValue.length;
    }

    /** {@code key_length(key) -> 8, 16 or 24}. */
    static int keyLength(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        return keys.anyRole(a[0], ErrorCode.INVALID_INPUT).length();
    }

    /** {@code key_parity_ok(key) -> 1 or 0}: 0 for a key imported with bad parity, although it is held adjusted. */
    static int keyParityOk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        return keys.parityOk(a[0], ErrorCode.INVALID_INPUT) ? 1 : 0;
    }

    /**
     * Writes text into a guest buffer of a given capacity.
     *
     * @return the number of bytes written.
     * @throws CryptoException with error 15 when the capacity is too small or the buffer is outside memory.
     */
    static int writeCapped(GuestMemory memory, int pointer, int capacity, byte[] text) throws CryptoException {
        if (capacity < text.length) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "the output needs " + text.length
                    + " bytes, its capacity is " + capacity);
        }
        memory.write(pointer, text);

        return text.length;
    }
}
