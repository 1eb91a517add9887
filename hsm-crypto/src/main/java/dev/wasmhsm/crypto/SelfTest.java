package dev.wasmhsm.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Known-answer self-tests: each algorithm of this module computes a published example with fixed test keys, and
 * the result is compared with the published answer, so that a broken JCE provider or a broken algorithm is found
 * before a command is served. The examples come from FIPS 81 (DES ECB and CBC), NIST SP 800-67 appendix B (3-key
 * 3DES), the conformance vectors under the test LMK (vectors.tsv: check value, 2-key 3DES, ISO format 0, the LMK
 * key cipher), the published examples of {@code AlgorithmVectorsTest} (MACs, ISO format 4 from the ep2
 * specification, CVV, PVV) and the examples of the pyemv library (EMV option A, common session key, ARPC).
 *
 * <p>The keys are public test keys; each is wiped after its test. A failure names the test and nothing else: no
 * key, data or result.
 */
public final class SelfTest {
    /** "Now is the time for all " in ASCII, the plain text of FIPS 81. */
    private static final String FIPS81_TEXT = "4E6F77206973207468652074696D6520666F7220616C6C20";
    private static final String FIPS81_KEY = "0123456789ABCDEF";
    private static final String FIPS81_ECB = "3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53";
    private static final String FIPS81_IV = "1234567890ABCDEF";
    private static final String FIPS81_CBC = "E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6";
    /** "The qufck brown fox jump" in ASCII, the plain text of NIST SP 800-67. */
    private static final String SP800_67_TEXT = "54686520717566636B2062726F776E20666F78206A756D70";
    private static final String SP800_67_KEY = "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123";
    private static final String SP800_67_ECB = "A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900";
    private static final String ZPK = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String ZPK_CHECK = "6F1E3F74F826B7EB";
    private static final String ZPK_UNDER_LMK = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String TPK = "0B681FC20E62C734";
    private static final String MAC_KEY = "7962D9ECE03D1ACD4C76089DCE131543";
    private static final String MAC_DATA = "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2";
    private static final String ISO4_KEY = "C1D0F8FB4958670DBA40AB1F3752EF0D";
    private static final String ISO4_PAN = "432198765432109870";
    private static final String DOUBLE_KEY = "0123456789ABCDEFFEDCBA9876543210";

