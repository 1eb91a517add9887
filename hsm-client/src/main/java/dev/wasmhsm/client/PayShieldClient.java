package dev.wasmhsm.client;

import dev.wasmhsm.protocol.ResponseCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Typed payShield host commands over any {@link HsmTransport}, in their variant-LMK forms (layouts in
 * docs/protocol.md). Keys are passed and returned as the HSM writes them: 16 hex digits, or a scheme letter
 * ({@code U}, {@code X}, {@code T}, {@code Y}) and 32 or 48 hex digits. An error code becomes an
 * {@link HsmException}, except a failed verification, which a verifying operation returns as {@code false}.
 */
public final class PayShieldClient {
    private static final String ARQC_COMMAND = "KQ";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final HsmTransport transport;

    /**
     * Creates a client.
     *
     * @param transport the connection the commands go over.
     */
    public PayShieldClient(HsmTransport transport) {
        this.transport = transport;
    }

    /** The outcome of NC: the LMK's check value and the firmware number. */
    public record Diagnostics(String lmkCheckValue, String firmware) {
    }

    /** A key under the LMK and, when asked for, under a KEK, with its check value. */
    public record Key(String underLmk, String underKek, String checkValue) {
    }

    /**
     * What NO mode 00 reports.
     *
     * @param ioBufferSize the I/O buffer size code ({@code 3} is 32K).
     * @param ethernetType the Ethernet type code ({@code 1} is TCP).
     * @param sockets the number of TCP sockets.
     * @param firmware the firmware number.
     */
    public record Status(char ioBufferSize, char ethernetType, int sockets, String firmware) {
    }

    /**
     * The EMV card and transaction data KQ works on, as the card sent them.
     *
     * @param panAndSequence the right-most 16 PAN digits and the PAN sequence number, packed BCD, 8 bytes.
     * @param atc the application transaction counter, 2 bytes.
     * @param unpredictableNumber the unpredictable number, 4 bytes.
     * @param transactionData the data the ARQC covers, 1 to 255 bytes (for verification).
     * @param arqc the ARQC, 8 bytes.
     */
    public record Cryptogram(byte[] panAndSequence, byte[] atc, byte[] unpredictableNumber, byte[] transactionData,
            byte[] arqc) {
    }

    /** A PIN block translated to another key. */
    public record TranslatedPin(int pinLength, String pinBlock, String format) {
    }

    /**
     * NC: the HSM's diagnostics.
     *
     * @return the LMK check value (16 hex digits) and the firmware number.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public Diagnostics diagnostics() throws HsmException, IOException {
        var data = call("NC", "").text();
        if (data.length() < 16) {
            throw new IOException("the ND reply carries a 16-digit LMK check value, not " + data);
        }

        return new Diagnostics(data.substring(0, 16), data.substring(16));
    }

    /**
     * NO mode 00: the HSM's status.
     *
     * @return the buffer size and Ethernet codes, the number of sockets and the firmware number.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails or the reply is short.
     */
    public Status status() throws HsmException, IOException {
        var data = call("NO", "00").text();
        if (data.length() < 13) {
            throw new IOException("the NP reply is " + data.length() + " characters, not at least 13");
        }

        return new Status(data.charAt(0), data.charAt(1), Integer.parseInt(data.substring(2, 4)), data.substring(4,
                13));
    }

    /**
     * N0: random bytes from the HSM's random source.
     *
     * @param count how many, 1 to 999.
     * @return the bytes.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails or the reply holds another number of bytes.
     */
    public byte[] random(int count) throws HsmException, IOException {
        if (count < 1 || count > 999) {
            throw new IllegalArgumentException("the random bytes of N0 are 1 to 999, not " + count);
        }
        var data = call("N0", String.format("%03d", count)).data();
        if (data.length != count) {
            throw new IOException("the N1 reply holds " + data.length + " bytes, not " + count);
        }

        return data;
    }

