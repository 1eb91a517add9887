package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyCheckValue;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.protocol.ErrorCode;
import java.util.Arrays;

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
 * <p>Roles (see {@link KeyPolicy} and {@link KeyRoles}): a KEK must be a ZMK (000) or a TMK (80D; 002 without key
 * type 002 separation); keys from the LMK have their type; generated and imported keys are untyped until written
 * under the LMK, and only typed keys are exported. A refused role is error 29.
 */
final class KeyImports {
    private static final int KEY_TYPE_LENGTH = 3;
    private static final int RESTRICTED_DIGITS = 6;

    private KeyImports() {
    }

    /** {@code key_from_lmk(type, field, field_len) -> handle}. */
    static int keyFromLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var type = KeyType.parse(memory.readText(a[0], KEY_TYPE_LENGTH));
        var field = KeyField.parse(memory.read(a[1], a[2]));
        keys.checkLength(field.scheme().keyLength());

        return keys.addTyped(context.lmkCipher().decrypt(type, field), type);
    }

    /** {@code key_from_kek(kek, field, field_len, atalla_variant) -> handle}. */
    static int keyFromKek(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var kek = keys.kek(a[0], ErrorCode.SOURCE_KEY_PARITY);
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
        var type = KeyType.parse(memory.readText(a[1], KEY_TYPE_LENGTH));
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