    private static final List<KnownAnswer> KNOWN_ANSWERS = List.of(
            // FIPS 81, appendix B.
            new KnownAnswer("DES ECB encryption", () -> withKey(FIPS81_KEY,
                    key -> hex(Des.encryptEcb(key, Hex.decode(FIPS81_TEXT)))), FIPS81_ECB),
            new KnownAnswer("DES ECB decryption", () -> withKey(FIPS81_KEY,
                    key -> hex(Des.decryptEcb(key, Hex.decode(FIPS81_ECB)))), FIPS81_TEXT),
            // The test LMK example ZPK encrypts 8 zero bytes to its check value.
            new KnownAnswer("2-key 3DES ECB encryption", () -> withKey(ZPK,
                    key -> hex(Des.encryptEcb(key, new byte[8]))), ZPK_CHECK),
            new KnownAnswer("2-key 3DES ECB decryption", () -> withKey(ZPK,
                    key -> hex(Des.decryptEcb(key, Hex.decode(ZPK_CHECK)))), "0000000000000000"),
            // NIST SP 800-67, appendix B.
            new KnownAnswer("3-key 3DES ECB encryption", () -> withKey(SP800_67_KEY,
                    key -> hex(Des.encryptEcb(key, Hex.decode(SP800_67_TEXT)))), SP800_67_ECB),
            new KnownAnswer("3-key 3DES ECB decryption", () -> withKey(SP800_67_KEY,
                    key -> hex(Des.decryptEcb(key, Hex.decode(SP800_67_ECB)))), SP800_67_TEXT),
            // FIPS 81, appendix C.
            new KnownAnswer("DES CBC encryption", () -> withKey(FIPS81_KEY,
                    key -> hex(Des.encryptCbc(key, Hex.decode(FIPS81_IV), Hex.decode(FIPS81_TEXT)))), FIPS81_CBC),
            new KnownAnswer("DES CBC decryption", () -> withKey(FIPS81_KEY,
                    key -> hex(Des.decryptCbc(key, Hex.decode(FIPS81_IV), Hex.decode(FIPS81_CBC)))), FIPS81_TEXT),
            // The first BU row of the conformance vectors; then X9.9 and X9.19 examples.
            new KnownAnswer("key check value", () -> withKey(TPK, key -> KeyCheckValue.hex(key, 16)),
                    "0035BBE340A4B763"),
            new KnownAnswer("ISO 9797-1 MAC algorithm 1", () -> withKey("E9CB01B93B20914F",
                    key -> hex(Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_1, Iso9797Mac.Padding.METHOD_1,
                            null, ascii("givemeSOMEMACing")))), "170C2BDB611C591F"),
            new KnownAnswer("retail MAC", () -> withKey(MAC_KEY,
                    key -> hex(Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_3, Iso9797Mac.Padding.METHOD_2,
                            null, Hex.decode(MAC_DATA)))), "5F1448EEA8AD90A7"),
            // The DC rows of the conformance vectors (PIN 1234 under the TPK of the first BU row), then the PIN read
            // back; ISO format 4 from the ep2 specification, the same way.
            new KnownAnswer("ISO format 0 PIN block", () -> withKey(TPK, SelfTest::isoFormat0RoundTrip),
                    "AE7A708F877571A9" + "1234"),
            new KnownAnswer("ISO format 4 PIN block", () -> withKey(ISO4_KEY, SelfTest::isoFormat4RoundTrip),
                    "CC17F65586BFD0953010226C4FC5B3CA" + "1234"),
            // The published CVV and PVV examples of AlgorithmVectorsTest.
            new KnownAnswer("Visa CVV", () -> withKey(DOUBLE_KEY,
                    key -> ascii(VisaCvv.cvv(key, "4123456789012345", "8701", "101"))), "561"),
            new KnownAnswer("Visa PVV", () -> withKey(DOUBLE_KEY, SelfTest::visaPvv), "8523"),
            // The pyemv examples of kd.derive_icc_mk_a, kd.derive_common_sk and ac.generate_arpc_1.
            new KnownAnswer("EMV option A card key", () -> withKey(DOUBLE_KEY,
                    key -> hex(EmvKeys.cardKey(key, "12345678901234567", "01"))), "73AD54688CEF2934B0979857E3C719F1"),
            new KnownAnswer("EMV common session key", () -> withKey(DOUBLE_KEY,
                    key -> hex(EmvKeys.sessionKey(key, Hex.decode("001C")))), "E9FB384AF807B940FEDCEA613461B0C4"),
            new KnownAnswer("EMV ARPC method 1", () -> withKey("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB",
                    key -> hex(EmvCryptograms.arpcMethod1(key, Hex.decode("1234567890ABCDEF"), Hex.decode("0000")))),
                    "F5E6F44147E2F1B0"),
            // The test LMK example: the ZPK of the fourth BU row, type 001, scheme U.
            new KnownAnswer("LMK key encryption", () -> withTestLmk(lmk -> withKey(ZPK,
                    key -> ascii(lmk.encrypt(VariantKeyType.ZPK.type(), KeyScheme.U, key).toString()))), ZPK_UNDER_LMK),
            new KnownAnswer("LMK key decryption", () -> withTestLmk(
                    lmk -> hex(lmk.decrypt(VariantKeyType.ZPK.type(), KeyField.parse(ZPK_UNDER_LMK)))), ZPK));

    private SelfTest() {
    }

    /**
     * One known-answer test.
     *
     * @param name what it tests, as a failure names it.
     * @param computation computes the answer as ASCII text: upper-case hex for bytes, digits for decimal results.
     * @param expected the published answer, the same way.
     */
    record KnownAnswer(String name, Computation computation, String expected) {
    }

    /** Computes the answer of a known-answer test. */
    @FunctionalInterface
    interface Computation {
        /**
         * Computes the answer.
         *
         * @return the answer as ASCII text; the caller wipes it.
         * @throws CryptoException when an algorithm refuses its input.
         */
        byte[] compute() throws CryptoException;
    }

    /**
     * A step that uses a temporary resource.
     *
     * @param <T> the resource, such as a key.
     */
    @FunctionalInterface
    private interface Step<T> {
        byte[] apply(T resource) throws CryptoException;
    }

    /**
     * Runs every known-answer test, in the order of {@link #names()}.
     *
     * @throws IllegalStateException when a test gives another answer or fails with an exception; the message names
     *     the test, such as {@code self-test failed: retail MAC}, and holds no key or data.
     */
    public static void run() {
        run(KNOWN_ANSWERS);
    }

    /**
     * Runs the given tests, in order, and stops at the first failure.
     *
     * @param knownAnswers the tests.
     * @throws IllegalStateException when a test fails; the message names it.
     */
    static void run(List<KnownAnswer> knownAnswers) {
        for (var test : knownAnswers) {
            byte[] answer;
            try {
                answer = test.computation().compute();
            } catch (CryptoException | RuntimeException e) {
                throw new IllegalStateException("self-test failed: " + test.name(), e);
            }
            boolean passed = Arrays.equals(answer, ascii(test.expected()));
            Bytes.wipe(answer);
            if (!passed) {
                throw new IllegalStateException("self-test failed: " + test.name());
            }
        }
    }

    /** @return the names of the tests {@link #run()} runs, in order. */
    public static List<String> names() {
        return KNOWN_ANSWERS.stream().map(KnownAnswer::name).toList();
    }

    /** @return the tests {@link #run()} runs, for a unit test to alter one. */
    static List<KnownAnswer> knownAnswers() {
        return KNOWN_ANSWERS;
    }

    private static byte[] isoFormat0RoundTrip(ClearKey tpk) throws CryptoException {
        var pin = Pin.ofAscii(ascii("1234"));
        try {
            var block = PinBlock.encrypt(tpk, PinBlockFormat.ISO_0, pin, "550000025321", RandomSource.secure());

            return Bytes.concat(Hex.encode(block), pinDigits(PinBlock.decrypt(tpk, PinBlockFormat.ISO_0, block,
                    "550000025321")));
        } finally {
            pin.destroy();
        }
    }

    private static byte[] isoFormat4RoundTrip(ClearKey key) throws CryptoException {
        var field = Hex.decode("441234AAAAAAAAAA146C6601F4A8035C");
        try {
            var block = Iso4PinBlock.encipherField(key, field, ISO4_PAN);

            return Bytes.concat(Hex.encode(block), pinDigits(PinBlock.decrypt(key, PinBlockFormat.ISO_4, block,
                    ISO4_PAN)));
        } finally {
            Bytes.wipe(field);
        }
    }

    private static byte[] visaPvv(ClearKey pvk) throws CryptoException {
        var pin = Pin.ofAscii(ascii("4524"));
        try {
            return ascii(VisaPvv.pvv(pvk, "233445566778", 1, pin));
        } finally {
            pin.destroy();
        }
    }

    private static byte[] withKey(String keyHex, Step<ClearKey> step) throws CryptoException {
        var key = ClearKey.of(Hex.decode(keyHex));
        try {
            return step.apply(key);
        } finally {
            key.destroy();
        }
    }

    private static byte[] withTestLmk(Step<LmkKeyCipher> step) throws CryptoException {
        var lmk = LmkSet.testLmk();
        try {
            return step.apply(new LmkKeyCipher(lmk));
        } finally {
            lmk.destroy();
        }
    }

    /** Encodes bytes as hex text and wipes them. */
    private static byte[] hex(byte[] bytes) {
        try {
            return Hex.encode(bytes);
        } finally {
            Bytes.wipe(bytes);
        }
    }

    /** Encodes a derived key as hex text and destroys it. */
    private static byte[] hex(ClearKey key) {
        try {
            return Hex.encode(key.raw());
        } finally {
            key.destroy();
        }
    }

    /** Returns the digits of a PIN as ASCII and destroys it. */
    private static byte[] pinDigits(Pin pin) {
        try {
            return pin.ascii();
        } finally {
            pin.destroy();
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