    /**
     * KQ mode 0: verifies an ARQC.
     *
     * @param scheme the scheme ID, 0 (Visa CVN 10, the card key) or 1 (the EMV common session key).
     * @param mkAc the issuer master key for application cryptograms under the LMK (key type 109).
     * @param cryptogram the card's data and its ARQC.
     * @return whether the ARQC verifies.
     * @throws HsmException when the HSM answers an error other than a failed verification.
     * @throws IOException when the transport fails.
     */
    public boolean verifyArqc(int scheme, String mkAc, Cryptogram cryptogram) throws HsmException, IOException {
        var reply = raw(kq(0, scheme, mkAc, cryptogram, null));

        return switch (reply.errorCode()) {
            case "00" -> true;
            case "01" -> false;
            default -> throw new HsmException(ARQC_COMMAND, reply.errorCode());
        };
    }

    /**
     * KQ mode 1: verifies an ARQC and answers the ARPC for the authorisation response code.
     *
     * @param scheme the scheme ID, as for {@link #verifyArqc}.
     * @param mkAc the issuer master key under the LMK.
     * @param cryptogram the card's data and its ARQC.
     * @param arc the authorisation response code, 2 bytes.
     * @return the ARPC, 8 bytes, or null when the ARQC does not verify.
     * @throws HsmException when the HSM answers an error other than a failed verification.
     * @throws IOException when the transport fails.
     */
    public byte[] verifyArqcAndGenerateArpc(int scheme, String mkAc, Cryptogram cryptogram, byte[] arc)
            throws HsmException, IOException {
        var reply = raw(kq(1, scheme, mkAc, cryptogram, arc));

        return switch (reply.errorCode()) {
            case "00" -> reply.data();
            case "01" -> null;
            default -> throw new HsmException(ARQC_COMMAND, reply.errorCode());
        };
    }

    /**
     * B2: echoes data back.
     *
     * @param data the data, at most 65,535 bytes less the framing.
     * @return what came back.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public byte[] echo(byte[] data) throws HsmException, IOException {
        var request = concat(("B2" + String.format("%04X", data.length)).getBytes(StandardCharsets.ISO_8859_1), data);

        return checked("B2", request).data();
    }

    /**
     * A0 mode 0: generates a key and returns it under the LMK.
     *
     * @param keyType the key type code, such as {@code 001} (ZPK).
     * @param lmkScheme the scheme under the LMK, such as {@code U}.
     * @return the key and its 6-digit check value.
     * @throws HsmException when the HSM answers an error (17 outside the authorised state for some types).
     * @throws IOException when the transport fails.
     */
    public Key generateKey(String keyType, char lmkScheme) throws HsmException, IOException {
        var data = call("A0", "0" + keyType + lmkScheme).text();
        var key = leadingKey(data);

        return new Key(key, null, data.substring(key.length()));
    }

