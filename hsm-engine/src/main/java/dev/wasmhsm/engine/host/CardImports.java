package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.EmvCryptograms;
import dev.wasmhsm.crypto.EmvKeys;
import dev.wasmhsm.crypto.VisaCvv;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;

/**
 * The card host functions of plugins/include/hsm_host.h: the Visa CVV and EMV keys and ARPC. The CVK must be typed
 * 402 (CVK); the EMV master key must be one of MK-AC to MK-CVC3; the session key is derived from a card key only,
 * and the ARPC needs an EMV-derived key (29 otherwise, see {@link KeyPolicy}).
 */
final class CardImports {
    private CardImports() {
    }

    /** {@code cvv(cvk, pan, pan_len, expiry, service_code, out) -> 3}. */
    static int cvv(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var cvk = keys.cvk(a[0]);
        if (a[2] < 12 || a[2] > 19) {
            throw new CryptoException(ErrorCode.INVALID_INPUT, "a PAN has 12 to 19 digits, not " + a[2]);
        }
        var cvv = VisaCvv.cvv(cvk, memory.readText(a[1], a[2]), memory.readText(a[3], 4), memory.readText(a[4], 3))
                .getBytes(StandardCharsets.US_ASCII);
        memory.write(a[5], cvv);

        return cvv.length;
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

    /** {@code emv_arpc(key, arqc, arc, out) -> 8}. */
    static int emvArpc(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] a) throws CryptoException {
        var key = keys.emvKey(a[0], null, "used for an ARPC");
        var arpc = EmvCryptograms.arpcMethod1(key, memory.read(a[1], 8), memory.read(a[2], 2));
        memory.write(a[3], arpc);

        return arpc.length;
    }
}
