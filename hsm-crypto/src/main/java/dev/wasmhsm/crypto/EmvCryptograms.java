package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;

/** EMV application cryptograms: the ARQC as a retail MAC, and the ARPC by method 1. */
public final class EmvCryptograms {
    private EmvCryptograms() {
    }

    /**
     * Computes an ARQC (or TC, AAC): ISO 9797-1 algorithm 3 under the session key.
     *
     * @param sessionKey the double-length session key.
     * @param data the transaction data.
     * @param padding method 1 (zeros, Visa CVN 10) or 2 (0x80, EMV common core).
     * @return the 8-byte cryptogram.
     * @throws CryptoException with error 27 when the key is not double length.
     */
    public static byte[] arqc(ClearKey sessionKey, byte[] data, Iso9797Mac.Padding padding) throws CryptoException {
        return Iso9797Mac.mac(sessionKey, Iso9797Mac.Algorithm.ALGORITHM_3, padding, null, data);
    }

    /**
     * Computes an ARPC by method 1: 3DES(key, ARQC xor (ARC || 6 zero bytes)).
     *
     * @param key the session (or card) key.
     * @param arqc the 8-byte ARQC.
     * @param arc the 2-byte authorisation response code.
     * @return the 8-byte ARPC.
     * @throws CryptoException with error 15 when the ARQC or ARC has the wrong length.
     */
    public static byte[] arpcMethod1(ClearKey key, byte[] arqc, byte[] arc) throws CryptoException {
        if (arqc.length != 8 || arc.length != 2) {
            throw new CryptoException(ErrorCode.INVALID_INPUT,
                    "ARPC method 1 takes an 8-byte ARQC and a 2-byte ARC");
        }
        var padded = new byte[8];
        System.arraycopy(arc, 0, padded, 0, 2);

        return Des.encryptEcb(key, Bytes.xor(arqc, padded));
    }
}