    /**
     * A0 mode 1: generates a key and returns it under the LMK and under a ZMK or TMK.
     *
     * @param keyType the key type code.
     * @param lmkScheme the scheme under the LMK.
     * @param kek the ZMK or TMK under the LMK.
     * @param kekScheme the scheme under the KEK, such as {@code X}.
     * @return the key under both and its check value.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public Key generateKey(String keyType, char lmkScheme, String kek, char kekScheme) throws HsmException,
            IOException {
        var data = call("A0", "1" + keyType + lmkScheme + kek + kekScheme).text();
        var underLmk = leadingKey(data);
        var underKek = leadingKey(data.substring(underLmk.length()));

        return new Key(underLmk, underKek, data.substring(underLmk.length() + underKek.length()));
    }

    /**
     * A6: imports a key from under a ZMK.
     *
     * @param keyType the key type code.
     * @param zmk the ZMK under the LMK.
     * @param underZmk the key under the ZMK, with its scheme letter.
     * @param lmkScheme the scheme under the LMK.
     * @return the key under the LMK and its check value.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public Key importKey(String keyType, String zmk, String underZmk, char lmkScheme) throws HsmException,
            IOException {
        var data = call("A6", keyType + zmk + underZmk + lmkScheme).text();
        var key = leadingKey(data);

        return new Key(key, null, data.substring(key.length()));
    }

    /**
     * A8: exports a key under a ZMK or TMK.
     *
     * @param keyType the key type code.
     * @param kek the ZMK or TMK under the LMK.
     * @param underLmk the key under the LMK.
     * @param kekScheme the scheme under the KEK.
     * @return the key under the KEK and its check value.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public Key exportKey(String keyType, String kek, String underLmk, char kekScheme) throws HsmException,
            IOException {
        var data = call("A8", keyType + kek + underLmk + kekScheme).text();
        var key = leadingKey(data);

        return new Key(underLmk, key, data.substring(key.length()));
    }

    /**
     * BU: the check value of a key under the LMK.
     *
     * @param keyTypeCode the two-digit key type code of BU (for example {@code 02} TPK/TMK/PVK, {@code 01} ZPK).
     * @param key the key under the LMK.
     * @return the check value as the HSM gives it.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public String keyCheckValue(String keyTypeCode, String key) throws HsmException, IOException {
        return call("BU", keyTypeCode + lengthFlag(key) + key).text();
    }

    /**
     * CW: a Visa CVV.
     *
     * @param cvk the CVK pair under the LMK.
     * @param pan the account number.
     * @param expiry the expiry date, YYMM.
     * @param serviceCode the service code, 3 digits.
     * @return the CVV, 3 digits.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public String generateCvv(String cvk, String pan, String expiry, String serviceCode) throws HsmException,
            IOException {
        return call("CW", cvk + pan + ";" + expiry + serviceCode).text();
    }

    /**
     * CY: verifies a Visa CVV.
     *
     * @param cvk the CVK pair under the LMK.
     * @param cvv the CVV to check.
     * @param pan the account number.
     * @param expiry the expiry date, YYMM.
     * @param serviceCode the service code.
     * @return whether it verifies.
     * @throws HsmException when the HSM answers an error other than a failed verification.
     * @throws IOException when the transport fails.
     */
    public boolean verifyCvv(String cvk, String cvv, String pan, String expiry, String serviceCode)
            throws HsmException, IOException {
        return verify("CY", cvk + cvv + pan + ";" + expiry + serviceCode);
    }

    /**
     * CA (from a TPK) or CC (from a ZPK): translates a PIN block to a ZPK.
     *
     * @param fromTerminal whether the source key is a TPK (CA) rather than a ZPK (CC).
     * @param source the source key under the LMK.
     * @param destination the destination ZPK under the LMK.
     * @param pinBlock the PIN block, 16 hex digits.
     * @param sourceFormat the source format code, such as {@code 01}.
     * @param destinationFormat the destination format code.
     * @param account the 12 right-most account digits without the check digit.
     * @return the translated PIN block.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public TranslatedPin translatePin(boolean fromTerminal, String source, String destination, String pinBlock,
            String sourceFormat, String destinationFormat, String account) throws HsmException, IOException {
        var data = call(fromTerminal ? "CA" : "CC", source + destination + "12" + pinBlock + sourceFormat
                + destinationFormat + account).text();
        if (data.length() < 20) {
            throw new IOException("a translated PIN is 20 characters, not " + data);
        }

        return new TranslatedPin(Integer.parseInt(data.substring(0, 2)), data.substring(2, 18), data.substring(18,
                20));
    }

    /**
     * DC (from a TPK) or EC (from a ZPK): verifies a PIN against its Visa PVV.
     *
     * @param fromTerminal whether the key is a TPK (DC) rather than a ZPK (EC).
     * @param key the TPK or ZPK under the LMK.
     * @param pvk the PVK pair under the LMK.
     * @param pinBlock the PIN block.
     * @param format the PIN block format code.
     * @param account the 12 right-most account digits without the check digit.
     * @param pvki the PVK index, one digit.
     * @param pvv the PVV, 4 digits.
     * @return whether the PIN verifies.
     * @throws HsmException when the HSM answers an error other than a failed verification.
     * @throws IOException when the transport fails.
     */
    public boolean verifyPinPvv(boolean fromTerminal, String key, String pvk, String pinBlock, String format,
            String account, char pvki, String pvv) throws HsmException, IOException {
        return verify(fromTerminal ? "DC" : "EC", key + pvk + pinBlock + format + account + pvki + pvv);
    }

