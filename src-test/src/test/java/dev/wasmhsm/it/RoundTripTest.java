package dev.wasmhsm.it;

import static dev.wasmhsm.it.Reference.FIXED_RANDOM_KEY;
import static dev.wasmhsm.it.Reference.checkValue;
import static dev.wasmhsm.it.Reference.hex;
import static dev.wasmhsm.it.Reference.latin1;
import static dev.wasmhsm.it.Reference.printable;
import static dev.wasmhsm.it.Reference.underLmk;
import static dev.wasmhsm.it.Reference.underZmk;
import static dev.wasmhsm.it.Reference.unhex;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Round trips over TCP through the deployed EAR: what one command produces, its counterpart takes back (A0 and BU,
 * A0 and A6, JE and JG, M0 and M2, M6 and M8, FA and GC, HC and A8/A6/BU, A6 and FA with parity advice and BU), and
 * KQ against an ARQC and ARPC computed here. Expected keys, check values, cryptograms and cipher texts come from {@link Reference}, not from the server.
 *
 * <p>The server runs with the standard test LMK and its random source fixed to bytes CD (arquillian.xml), so every
 * generated key is {@code CDCD...CD}, whose bytes already have odd parity.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RoundTripTest {
    private static final String HEADER = "RT01";
    /** A clear double-length ZMK, and the same under LMK 04-05. */
    private static final String ZMK_CLEAR = "0123456789ABCDEFFEDCBA9876543210";
    private static final String ZMK = underLmk("000", 'U', ZMK_CLEAR);
    /** The clear ZPK of docs/protocol.md (under the LMK: U1EF828AA8F6B80EB83E19FBC373F3A85, KCV 6F1E3F74F826B7EB). */
    private static final String ZPK_CLEAR = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String ACCOUNT = "550000025321";
    private static final String PIN = "1234";
    private static final String MAC_MESSAGE = "Four score and seven years ago";

    private static HsmClient client;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @BeforeAll
    static void connect() throws IOException, JMException {
        client = new HsmClient();
        // These round trips generate ZMKs, export keys other than ZPKs and import them back under other types:
        // authorised activities, entered through JMX as an officer does, for a bounded time.
        try (var jmx = new ServerJmx()) {
            for (var activity : new String[] {"generate.zmk", "import", "export"}) {
                jmx.authorise(activity, "PT30M");
            }
        }
    }

    @AfterAll
    static void disconnect() throws IOException, JMException {
        client.close();
        try (var jmx = new ServerJmx()) {
            jmx.cancel("all");
        }
    }

    @ParameterizedTest(name = "A0 type {0} scheme {1}, then BU code {2}")
    @CsvSource({"000, U, 00", "001, Z, 01", "001, U, 01", "001, X, 01", "002, T, 02", "002, Y, 02", "402, U, 42",
        "00A, U, 0A", "109, U, FF"})
    void a0ThenBuGivesTheSameCheckValue(String type, char scheme, String buCode) throws IOException {
        var clear = FIXED_RANDOM_KEY.repeat(keyLength(scheme) / 8);
        var key = underLmk(type, scheme, clear);

        var generated = call("A00" + type + scheme);

        assertEquals("A100" + key + checkValue(clear).substring(0, 6), generated, "A0 " + type + " " + scheme);
        var kcv = generated.substring(generated.length() - 6);
        var buRequest = "BU" + buCode + lengthFlag(scheme) + key + ("FF".equals(buCode) ? ";" + type : "");
        var checked = call(buRequest);
        assertEquals("BV00" + checkValue(clear), checked, buRequest);
        assertEquals(kcv, checked.substring(4, 10));
        assertEquals("BV00" + kcv, call(buRequest + ";001"), "6H check value");
    }

    @ParameterizedTest(name = "A0 mode 1 type {0} scheme {1}, exported as {2} (Atalla variant \"{3}\"), then A6")
    @CsvSource(value = {"001, U, X, ''", "001, U, U, ''", "001, Z, Z, ''", "002, T, Y, ''", "002, U, U, 1",
        "00A, X, X, 12"}, emptyValue = "")
    void a0ExportThenA6ImportGivesTheSameKeyAndCheckValue(String type, char scheme, char zmkScheme, String atalla)
            throws IOException {
        var clear = FIXED_RANDOM_KEY.repeat(keyLength(scheme) / 8);
        var key = underLmk(type, scheme, clear);
        var kcv = checkValue(clear).substring(0, 6);

        var generated = call("A01" + type + scheme + ZMK + zmkScheme + atalla);

        assertTrue(generated.startsWith("A100" + key) && generated.endsWith(kcv), generated);
        var underZmk = generated.substring(4 + key.length(), generated.length() - 6);
        assertEquals(fieldLength(zmkScheme), underZmk.length(), generated);
        if (atalla.isEmpty() && keyLength(scheme) == 16) {
            assertEquals(underZmk(ZMK_CLEAR, clear, zmkScheme), underZmk, "key under the ZMK");
        }
        assertEquals("A700" + key + kcv, call("A6" + type + ZMK + underZmk + scheme + atalla), "A6 of " + underZmk);
    }

    @ParameterizedTest(name = "JE format {0} under a {1}-byte ZPK, then JG format {2}")
    @CsvSource({"01, 16, 01", "03, 16, 03", "01, 8, 01", "03, 8, 03", "01, 16, 03", "03, 16, 01"})
    void jeThenJgRestoresThePinBlock(String format, int zpkLength, String backFormat) throws IOException {
        var zpkClear = zpkLength == 16 ? ZPK_CLEAR : "0123456789ABCDEF";
        var zpk = underLmk("001", zpkLength == 16 ? 'U' : 'Z', zpkClear);
        var block = hex(Reference.ecb(unhex(zpkClear), unhex(clearPinBlock(format)), true));

        var toLmk = call("JE" + zpk + block + format + ACCOUNT);

        assertEquals(20, toLmk.length(), toLmk);
        assertEquals("JF00", toLmk.substring(0, 4), toLmk);
        var back = call("JG" + zpk + backFormat + ACCOUNT + toLmk.substring(4));
        var expected = hex(Reference.ecb(unhex(zpkClear), unhex(clearPinBlock(backFormat)), true));
        assertEquals("JH00" + expected, back, "PIN under LMK " + toLmk.substring(4));
        if (format.equals(backFormat)) {
            assertEquals(block, expected);
        }
    }

    @ParameterizedTest(name = "M0 mode {0} key type {1} format {2} to {3}, then M2 back")
    @CsvSource({"00, 00A, 1, 1", "01, 00A, 1, 1", "00, 00B, 2, 1", "01, 00B, 2, 1", "00, 00A, 0, 0",
        "01, 00B, 0, 0", "01, 00A, 1, 0"})
    void m0ThenM2RestoresTheData(String mode, String type, int inFormat, int outFormat) throws IOException {
        var clearKey = "0123456789ABCDEFFEDCBA9876543210";
        var key = underLmk(type, 'U', clearKey);
        var plain = plainData(inFormat);
        var iv = "01".equals(mode) ? "1122334455667788" : "";
        var cipher = "01".equals(mode) ? Reference.cbc(unhex(clearKey), unhex(iv), plain, true)
                : Reference.ecb(unhex(clearKey), plain, true);
        var lastBlock = hex(Arrays.copyOfRange(cipher, cipher.length - 8, cipher.length));
        var message = format(inFormat, plain);
        var encrypted = format(outFormat, cipher);

        var m0 = call("M0" + mode + inFormat + outFormat + type + key + iv + length(message) + message);

        var chained = "01".equals(mode) ? lastBlock : "";
        assertEquals(printable("M100" + chained + length(encrypted) + encrypted), printable(m0), "M0");
        var m2 = call("M2" + mode + outFormat + inFormat + type + key + iv + length(encrypted) + encrypted);
        assertEquals(printable("M300" + chained + length(message) + message), printable(m2), "M2");
    }

    @Test
    void m0CbcInTwoCallsChainedByTheReturnedIvEqualsOneCall() throws IOException {
        var key = underLmk("00B", 'U', ZMK_CLEAR);
        var data = hex(plainData(1));
        var whole = call("M0011100B" + key + "0000000000000000" + length(data) + data);
        var first = call("M0011100B" + key + "0000000000000000" + "0020" + data.substring(0, 32));

        var iv = first.substring(4, 20);
        var second = call("M0011100B" + key + iv + length(data.substring(32)) + data.substring(32));

        assertEquals(whole.substring(4, 20), second.substring(4, 20), "last IV");
        assertEquals(whole.substring(24), first.substring(24) + second.substring(24), "cipher text");
    }

    @ParameterizedTest(name = "M6 algorithm field {0} padding {1} key type {2} input format {3}, then M8")
    @CsvSource({"01, 1, 003, 2", "01, 2, 008, 1", "03, 1, 003, 1", "03, 2, 008, 2", "13, 2, 003, 2",
        "11, 1, 008, 1", "03, 0, 003, 2"})
    void m6ThenM8VerifiesAndFailsOnAChangedByte(String algorithmField, int padding, String type, int inFormat)
            throws IOException {
        int algorithm = algorithmField.charAt(1) - '0';
        var clearKey = algorithm == 1 ? "0123456789ABCDEF" : "0123456789ABCDEFFEDCBA9876543210";
        var key = underLmk(type, algorithm == 1 ? 'Z' : 'U', clearKey);
        var text = padding == 0 ? MAC_MESSAGE.substring(0, 24) : MAC_MESSAGE;
        var fullMac = Reference.mac(unhex(clearKey), algorithm, padding, text.getBytes(ISO_8859_1));
        var mac = hex(algorithmField.charAt(0) == '1' ? fullMac : Arrays.copyOf(fullMac, 4));
        var message = format(inFormat, text.getBytes(ISO_8859_1));
        var fields = "0" + inFormat + algorithmField + padding + type + key;

        assertEquals("M700" + mac, call("M6" + fields + length(message) + message), "M6");
        assertEquals("M900", call("M8" + fields + length(message) + message + mac), "M8 of the same message");
        var changed = format(inFormat, text.replace('F', 'G').getBytes(ISO_8859_1));
        assertEquals("M901", call("M8" + fields + length(changed) + changed + mac), "M8 with one byte changed");
        assertEquals("M901", call("M8" + fields + length(message) + message + Reference.flipLastBit(mac)),
                "M8 with another MAC");
    }

    @ParameterizedTest(name = "M6 in parts (first, last) with algorithm {0} gives the MAC of the whole")
    @CsvSource({"1", "3"})
    void m6InPartsGivesTheMacOfTheWhole(int algorithm) throws IOException {
        var clearKey = algorithm == 1 ? "0123456789ABCDEF" : "0123456789ABCDEFFEDCBA9876543210";
        var key = underLmk("008", algorithm == 1 ? 'Z' : 'U', clearKey);
        var fields = "0" + algorithm + "1008" + key;
        var whole = call("M60" + "2" + fields + length(MAC_MESSAGE) + MAC_MESSAGE);

        var first = call("M61" + "2" + fields + "0010" + MAC_MESSAGE.substring(0, 16));
        var last = call("M63" + "2" + fields + first.substring(4) + length(MAC_MESSAGE.substring(16))
                + MAC_MESSAGE.substring(16));

        assertEquals(20, first.length(), first);
        assertEquals(whole, last);
        assertEquals("M700" + hex(Arrays.copyOf(Reference.mac(unhex(clearKey), algorithm, 1,
                MAC_MESSAGE.getBytes(ISO_8859_1)), 4)), whole);
    }

    @ParameterizedTest(name = "KQ scheme {0} with {1} bytes of transaction data")
    @CsvSource({"0, 35", "1, 35", "0, 32", "1, 8"})
    void kqVerifiesAnIndependentArqcAndAnswersTheIndependentArpc(int scheme, int dataLength) throws IOException {
        var masterKey = "0123456789ABCDEFFEDCBA9876543210";
        var panPsn = unhex("2345678901234500");
        var atc = unhex("00A7");
        var arc = "00".getBytes(ISO_8859_1);
        var data = new byte[dataLength];
        for (int i = 0; i < dataLength; i++) {
            data[i] = (byte) (i * 37 + 11);
        }
        var cardKey = Reference.cardKey(unhex(masterKey), panPsn);
        var key = scheme == 0 ? cardKey : Reference.sessionKey(cardKey, atc);
        var arqc = Reference.mac(key, 3, 1, data);
        var arpc = Reference.arpc(key, arqc, arc);
        var unpredictableNumber = "\u0001\u0002\u0003\u0004";
        var head = "KQ1" + scheme + underLmk("109", 'U', masterKey) + latin1(panPsn) + latin1(atc)
                + unpredictableNumber;
        var transaction = String.format("%02X", dataLength) + latin1(data) + ";";

        var verified = call(head + transaction + latin1(arqc) + latin1(arc));

        assertEquals(printable("KR00" + latin1(arpc)), printable(verified), "mode 1, ARQC " + hex(arqc));
        assertEquals("KR00", call("KQ0" + head.substring(3) + transaction + latin1(arqc)), "mode 0");
        assertEquals(printable("KR00" + latin1(arpc)), printable(call("KQ2" + head.substring(3) + latin1(arqc)
                + latin1(arc))), "mode 2");
        var wrong = arqc.clone();
        wrong[7] ^= 1;
        assertEquals("KR01", call(head + transaction + latin1(wrong) + latin1(arc)), "mode 1, another ARQC");
    }

    @Test
    void faThenGcGivesBackTheZpkUnderTheZmk() throws IOException {
        var underZmkX = underZmk(ZMK_CLEAR, ZPK_CLEAR, 'X');
        var zpk = underLmk("001", 'U', ZPK_CLEAR);
        var kcv = checkValue(ZPK_CLEAR);

        assertEquals("FB00" + zpk + kcv, call("FA" + ZMK + underZmkX + ";0U0"), "FA of " + underZmkX);
        assertEquals("GD00" + underZmkX + kcv, call("GC" + ZMK + zpk + ";X00"), "GC as X");

        var underZmkU = underZmk(ZMK_CLEAR, ZPK_CLEAR, 'U');
        assertEquals("GD00" + underZmkU + kcv.substring(0, 6), call("GC" + ZMK + zpk + ";U01"), "GC as U");
        assertEquals("FB00" + zpk + kcv, call("FA" + ZMK + underZmkU), "FA of " + underZmkU);
    }

    @Test
    void faThenGcGivesBackASingleLengthZpk() throws IOException {
        var zmk = "U1457FF6ADF6250C66C368416B4C9D383";
        var fa = call("FA" + zmk + "2B930A07119F93A8");
        assertEquals("FB00BAB32D775A38E4AB73936E441E46819D", fa);

        assertEquals("GD002B930A07119F93A873936E441E46819D", call("GC" + zmk + fa.substring(4, 20)));
    }

    @Test
    void parityAdviceGivesTheKeyWithOddParityThatBuTakes() throws IOException {
        var clear = unhex(ZPK_CLEAR);
        for (var b : clear) {
            assertEquals(1, Integer.bitCount(b & 0xFF) % 2, "odd parity of the clear ZPK");
        }
        // One byte of each half with even parity: adjusted to odd parity, the key is the clear ZPK again.
        var badParity = clear.clone();
        badParity[0] ^= 1;
        badParity[15] ^= 1;
        var underZmkX = underZmk(ZMK_CLEAR, hex(badParity), 'X');
        var zpk = underLmk("001", 'U', ZPK_CLEAR);
        var kcv = checkValue(ZPK_CLEAR);

        var imported = call("A6001" + ZMK + underZmkX + "U");

        assertEquals("A701" + zpk + kcv.substring(0, 6), imported, "A6 of " + underZmkX);
        assertEquals("FB01" + zpk + kcv, call("FA" + ZMK + underZmkX + ";0U0"), "FA of " + underZmkX);
        assertEquals("BV00" + kcv, call("BU011" + imported.substring(4, 37)), "BU of the key A6 gave");
    }

    @ParameterizedTest(name = "HC with options \"{0}\": the new key under the current key imports to its LMK form")
    @CsvSource(value = {"'', U", "';UU0', U", "';XU0', U", "';ZZ0', Z"}, emptyValue = "")
    void hcGivesOneKeyInItsTwoForms(String options, char scheme) throws IOException {
        var tmkClear = "1032547698BADCFEEFCDAB8967452301";
        var tmk = underLmk("002", 'U', tmkClear);
        var newClear = FIXED_RANDOM_KEY.repeat(keyLength(scheme) / 8);
        var newUnderLmk = underLmk("002", scheme, newClear);
        int underTmkLength = options.isEmpty() ? fieldLength('U') : fieldLength(options.charAt(1));

        var generated = call("HC" + tmk + options);

        assertEquals(4 + underTmkLength + newUnderLmk.length(), generated.length(), generated);
        assertEquals("HD00", generated.substring(0, 4), generated);
        var underTmk = generated.substring(4, 4 + underTmkLength);
        assertEquals(newUnderLmk, generated.substring(4 + underTmkLength), "new key under LMK 14-15");
        var kcv = call("BU02" + lengthFlag(scheme) + newUnderLmk);
        assertEquals("BV00" + checkValue(newClear), kcv, "BU of the new key under the LMK");

        // Over the wire only: export the current key under a ZMK (A8, as a TMK), import it as a ZMK (A6, type 000),
        // and import the new key from under it (A6, type 002): the LMK form HC gave, and the BU check value.
        var exported = call("A8002" + ZMK + tmk + "U");
        assertEquals("A900", exported.substring(0, 4), exported);
        var tmkAsZmk = call("A6000" + ZMK + exported.substring(4, 37) + "U");
        assertEquals("A700", tmkAsZmk.substring(0, 4), tmkAsZmk);
        var imported = call("A6002" + tmkAsZmk.substring(4, 37) + underTmk + scheme);
        assertEquals("A700" + newUnderLmk + kcv.substring(4, 10), imported, "A6 of " + underTmk);
    }

    private static String call(String body) throws IOException {
        var reply = client.call(HEADER + body);
        assertEquals(HEADER, reply.substring(0, Math.min(HEADER.length(), reply.length())), "header echoed");

        return reply.substring(HEADER.length());
    }

    private static int keyLength(char scheme) {
        return switch (scheme) {
            case 'Z' -> 8;
            case 'U', 'X' -> 16;
            default -> 24;
        };
    }

    /** The characters of a key field in a scheme: bare 16H for Z, else the letter and the hex. */
    private static int fieldLength(char scheme) {
        return scheme == 'Z' ? 16 : 1 + 2 * keyLength(scheme);
    }

    private static char lengthFlag(char scheme) {
        return (char) ('0' + keyLength(scheme) / 8 - 1);
    }

    /** The clear PIN block of PIN 1234: format 01 (ISO 9564 format 0, with the account) or 03 (F-padded). */
    private static String clearPinBlock(String format) {
        if ("03".equals(format)) {
            return PIN + "F".repeat(12);
        }
        var pinField = unhex("0" + PIN.length() + PIN + "F".repeat(10));
        var accountField = unhex("0000" + ACCOUNT);
        var block = new byte[8];
        for (int i = 0; i < 8; i++) {
            block[i] = (byte) (pinField[i] ^ accountField[i]);
        }

        return hex(block);
    }

    /** 32 bytes of data that are also text, for input format 2, or any bytes for the binary format 0. */
    private static byte[] plainData(int format) {
        if (format == 2) {
            return "Thirty-two bytes of secret text.".getBytes(ISO_8859_1);
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 32; i++) {
            bytes.write(i * 29 + 3);
        }

        return bytes.toByteArray();
    }

    /** The data as a message field in a format: 0 binary and 2 text as the bytes, 1 hex. */
    private static String format(int format, byte[] data) {
        return format == 1 ? hex(data) : latin1(data);
    }

    private static String length(String field) {
        return String.format("%04X", field.length());
    }
}
