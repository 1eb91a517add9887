package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.crypto.Pin;
import dev.wasmhsm.crypto.PinBlock;
import dev.wasmhsm.crypto.PinBlockFormat;
import dev.wasmhsm.crypto.PinUnderLmk;
import dev.wasmhsm.crypto.VisaPvv;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The PIN host functions of plugins/include/hsm_host.h: translate a PIN block, PINs to and from LMK 02-03, and the
 * Visa PVV, computed or verified. A PIN block is 16H, except in ISO format 4 (48), whose 16-byte AES block is 32H
 * (read and written); the account is 12 ASCII digits, read for the formats that use it (0, 3 and 4; for format 4
 * it is taken as a 12-digit PAN) and always for a PIN under the LMK, which is bound to it. The clear PIN stays in
 * the host and is wiped after use. A PIN key must be a ZPK or a TPK, a PVK a PVK (29 otherwise, see
 * {@link KeyRoles}).
 *
 * <p>With restricted PIN translations (the PCI profile), a PIN bound to the account (ISO formats 0, 3 and 4, and a
 * PIN under the LMK) is never written as a PIN block that is not (ISO format 1, IBM 3624): error 69.
 */
final class PinImports {
    private static final int ACCOUNT_LENGTH = 12;
    private static final int PIN_UNDER_LMK_LENGTH = 16;
    private static final int PVV_LENGTH = 4;

    private PinImports() {
    }

    /** {@code pin_translate(src_key, block, src_format, account, dst_key, dst_format, out) -> PIN length}. */
    static int pinTranslate(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var from = desFormat(a[2]);
        var to = desFormat(a[5]);
        if (boundToAccount(from)) {
            checkUnbound(keys, to);
        }
        var source = keys.pinKey(a[0], Operation.DECRYPT);
        var destination = keys.pinKey(a[4], Operation.ENCRYPT);
        var account = account(memory, a[3], from, to);
        var pin = PinBlock.decrypt(source, from, block(memory, a[1], from), account);
        try {
            memory.write(a[6], Hex.encode(PinBlock.encrypt(destination, to, pin, account, context.random())));

            return pin.length();
        } finally {
            pin.destroy();
        }
    }