    /**
     * JE: a PIN block under a ZPK re-encrypted as a PIN under the LMK (this product's own encoding).
     *
     * @param zpk the ZPK under the LMK.
     * @param pinBlock the PIN block.
     * @param format the PIN block format code.
     * @param account the 12 right-most account digits without the check digit.
     * @return the PIN under the LMK.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public String pinUnderLmk(String zpk, String pinBlock, String format, String account) throws HsmException,
            IOException {
        return call("JE", zpk + pinBlock + format + account).text();
    }

    /**
     * DG: the Visa PVV of a PIN under the LMK.
     *
     * @param pvk the PVK pair under the LMK.
     * @param pinUnderLmk the PIN under the LMK (from JE).
     * @param account the 12 right-most account digits without the check digit.
     * @param pvki the PVK index, one digit.
     * @return the PVV, 4 digits.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public String generatePvv(String pvk, String pinUnderLmk, String account, char pvki) throws HsmException,
            IOException {
        return call("DG", pvk + pinUnderLmk + account + pvki).text();
    }

    /**
     * M6: the ISO 9797-1 algorithm 3 MAC (retail MAC, padding method 2) of a whole message.
     *
     * @param keyType {@code 003} (TAK) or {@code 008} (ZAK).
     * @param key the key under the LMK.
     * @param message the message.
     * @return the MAC, 8 hex digits.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public String generateMac(String keyType, String key, byte[] message) throws HsmException, IOException {
        return call("M6", macFields(keyType, key, message, "")).text();
    }

    /**
     * M8: verifies an ISO 9797-1 algorithm 3 MAC of a whole message.
     *
     * @param keyType {@code 003} or {@code 008}.
     * @param key the key under the LMK.
     * @param message the message.
     * @param mac the MAC, 8 hex digits.
     * @return whether it verifies.
     * @throws HsmException when the HSM answers an error other than a failed verification.
     * @throws IOException when the transport fails.
     */
    public boolean verifyMac(String keyType, String key, byte[] message, String mac) throws HsmException,
            IOException {
        return verify("M8", macFields(keyType, key, message, mac));
    }

    /**
     * M0: encrypts data under a ZEK ({@code 00A}) or DEK ({@code 00B}), ECB, no padding.
     *
     * @param keyType {@code 00A} or {@code 00B}.
     * @param key the key under the LMK.
     * @param data the data, a multiple of 8 bytes.
     * @return the encrypted data.
     * @throws HsmException when the HSM answers an error (06 for a length that is not a multiple of 8).
     * @throws IOException when the transport fails.
     */
    public byte[] encrypt(String keyType, String key, byte[] data) throws HsmException, IOException {
        return crypt("M0", keyType, key, null, data).data();
    }

    /**
     * M2: decrypts data under a ZEK or DEK, ECB.
     *
     * @param keyType {@code 00A} or {@code 00B}.
     * @param key the key under the LMK.
     * @param data the encrypted data.
     * @return the clear data.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public byte[] decrypt(String keyType, String key, byte[] data) throws HsmException, IOException {
        return crypt("M2", keyType, key, null, data).data();
    }

    /**
     * M0 or M2 in CBC mode, chaining from an IV.
     *
     * @param encrypt whether to encrypt (M0) rather than decrypt (M2).
     * @param keyType {@code 00A} or {@code 00B}.
     * @param key the key under the LMK.
     * @param iv the IV, 8 bytes.
     * @param data the data, a multiple of 8 bytes.
     * @return the result and the IV that chains the next call.
     * @throws HsmException when the HSM answers an error.
     * @throws IOException when the transport fails.
     */
    public Chained cbc(boolean encrypt, String keyType, String key, byte[] iv, byte[] data) throws HsmException,
            IOException {
        return crypt(encrypt ? "M0" : "M2", keyType, key, iv, data);
    }

    /** Data from M0 or M2 and, in CBC mode, the IV that chains the next call (null in ECB). */
    public record Chained(byte[] data, byte[] nextIv) {
    }

