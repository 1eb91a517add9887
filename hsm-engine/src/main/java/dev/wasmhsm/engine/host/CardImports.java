package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.EmvCryptograms;
import dev.wasmhsm.crypto.EmvKeys;
import dev.wasmhsm.crypto.Iso9797Mac;
import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.crypto.VisaCvv;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The card host functions of plugins/include/hsm_host.h: the Visa CVV computed or verified, and EMV keys, ARQC
 * verification and ARPC. The CVK must be a CVK (402); the EMV master key one of MK-AC to MK-CVC3; the session key
 * is derived from a card key only, and the ARQC and the ARPC need an EMV-derived key (29 otherwise, see
 * {@link KeyRoles}).
 */
final class CardImports {
    private static final int CVV_LENGTH = 3;
    private static final int ARQC_LENGTH = 8;

    private CardImports() {
    }

    /** {@code cvv(cvk, pan, pan_len, expiry, service_code, out) -> 3}. */
    static int cvv(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var cvv = compute(memory, keys.cvk(a[0], Operation.GENERATE), a);
        memory.write(a[5], cvv);

        return cvv.length;
    }

    /**
     * {@code cvv_verify(cvk, pan, pan_len, expiry, service_code, cvv) -> 1 or 0}: whether the CVV (3 ASCII digits) is
     * the card's; the true CVV stays in the host.
     */
    static int cvvVerify(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var offered = memory.read(a[5], CVV_LENGTH);

        return MessageDigest.isEqual(compute(memory, keys.cvk(a[0], Operation.VERIFY), a), offered) ? 1 : 0;
    }

    /** {@code emv_card_key(master_key, pan_psn) -> handle}. */
    static int emvCardKey(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var masterKey = keys.emvMasterKey(a[0]);

        return keys.addDerived(EmvKeys.cardKey(masterKey, memory.read(a[1], 8)), KeyHandles.Origin.EMV_CARD);
    }

    /** {@code emv_session_key(card_key, atc) -> handle}. */
    static int emvSessionKey(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var cardKey = keys.emvKey(a[0], KeyHandles.Origin.EMV_CARD, "used as an EMV card key");

        return keys.addDerived(EmvKeys.sessionKey(cardKey, memory.read(a[1], 2)), KeyHandles.Origin.EMV_SESSION);
    }

    /**
     * {@code emv_arqc_verify(key, data, len, arqc) -> 1 or 0}: whether the ARQC (8 bytes) is the ISO 9797-1
     * algorithm 3 MAC, zero padded, of the transaction data under the EMV-derived key; the true ARQC stays in the
     * host.
     */
    static int emvArqcVerify(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a)
            throws CryptoException {
        var key = keys.emvKey(a[0], null, "used to verify an ARQC");
        var offered = memory.read(a[3], ARQC_LENGTH);
        var arqc = Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_3, Iso9797Mac.Padding.METHOD_1, null,
                memory.read(a[1], a[2]));

        return MessageDigest.isEqual(arqc, offered) ? 1 : 0;
    }

    /**
     * {@code emv_arpc(key, arqc, arc, out) -> 8}. ARPC method 1 encrypts the ARQC (XOR the ARC) under the key, as the
     * session key derivation encrypts {@code ATC || F0 || 00...} and {@code ATC || 0F || 00...} under the card key: an
     * ARQC of that form is refused for a card key (29), or the ARPC would be a half of the clear session key.
     */
    static int emvArpc(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var key = keys.emvKey(a[0], null, "used for an ARPC");
        var arqc = memory.read(a[1], ARQC_LENGTH);
        if (keys.derivedOrigin(a[0]) == KeyHandles.Origin.EMV_CARD && isSessionKeyDerivationBlock(arqc)) {
            throw new CryptoException(ErrorCode.KEY_FUNCTION_NOT_PERMITTED, "an ARPC of this ARQC under a card key"
                    + " would be a half of a session key");
        }
        var arpc = EmvCryptograms.arpcMethod1(key, arqc, memory.read(a[2], 2));
        memory.write(a[3], arpc);

        return arpc.length;
    }

    /** @return whether bytes 2 to 7 (those the ARC leaves alone) are F0 or 0F then five zeros. */
    private static boolean isSessionKeyDerivationBlock(byte[] arqc) {
        boolean zeros = true;
        for (int i = 3; i < ARQC_LENGTH; i++) {
            zeros &= arqc[i] == 0;
        }

        return zeros && (arqc[2] == (byte) 0xF0 || arqc[2] == (byte) 0x0F);
    }

    private static byte[] compute(GuestMemory memory, ClearKey cvk, int[] a) throws CryptoException {
        if (a[2] < 12 || a[2] > 19) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a PAN has 12 to 19 digits, not " + a[2]);
        }

        return VisaCvv.cvv(cvk, memory.readText(a[1], a[2]), memory.readText(a[3], 4), memory.readText(a[4], 3))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