    /** {@code pin_to_lmk(key, block, format, account, out, cap) -> 16}. */
    static int pinToLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var format = desFormat(a[2]);
        var key = keys.pinKey(a[0], Operation.DECRYPT);
        var account = readAccount(memory, a[3]);
        var pin = PinBlock.decrypt(key, format, block(memory, a[1], format), boundToAccount(format) ? account : null);
        try {
            return KeyImports.writeCapped(memory, a[4], a[5],
                    Hex.encode(PinUnderLmk.encrypt(context.lmkCipher(), pin, account)));
        } finally {
            pin.destroy();
        }
    }

    /** {@code pin_from_lmk(pin_lmk, pin_len, key, format, account, out) -> PIN length}. */
    static int pinFromLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var format = desFormat(a[3]);
        checkUnbound(keys, format);
        var key = keys.pinKey(a[2], Operation.ENCRYPT);
        var account = readAccount(memory, a[4]);
        var pin = pinUnderLmk(context, memory, a[0], a[1], account);
        try {
            memory.write(a[5], Hex.encode(PinBlock.encrypt(key, format, pin, boundToAccount(format) ? account : null,
                    context.random())));

            return pin.length();
        } finally {
            pin.destroy();
        }
    }

    /** {@code pvv_from_block(pvk, key, block, format, account, pvki, out) -> 4}. */
    static int pvvFromBlock(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var format = desFormat(a[3]);
        var pvk = keys.pvk(a[0], Operation.GENERATE);
        var key = keys.pinKey(a[1], Operation.DECRYPT);
        var account = readAccount(memory, a[4]);
        var pin = PinBlock.decrypt(key, format, block(memory, a[2], format), account);

        return writePvv(memory, a[6], pvk, account, a[5], pin);
    }

    /**
     * {@code pvv_verify(pvk, key, block, format, account, pvki, pvv) -> 1 or 0}: whether the PVV (4 ASCII digits)
     * is the PIN's; the true PVV stays in the host.
     */
    static int pvvVerify(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var format = desFormat(a[3]);
        var pvk = keys.pvk(a[0], Operation.VERIFY);
        var key = keys.pinKey(a[1], Operation.DECRYPT);
        var account = readAccount(memory, a[4]);
        var offered = memory.read(a[6], PVV_LENGTH);
        var pin = PinBlock.decrypt(key, format, block(memory, a[2], format), account);
        try {
            var pvv = VisaPvv.pvv(pvk, account, a[5], pin).getBytes(StandardCharsets.US_ASCII);

            return MessageDigest.isEqual(pvv, offered) ? 1 : 0;
        } finally {
            pin.destroy();
        }
    }

    /** {@code pvv_from_lmk(pvk, pin_lmk, pin_len, account, pvki, out) -> 4}. */
    static int pvvFromLmk(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var pvk = keys.pvk(a[0], Operation.GENERATE);
        var account = readAccount(memory, a[3]);
        var pin = pinUnderLmk(context, memory, a[1], a[2], account);

        return writePvv(memory, a[5], pvk, account, a[4], pin);
    }

    /**
     * Returns a PIN block format a DES PIN key can use: every PIN key here (ZPK 001, TPK 002) is a DES key, and ISO
     * format 4 (48) needs an AES key, so 48 is refused with error 23 like any format the key cannot carry.
     */
    private static PinBlockFormat desFormat(int code) throws CryptoException {
        var format = PinBlockFormat.of(code);
        if (format == PinBlockFormat.ISO_4) {
            throw new CryptoException(ErrorCode.INVALID_PIN_BLOCK_FORMAT, "format 48 needs an AES key, not a DES PIN key");
        }

        return format;
    }

    private static int writePvv(GuestMemory memory, int out, ClearKey pvk, String account,
            int pvki, Pin pin) throws CryptoException {
        try {
            var pvv = VisaPvv.pvv(pvk, account, pvki, pin).getBytes(StandardCharsets.US_ASCII);
            memory.write(out, pvv);

            return pvv.length;
        } finally {
            pin.destroy();
        }
    }

    private static Pin pinUnderLmk(CryptoContext context, GuestMemory memory, int pointer, int length,
            String account) throws CryptoException {
        if (length != PIN_UNDER_LMK_LENGTH) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a PIN under LMK has 16 hex characters, not "
                    + length);
        }

        return PinUnderLmk.decrypt(context.lmkCipher(), Hex.decode(memory.read(pointer, length)), account);
    }

    private static byte[] block(GuestMemory memory, int pointer, PinBlockFormat format) throws CryptoException {
        return Hex.decode(memory.read(pointer, 2 * format.blockLength()));
    }

    private static String account(GuestMemory memory, int pointer, PinBlockFormat... formats)
            throws CryptoException {
        for (var format : formats) {
            if (boundToAccount(format)) {
                return readAccount(memory, pointer);
            }
        }

        return null;
    }

    private static boolean boundToAccount(PinBlockFormat format) {
        return format == PinBlockFormat.ISO_0 || format == PinBlockFormat.ISO_3 || format == PinBlockFormat.ISO_4;
    }

    /** Refuses, with restricted PIN translations, to write a PIN bound to the account in a format that is not. */
    private static void checkUnbound(KeyPolicy keys, PinBlockFormat to) throws CryptoException {
        if (keys.profile().restrictPinTranslations() && !boundToAccount(to)) {
            throw new CryptoException(ErrorCode.PIN_BLOCK_FORMAT_DISABLED, "a PIN bound to the account may not"
                    + " become a PIN block in a format that is not (restricted PIN translations)");
        }
    }

    private static String readAccount(GuestMemory memory, int pointer) throws CryptoException {
        var account = memory.readText(pointer, ACCOUNT_LENGTH);
        if (!account.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "an account has 12 digits");
        }

        return account;
    }
}