    /**
     * Sends any command and returns the reply, an error code included: for commands without a typed operation.
     *
     * @param message the command code and data.
     * @return the reply.
     * @throws IOException when the transport fails or the reply is not a reply to the command.
     */
    public HsmReply raw(byte[] message) throws IOException {
        var reply = HsmReply.of(transport.execute(message));
        var command = new String(message, 0, Math.min(2, message.length), StandardCharsets.ISO_8859_1);
        if (command.length() == 2 && !reply.responseCode().equals(ResponseCodes.responseCode(command))) {
            throw new IOException("the reply " + reply.responseCode() + " does not answer " + command);
        }

        return reply;
    }

    private Chained crypt(String command, String keyType, String key, byte[] iv, byte[] data) throws HsmException,
            IOException {
        var hex = HEX.formatHex(data);
        var fields = (iv == null ? "00" : "01") + "11" + keyType + key + (iv == null ? "" : HEX.formatHex(iv))
                + String.format("%04X", hex.length()) + hex;
        var reply = call(command, fields).text();
        var nextIv = iv == null ? null : HEX.parseHex(reply.substring(0, 16));
        var rest = iv == null ? reply : reply.substring(16);
        int length = Integer.parseInt(rest.substring(0, 4), 16);
        if (rest.length() < 4 + length) {
            throw new IOException("the reply holds fewer data than its length says");
        }

        return new Chained(HEX.parseHex(rest.substring(4, 4 + length)), nextIv);
    }

    /** Builds a KQ request: binary fields as the card sent them, the transaction data only for modes 0 and 1. */
    private static byte[] kq(int mode, int scheme, String mkAc, Cryptogram c, byte[] arc) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(("KQ" + mode + scheme + mkAc).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(c.panAndSequence());
        out.writeBytes(c.atc());
        out.writeBytes(c.unpredictableNumber());
        if (mode != 2) {
            out.writeBytes(String.format("%02X", c.transactionData().length).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(c.transactionData());
            out.write(';');
        }
        out.writeBytes(c.arqc());
        if (arc != null) {
            out.writeBytes(arc);
        }

        return out.toByteArray();
    }

    private static String macFields(String keyType, String key, byte[] message, String mac) {
        var hex = HEX.formatHex(message);

        return "0" + "1" + "03" + "2" + keyType + key + String.format("%04X", hex.length()) + hex + mac;
    }

    private HsmReply call(String command, String fields) throws HsmException, IOException {
        return checked(command, (command + fields).getBytes(StandardCharsets.ISO_8859_1));
    }

    private HsmReply checked(String command, byte[] message) throws HsmException, IOException {
        var reply = raw(message);
        if (!reply.ok()) {
            throw new HsmException(command, reply.errorCode());
        }

        return reply;
    }

    private boolean verify(String command, String fields) throws HsmException, IOException {
        var reply = raw((command + fields).getBytes(StandardCharsets.ISO_8859_1));

        return switch (reply.errorCode()) {
            case "00" -> true;
            case "01" -> false;
            default -> throw new HsmException(command, reply.errorCode());
        };
    }

    /** @return the key at the start of the text: 16 hex digits, or a scheme letter and 32 or 48. */
    private static String leadingKey(String text) throws IOException {
        if (text.isEmpty()) {
            throw new IOException("the reply carries no key");
        }
        int length = switch (Character.toUpperCase(text.charAt(0))) {
            case 'U', 'X' -> 33;
            case 'T', 'Y' -> 49;
            case 'Z' -> 17;
            default -> 16;
        };
        if (text.length() < length) {
            throw new IOException("the reply's key is cut short: " + text.length() + " characters");
        }

        return text.substring(0, length);
    }

    private static char lengthFlag(String key) {
        return switch (key.length()) {
            case 16, 17 -> '0';
            case 32, 33 -> '1';
            default -> '2';
        };
    }

    private static byte[] concat(byte[] first, byte[] second) {
        var both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        return both;
    }

    @Override
    public String toString() {
        return "PayShieldClient over " + transport.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
