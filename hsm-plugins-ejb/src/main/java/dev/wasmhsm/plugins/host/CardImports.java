package dev.wasmhsm.plugins.host;

import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.EmvCryptograms;
import dev.wasmhsm.crypto.EmvKeys;
import dev.wasmhsm.crypto.VisaCvv;
import java.nio.charset.StandardCharsets;

/** The card host functions of plugins/include/hsm_host.h: the Visa CVV and EMV keys and ARPC. */
final class CardImports {
    private CardImports() {
    }

    /** {@code cvv(cvk, pan, pan_len, expiry, service_code, out) -> 3}. */
    static int cvv(CryptoContext context, GuestMemory memory, KeyTable keys, int[] a) throws CryptoException {
        var cvk = keys.get(a[0], CryptoException.INVALID_INPUT);
        if (a[2] < 12 || a[2] > 19) {
            throw new CryptoException(CryptoException.INVALID_INPUT, "a PAN has 12 to 19 digits, not " + a[2]);
        }
        var cvv = VisaCvv.cvv(cvk, memory.readText(a[1], a[2]), memory.readText(a[3], 4), memory.readText(a[4], 3))
                .getBytes(StandardCharsets.US_ASCII);
        memory.write(a[5], cvv);

        return cvv.length;
    }

    /** {@code emv_card_key(master_key, pan_psn) -> handle}. */
    static int emvCardKey(CryptoContext context, GuestMemory memory, KeyTable keys, int[] a) throws CryptoException {
        var masterKey = keys.get(a[0], CryptoException.INVALID_INPUT);

        return keys.add(EmvKeys.cardKey(masterKey, memory.read(a[1], 8)));
    }

    /** {@code emv_session_key(card_key, atc) -> handle}. */
    static int emvSessionKey(CryptoContext context, GuestMemory memory, KeyTable keys, int[] a)
            throws CryptoException {
        var cardKey = keys.get(a[0], CryptoException.INVALID_INPUT);

        return keys.add(EmvKeys.sessionKey(cardKey, memory.read(a[1], 2)));
    }

    /** {@code emv_arpc(key, arqc, arc, out) -> 8}. */
    static int emvArpc(CryptoContext context, GuestMemory memory, KeyTable keys, int[] a) throws CryptoException {
        var key = keys.get(a[0], CryptoException.INVALID_INPUT);
        var arpc = EmvCryptograms.arpcMethod1(key, memory.read(a[1], 8), memory.read(a[2], 2));
        memory.write(a[3], arpc);

        return arpc.length;
    }
}
