package dev.wasmhsm.it;

import static dev.wasmhsm.it.Reference.flipLastBit;
import static dev.wasmhsm.it.Reference.hex;
import static dev.wasmhsm.it.Reference.latin1;
import static dev.wasmhsm.it.Reference.printable;
import static dev.wasmhsm.it.Reference.underLmk;
import static dev.wasmhsm.it.Reference.unhex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input for every bundled command over TCP through the deployed EAR: a truncated request, non-hex characters
 * where hex is required, and where the command takes keys a wrong key scheme (an unknown letter in a key scheme
 * field: 26; a scheme whose length does not fit: 27) and a key parity error (10, or 11 for a destination key or a
 * PVK as documented), and the command's own special codes, each answered with the exact error reply its plugin
 * documents (plugins/src/*.c); after each, the same connection answers the command's good request. Each case is
 * its own test, named by the command and the case. A parity advice (A6, FA) is answered with error 01 and the
 * fields, whose key under the LMK is the key adjusted to odd parity (RoundTripTest imports such a key and checks it
 * with BU).
 *
 * <p>A parity error is made by flipping the low bit of the last hex digit of a key under the LMK: the last block
 * decrypts to other bytes, whose parity is not odd (checked for every key used here). An unknown key scheme is made
 * by putting the letter W in front of the 32H of a double-length key. Keys and expected values come from docs/protocol.md
 * and vectors.tsv or from {@link Reference} (the standard test LMK, random source fixed to CD).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputTest {
    private static final String HEADER = "BI01";
    /**
     * The bundled commands with fields to get wrong; JK, J2, J4 and J8 take none and answer figures that change from
     * call to call (StatusCommandsTest checks them).
     */
    private static final Set<String> BUNDLED = Set.of("A0", "A6", "A8", "B2", "BU", "CA", "CC", "CW", "CY", "DC",
            "DG", "EC", "FA", "GC", "HC", "JE", "JG", "KQ", "M0", "M2", "M6", "M8", "N0", "NC", "NO");
    private static final String CLEAR_DOUBLE = "0123456789ABCDEFFEDCBA9876543210";
    private static final String CLEAR_SINGLE = "0123456789ABCDEF";
    /** The ZMK of the A0 vector, under LMK 04-05. */
    private static final String ZMK = "U4C94ED3CBF0597C848000A85A55C2E54";
    /** The ZMK of the FA vector, and the single-length ZPK (clear unknown) under it and under LMK 06-07. */
    private static final String FA_ZMK = "U1457FF6ADF6250C66C368416B4C9D383";
    private static final String FA_ZPK = "2B930A07119F93A8";
    private static final String ZPK_SINGLE = "BAB32D775A38E4AB";
    /**
     * FA_ZPK with the low bit of its last hex digit flipped, imported from under FA_ZMK: the clear key it decrypts
     * to, adjusted to odd parity, under LMK 06-07 (its check value FD23DC2FA5B197D8, the same as the unadjusted key).
     */
    private static final String ADJUSTED_ZPK = "74CFC2567C0C6E0C";
    private static final String ZPK_DOUBLE = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String TPK = "0406FBB23A5214DF";
    private static final String TMK = underLmk("002", 'U', CLEAR_DOUBLE);
    private static final String CVK = "U9B4934384B19946B040CD702B4D58145";
    private static final String PVK = "X367930344805B1FAD6146EF4ED7502B3";
    private static final String TAK = "U19D25F349FD03CC3556BB05F65283CA1";
    private static final String ZEK = underLmk("00A", 'U', CLEAR_DOUBLE);
    private static final String MK_AC = underLmk("109", 'U', CLEAR_DOUBLE);
    private static final String ACCOUNT = "550000025321";
    /** PIN 1234 for account 550000025321: ISO format 0 under the TPK and the single ZPK, and under LMK 02-03. */
    private static final String BLOCK_UNDER_TPK = "AE7A708F877571A9";
    private static final String BLOCK_UNDER_ZPK = "E98FFDA17099AF55";
    private static final String PIN_UNDER_LMK = "2C3A51CA5AF746C3";
    /** The M6 vector's message length (4H) and message (hex), whose retail MAC under the TAK is 5F1448EE. */
    private static final String MAC_LENGTH_AND_MESSAGE =
            "004072C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2";

    /**
     * One bad request: its name (command and case), the request and the exact reply, and the command's good exchange.
     */
    record Case(String name, String request, String expected, String good, String goodReply) {
        String command() {
            return name.substring(0, 2);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A bad request of one command, before the command's good exchange is attached. */
    private record Bad(String what, String request, String expected) {
    }

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    static List<Case> cases() {
        return Stream.of(a0(), a6(), a8(), b2(), bu(), ca(), cc(), cw(), cy(), dc(), dg(), ec(), fa(), gc(), hc(), je(),
                jg(), kq(), m0(), m2(), m6(), m8(), n0(), nc(), no()).flatMap(List::stream).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badRequestGetsTheDocumentedErrorAndTheConnectionKeepsServing(Case c) throws IOException {
        try (var client = new HsmClient()) {
            var reply = client.call(HEADER + c.request());
            assertEquals(printable(HEADER + c.expected()), printable(reply),
                    c.name() + ": request " + printable(c.request()));

            var good = client.call(HEADER + c.good());
            assertEquals(printable(HEADER + c.goodReply()), printable(good),
                    c.name() + ": the good request on the same connection after it");
        }
    }

    @Test
    void everyBundledCommandHasCases() {
        var covered = cases().stream().map(Case::command).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(BUNDLED), covered);
    }

    private static List<Case> command(String good, String goodReply, Bad... bad) {
        var cases = new ArrayList<Case>();
        for (var b : bad) {
            cases.add(new Case(good.substring(0, 2) + " " + b.what(), b.request(), b.expected(), good, goodReply));
        }

        return cases;
    }

    private static Bad bad(String what, String request, String expected) {
        return new Bad(what, request, expected);
    }

    /** Replaces the scheme letter of a key field (a letter and the hex) with W, which is no key scheme. */
    private static String unknownScheme(String key) {
        return "W" + key.substring(1);
    }

    /** Replaces the character at index (negative: from the end) with G, which is not hex. */
    private static String nonHex(String text, int index) {
        int at = index < 0 ? text.length() + index : index;

        return text.substring(0, at) + 'G' + text.substring(at + 1);
    }

    private static List<Case> a0() {
        return command("A00001U", "A100U37C214786596A294ED92DBA27208C13B18EC38",
                bad("truncated: no key scheme", "A00001", "A115"),
                bad("truncated: mode 1 without the ZMK scheme", "A01001U" + ZMK, "A115"),
                bad("non-hex ZMK", "A01001U" + nonHex(ZMK, 10) + "X", "A115"),
                bad("key type not hex", "A00G01U", "A104"),
                bad("wrong key scheme (LMK)", "A00001W", "A126"),
                bad("wrong key scheme (ZMK)", "A01001U" + ZMK + "W", "A126"),
                bad("unknown key scheme letter (ZMK)", "A01001U" + unknownScheme(ZMK) + "X", "A126"),
                bad("ZMK parity", "A01001U" + flipLastBit(ZMK) + "X", "A110"),
                bad("mode 2", "A02001U", "A115"),
                bad("trailing data", "A00001UX", "A115"));
    }

    private static List<Case> a6() {
        var zmk = "U71979DEB8587E2734F1E99D5DCAEF9AC";
        var key = "XC8E3118AFA853807EB7E92294663A5BA";

        return command("A6001" + zmk + key + "U", "A700U1EF828AA8F6B80EB83E19FBC373F3A856F1E3F",
                bad("truncated: no key scheme", "A6001" + zmk + key, "A715"),
                bad("truncated key under the ZMK", "A6001" + zmk + key.substring(0, 20), "A715"),
                bad("non-hex ZMK", "A6001" + nonHex(zmk, 30) + key + "U", "A715"),
                bad("non-hex key under the ZMK", "A6001" + zmk + nonHex(key, 10) + "U", "A715"),
                bad("wrong key scheme (LMK)", "A6001" + zmk + key + "W", "A726"),
                bad("unknown key scheme letter (ZMK)", "A6001" + unknownScheme(zmk) + key + "U", "A726"),
                bad("unknown key scheme letter (key under the ZMK)", "A6001" + zmk + unknownScheme(key) + "U",
                        "A726"),
                bad("ZMK parity", "A6001" + flipLastBit(zmk) + key + "U", "A710"),
                bad("imported key parity (advice 01 with the fields)",
                        "A6001" + FA_ZMK + flipLastBit(FA_ZPK) + "Z", "A701" + ADJUSTED_ZPK + "FD23DC"));
    }

    private static List<Case> a8() {
        var good = "A8001" + ZMK + ZPK_DOUBLE;

        return command(good + "X", "A900X4A685F3B73D8CEBB440DE62193FA835F6F1E3F",
                bad("truncated: no key scheme", good, "A915"),
                bad("truncated key", "A8001" + ZMK + ZPK_DOUBLE.substring(0, 20), "A915"),
                bad("non-hex key", "A8001" + ZMK + nonHex(ZPK_DOUBLE, 20) + "X", "A915"),
                bad("key type not hex", "A80G1" + ZMK + ZPK_DOUBLE + "X", "A904"),
                bad("wrong key scheme (ZMK)", good + "W", "A926"),
                bad("key scheme (ZMK) that does not fit the key", good + "Z", "A927"),
                bad("unknown key scheme letter (ZMK)", "A8001" + unknownScheme(ZMK) + ZPK_DOUBLE + "X", "A926"),
                bad("unknown key scheme letter (key)", "A8001" + ZMK + unknownScheme(ZPK_DOUBLE) + "X", "A926"),
                bad("ZMK parity", "A8001" + flipLastBit(ZMK) + ZPK_DOUBLE + "X", "A910"),
                bad("key parity", "A8001" + ZMK + flipLastBit(ZPK_DOUBLE) + "X", "A911"));
    }

    private static List<Case> b2() {
        return command("B20004PING", "B300PING",
                bad("truncated: no length", "B2", "B315"),
                bad("truncated length", "B2000", "B315"),
                bad("non-hex length", "B2000GPING", "B315"),
                bad("length greater than the data", "B20005PING", "B380"),
                bad("length less than the data", "B20003PING", "B315"));
    }

    private static List<Case> bu() {
        var good = "BU011" + ZPK_DOUBLE;

        return command(good, "BV006F1E3F74F826B7EB",
                bad("truncated: no key", "BU01", "BV15"),
                bad("truncated key", good.substring(0, 25), "BV15"),
                bad("non-hex key", nonHex(good, -2), "BV15"),
                bad("key type not hex", "BU0G1" + ZPK_DOUBLE, "BV04"),
                bad("key length flag 3", "BU013" + ZPK_DOUBLE, "BV05"),
                bad("key length flag single for a double key", "BU010" + ZPK_DOUBLE, "BV05"),
                bad("unknown key scheme letter", "BU011" + unknownScheme(ZPK_DOUBLE), "BV26"),
                bad("code FF without the key type", "BUFF1" + ZPK_DOUBLE, "BV15"),
                bad("KCV type 2", good + ";002", "BV15"),
                bad("key parity", flipLastBit(good), "BV10"));
    }

    private static List<Case> ca() {
        var keys = "CA" + TPK + ZPK_SINGLE;
        var tail = "12DC80B186C30902B00303" + ACCOUNT;

        return command(keys + tail, "CB0004F7808F2CBEC6316803",
                bad("truncated account", keys + tail.substring(0, tail.length() - 1), "CB15"),
                bad("non-hex PIN block", keys + nonHex(tail, 5), "CB15"),
                bad("format not digits", keys + "12DC80B186C30902B00G03" + ACCOUNT, "CB15"),
                bad("unsupported PIN block format 99", keys + "12DC80B186C30902B09903" + ACCOUNT, "CB23"),
                bad("PIN longer than the maximum PIN length", keys + "03DC80B186C30902B00303" + ACCOUNT, "CB24"),
                bad("unknown key scheme letter (destination ZPK)", "CA" + TPK + unknownScheme(ZPK_DOUBLE) + tail,
                        "CB26"),
                bad("source TPK parity", "CA" + flipLastBit(TPK) + ZPK_SINGLE + tail, "CB10"),
                bad("destination ZPK parity", "CA" + TPK + flipLastBit(ZPK_SINGLE) + tail, "CB11"));
    }

    private static List<Case> cc() {
        var tail = "12F7808F2CBEC631680303" + ACCOUNT;
        var good = "CC" + ZPK_SINGLE + ZPK_DOUBLE + tail;

        return command(good, "CD000482206CCD872229C203",
                bad("truncated account", good.substring(0, good.length() - 1), "CD15"),
                bad("non-hex PIN block", "CC" + ZPK_SINGLE + ZPK_DOUBLE + nonHex(tail, 4), "CD15"),
                bad("unknown key scheme letter (destination ZPK)", "CC" + ZPK_SINGLE + unknownScheme(ZPK_DOUBLE)
                        + tail, "CD26"),
                bad("source ZPK parity", "CC" + flipLastBit(ZPK_SINGLE) + ZPK_DOUBLE + tail, "CD10"),
                bad("destination ZPK parity", "CC" + ZPK_SINGLE + flipLastBit(ZPK_DOUBLE) + tail, "CD11"));
    }

    private static List<Case> cw() {
        var card = "4123456789012345;8701101";

        return command("CW" + CVK + card, "CX00561",
                bad("truncated service code", "CW" + CVK + card.substring(0, card.length() - 1), "CX15"),
                bad("truncated: no delimiter and expiry", "CW" + CVK + "4123456789012345", "CX15"),
                bad("non-hex CVK", "CW" + nonHex(CVK, 10) + card, "CX15"),
                bad("PAN not digits", "CW" + CVK + "41234567890123A5;8701101", "CX15"),
                bad("unknown key scheme letter (CVK)", "CW" + unknownScheme(CVK) + card, "CX26"),
                bad("CVK parity", "CW" + flipLastBit(CVK) + card, "CX10"),
                bad("single-length CVK (scheme Z)", "CWZ" + underLmk("402", 'Z', CLEAR_SINGLE) + card, "CX27"));
    }

    private static List<Case> cy() {
        var card = "4123456789012345;8701101";

        return command("CY" + CVK + "561" + card, "CZ00",
                bad("truncated service code", "CY" + CVK + "561" + card.substring(0, card.length() - 1), "CZ15"),
                bad("non-hex CVK", "CY" + nonHex(CVK, 10) + "561" + card, "CZ15"),
                bad("CVV not digits", "CY" + CVK + "5G1" + card, "CZ15"),
                bad("unknown key scheme letter (CVK)", "CY" + unknownScheme(CVK) + "561" + card, "CZ26"),
                bad("CVK parity", "CY" + flipLastBit(CVK) + "561" + card, "CZ10"),
                bad("single-length CVK (scheme Z)", "CYZ" + underLmk("402", 'Z', CLEAR_SINGLE) + "561" + card,
                        "CZ27"),
                bad("wrong CVV", "CY" + CVK + "562" + card, "CZ01"));
    }

    private static List<Case> dc() {
        var tail = BLOCK_UNDER_TPK + "01" + ACCOUNT + "14402";
        var good = "DC" + TPK + PVK + tail;

        return command(good, "DD00",
                bad("truncated PVV", good.substring(0, good.length() - 1), "DD15"),
                bad("non-hex PIN block", "DC" + TPK + PVK + nonHex(tail, 15), "DD15"),
                bad("unknown key scheme letter (PVK)", "DC" + TPK + unknownScheme(PVK) + tail, "DD26"),
                bad("TPK parity", "DC" + flipLastBit(TPK) + PVK + tail, "DD10"),
                bad("PVK parity", "DC" + TPK + flipLastBit(PVK) + tail, "DD11"),
                bad("single-length PVK (scheme Z)", "DC" + TPK + "Z" + underLmk("002", 'Z', CLEAR_SINGLE) + tail,
                        "DD27"),
                bad("wrong PVV", good.substring(0, good.length() - 1) + "1", "DD01"));
    }

    private static List<Case> ec() {
        var tail = BLOCK_UNDER_ZPK + "01" + ACCOUNT + "14402";
        var good = "EC" + ZPK_SINGLE + PVK + tail;

        return command(good, "ED00",
                bad("truncated PVV", good.substring(0, good.length() - 1), "ED15"),
                bad("non-hex PIN block", "EC" + ZPK_SINGLE + PVK + nonHex(tail, 3), "ED15"),
                bad("unknown key scheme letter (PVK)", "EC" + ZPK_SINGLE + unknownScheme(PVK) + tail, "ED26"),
                bad("ZPK parity", "EC" + flipLastBit(ZPK_SINGLE) + PVK + tail, "ED10"),
                bad("PVK parity", "EC" + ZPK_SINGLE + flipLastBit(PVK) + tail, "ED11"),
                bad("single-length PVK (scheme Z)",
                        "EC" + ZPK_SINGLE + "Z" + underLmk("002", 'Z', CLEAR_SINGLE) + tail, "ED27"),
                bad("wrong PVV", good.substring(0, good.length() - 1) + "1", "ED01"));
    }

    private static List<Case> dg() {
        var tail = PIN_UNDER_LMK + ACCOUNT + "1";

        return command("DG" + PVK + tail, "DH004402",
                bad("truncated: no PVKI", "DG" + PVK + PIN_UNDER_LMK + ACCOUNT, "DH15"),
                bad("non-hex PIN under LMK", "DG" + PVK + nonHex(PIN_UNDER_LMK, -1) + ACCOUNT + "1", "DH15"),
                bad("unknown key scheme letter (PVK)", "DG" + unknownScheme(PVK) + tail, "DH26"),
                bad("PVK parity", "DG" + flipLastBit(PVK) + tail, "DH10"),
                bad("PIN under LMK invalid", "DG" + PVK + flipLastBit(PIN_UNDER_LMK) + ACCOUNT + "1", "DH14"),
                bad("single-length PVK (scheme Z)", "DGZ" + underLmk("002", 'Z', CLEAR_SINGLE) + tail, "DH27"));
    }

    private static List<Case> fa() {
        var good = "FA" + FA_ZMK + FA_ZPK;

        return command(good, "FB00BAB32D775A38E4AB73936E441E46819D",
                bad("truncated ZPK", good.substring(0, good.length() - 5), "FB15"),
                bad("non-hex ZPK", nonHex(good, -5), "FB15"),
                bad("unknown key scheme letter (ZMK)", "FA" + unknownScheme(FA_ZMK) + FA_ZPK, "FB26"),
                bad("ZMK parity", "FA" + flipLastBit(FA_ZMK) + FA_ZPK, "FB10"),
                bad("ZPK parity (advice 01 with the fields)", flipLastBit(good),
                        "FB01" + ADJUSTED_ZPK + "FD23DC2FA5B197D8"),
                bad("wrong key scheme (LMK) option", good + ";0W1", "FB26"),
                bad("key scheme (LMK) that does not fit the ZPK", good + ";0U1", "FB27"),
                bad("KCV type 2", good + ";0Z2", "FB15"));
    }

    private static List<Case> gc() {
        var good = "GC" + FA_ZMK + ZPK_SINGLE;

        return command(good, "GD002B930A07119F93A873936E441E46819D",
                bad("truncated ZPK", good.substring(0, good.length() - 5), "GD15"),
                bad("non-hex ZPK", nonHex(good, -5), "GD15"),
                bad("unknown key scheme letter (ZMK)", "GC" + unknownScheme(FA_ZMK) + ZPK_SINGLE, "GD26"),
                bad("ZMK parity", "GC" + flipLastBit(FA_ZMK) + ZPK_SINGLE, "GD10"),
                bad("ZPK parity", flipLastBit(good), "GD11"),
                bad("wrong key scheme (ZMK) option", good + ";W01", "GD26"),
                bad("key scheme (ZMK) that does not fit the ZPK", good + ";U01", "GD27"),
                bad("truncated options", good + ";Z0", "GD15"));
    }

    private static List<Case> hc() {
        return command("HC" + TMK, "HD00U129902583600359DD9638C1060AF633EU6417769F868A00EAFB208F895D761513",
                bad("truncated key", "HC" + TMK.substring(0, 20), "HD15"),
                bad("truncated options", "HC" + TMK + ";UU", "HD15"),
                bad("non-hex key", "HC" + nonHex(TMK, 20), "HD15"),
                bad("unknown key scheme letter (current key)", "HC" + unknownScheme(TMK), "HD26"),
                bad("key parity", "HC" + flipLastBit(TMK), "HD10"),
                bad("wrong key scheme (TMK) option", "HC" + TMK + ";WU0", "HD26"),
                bad("wrong key scheme (LMK) option", "HC" + TMK + ";UW0", "HD26"),
                bad("key scheme U under a single-length current key", "HC" + TPK + ";UU0", "HD27"));
    }

    private static List<Case> je() {
        var good = "JE" + ZPK_SINGLE + BLOCK_UNDER_ZPK + "01" + ACCOUNT;

        return command(good, "JF00" + PIN_UNDER_LMK,
                bad("truncated account", good.substring(0, good.length() - 1), "JF15"),
                bad("non-hex PIN block", "JE" + ZPK_SINGLE + nonHex(BLOCK_UNDER_ZPK, 15) + "01" + ACCOUNT, "JF15"),
                bad("unknown key scheme letter (ZPK)", "JE" + unknownScheme(ZPK_DOUBLE) + BLOCK_UNDER_ZPK + "01"
                        + ACCOUNT, "JF26"),
                bad("ZPK parity", "JE" + flipLastBit(ZPK_SINGLE) + BLOCK_UNDER_ZPK + "01" + ACCOUNT, "JF10"),
                bad("unsupported PIN block format 99", "JE" + ZPK_SINGLE + BLOCK_UNDER_ZPK + "99" + ACCOUNT, "JF23"));
    }

    private static List<Case> jg() {
        var good = "JG" + ZPK_SINGLE + "01" + ACCOUNT + PIN_UNDER_LMK;

        return command(good, "JH00" + BLOCK_UNDER_ZPK,
                bad("truncated PIN", good.substring(0, good.length() - 1), "JH15"),
                bad("non-hex PIN under LMK", nonHex(good, -1), "JH15"),
                bad("unknown key scheme letter (ZPK)", "JG" + unknownScheme(ZPK_DOUBLE) + "01" + ACCOUNT
                        + PIN_UNDER_LMK, "JH26"),
                bad("ZPK parity", "JG" + flipLastBit(ZPK_SINGLE) + "01" + ACCOUNT + PIN_UNDER_LMK, "JH11"),
                bad("PIN under LMK invalid", flipLastBit(good), "JH14"));
    }

    private static List<Case> kq() {
        var panPsn = unhex("2345678901234500");
        var data = unhex("0000000010000000");
        var key = Reference.cardKey(unhex(CLEAR_DOUBLE), panPsn);
        var arqcBytes = Reference.mac(key, 3, 1, data);
        var arqc = latin1(arqcBytes);
        var arc = "00";
        var arpc = latin1(Reference.arpc(key, arqcBytes, unhex("3030")));
        var card = latin1(panPsn) + latin1(unhex("0001")) + latin1(unhex("11223344"));
        var transaction = "08" + latin1(data) + ";";
        var good = "KQ10" + MK_AC + card + transaction + arqc + arc;

        return command(good, "KR00" + arpc,
                bad("truncated ARC", good.substring(0, good.length() - 1), "KR15"),
                bad("truncated after the ATC", "KQ10" + MK_AC + card.substring(0, 10), "KR15"),
                bad("non-hex data length", "KQ10" + MK_AC + card + "0G" + latin1(data) + ";" + arqc + arc, "KR15"),
                bad("non-hex MK-AC", "KQ10" + nonHex(MK_AC, 10) + card + transaction + arqc + arc, "KR15"),
                bad("unknown key scheme letter (MK-AC)", "KQ10" + unknownScheme(MK_AC) + card + transaction + arqc
                        + arc, "KR26"),
                bad("MK-AC parity", "KQ10" + flipLastBit(MK_AC) + card + transaction + arqc + arc, "KR10"),
                bad("single-length MK-AC (scheme Z)",
                        "KQ10Z" + underLmk("109", 'Z', CLEAR_SINGLE) + card + transaction + arqc + arc, "KR27"),
                bad("mode 3", "KQ30" + MK_AC + card + transaction + arqc + arc, "KR04"),
                bad("scheme ID 2", "KQ12" + MK_AC + card + transaction + arqc + arc, "KR05"),
                bad("zero-length transaction data", "KQ10" + MK_AC + card + "00;" + arqc + arc, "KR81"),
                bad("transaction data shorter than its length",
                        "KQ10" + MK_AC + card + "09" + latin1(data) + ";" + arqc + arc, "KR80"),
                bad("ARQC that does not verify", "KQ10" + MK_AC + card + transaction + flipped(arqc) + arc, "KR01"));
    }

    private static List<Case> m0() {
        var ecb = hex(Reference.ecb(unhex(CLEAR_DOUBLE), unhex("0011223344556677"), true));
        var head = "M0001100A" + ZEK;

        return command(head + "00100011223344556677", "M1000010" + ecb,
                bad("truncated before the key", "M000110", "M115"),
                bad("truncated message", head + "00200011223344556677", "M180"),
                bad("non-hex message", head + "0010001122334455667G", "M115"),
                bad("non-hex message length", head + "001G0011223344556677", "M106"),
                bad("non-hex IV", "M0011100A" + ZEK + "112233445566778G" + "00100011223344556677", "M115"),
                bad("key parity", "M0001100A" + flipLastBit(ZEK) + "00100011223344556677", "M110"),
                bad("unknown key scheme letter", "M0001100A" + unknownScheme(ZEK) + "00100011223344556677", "M126"),
                bad("mode flag 02", "M0021100A" + ZEK + "00100011223344556677", "M102"),
                bad("input format 3", "M0003100A" + ZEK + "00100011223344556677", "M103"),
                bad("output format 3", "M0001300A" + ZEK + "00100011223344556677", "M104"),
                bad("key type 00C", "M0001100C" + ZEK + "00100011223344556677", "M105"),
                bad("message not a multiple of 8 bytes", head + "000800112233", "M106"));
    }

    private static List<Case> m2() {
        var ecb = hex(Reference.ecb(unhex(CLEAR_DOUBLE), unhex("0011223344556677"), true));
        var head = "M2001100A" + ZEK;

        return command(head + "0010" + ecb, "M3000010" + "0011223344556677",
                bad("truncated before the key", "M200110", "M315"),
                bad("truncated message", head + "0020" + ecb, "M380"),
                bad("non-hex message", head + "0010" + nonHex(ecb, -1), "M315"),
                bad("non-hex message length", head + "001G" + ecb, "M306"),
                bad("non-hex IV", "M2011100A" + ZEK + "G122334455667788" + "0010" + ecb, "M315"),
                bad("key parity", "M2001100A" + flipLastBit(ZEK) + "0010" + ecb, "M310"),
                bad("unknown key scheme letter", "M2001100A" + unknownScheme(ZEK) + "0010" + ecb, "M326"),
                bad("mode flag 10", "M2101100A" + ZEK + "0010" + ecb, "M302"),
                bad("input format 7", "M2007100A" + ZEK + "0010" + ecb, "M303"),
                bad("output format 9", "M2001900A" + ZEK + "0010" + ecb, "M304"),
                bad("key type 001", "M20011001" + ZEK + "0010" + ecb, "M305"),
                bad("message not a multiple of 8 bytes", head + "000C" + ecb.substring(0, 12), "M306"));
    }

    private static List<Case> m6() {
        var good = "M601032003" + TAK + MAC_LENGTH_AND_MESSAGE;

        return command(good, "M7005F1448EE",
                bad("truncated before the key", "M60103200", "M715"),
                bad("truncated message", good.substring(0, 50), "M780"),
                bad("non-hex message", nonHex(good, -1), "M715"),
                bad("key parity", "M601032003" + flipLastBit(TAK) + MAC_LENGTH_AND_MESSAGE, "M710"),
                bad("unknown key scheme letter", "M601032003" + unknownScheme(TAK) + MAC_LENGTH_AND_MESSAGE, "M726"),
                bad("mode 4", "M641032003" + TAK + MAC_LENGTH_AND_MESSAGE, "M702"),
                bad("input format 3", "M603032003" + TAK + MAC_LENGTH_AND_MESSAGE, "M703"),
                bad("MAC algorithm 02", "M601022003" + TAK + MAC_LENGTH_AND_MESSAGE, "M704"),
                bad("padding 3", "M601033003" + TAK + MAC_LENGTH_AND_MESSAGE, "M709"),
                bad("key type 001", "M601032001" + TAK + MAC_LENGTH_AND_MESSAGE, "M705"),
                bad("algorithm 3 with a single-length key (scheme Z)",
                        "M601032003Z" + underLmk("003", 'Z', CLEAR_SINGLE) + MAC_LENGTH_AND_MESSAGE, "M727"),
                bad("no padding and not a multiple of 8 bytes", "M601030003" + TAK + "000A0011223344", "M706"));
    }

    private static List<Case> m8() {
        var good = "M801032003" + TAK + MAC_LENGTH_AND_MESSAGE + "5F1448EE";

        return command(good, "M900",
                bad("truncated MAC", good.substring(0, good.length() - 1), "M915"),
                bad("truncated before the key", "M80103200", "M915"),
                bad("non-hex MAC", nonHex(good, -1), "M915"),
                bad("non-hex message", nonHex(good, -9), "M915"),
                bad("key parity", "M801032003" + flipLastBit(TAK) + MAC_LENGTH_AND_MESSAGE + "5F1448EE", "M910"),
                bad("unknown key scheme letter", "M801032003" + unknownScheme(TAK) + MAC_LENGTH_AND_MESSAGE
                        + "5F1448EE", "M926"),
                bad("MAC algorithm 02", "M801022003" + TAK + MAC_LENGTH_AND_MESSAGE + "5F1448EE", "M904"),
                bad("wrong MAC", flipLastBit(good), "M901"));
    }

    /** N0's good reply is known: the random source is fixed to CD under the legacy profile of these runs. */
    private static List<Case> n0() {
        return command("N0004", "N100\u00CD\u00CD\u00CD\u00CD",
                bad("truncated: no length", "N0", "N115"),
                bad("truncated length", "N000", "N115"),
                bad("non-digit length", "N00A4", "N115"),
                bad("data after the length", "N0004X", "N115"),
                bad("length zero", "N0000", "N101"));
    }

    private static List<Case> nc() {
        // NC has no fields to truncate or to get wrong: anything after the command code but an LMK identifier is
        // ignored; an identifier names the slot whose check value it reports (KeyBlockTest), 13 for an empty one.
        var reply = "ND0026860400000000000007-E000";

        return command("NC", reply,
                bad("trailing data is ignored", "NCXYZ", reply),
                bad("the variant LMK's slot", "NC%00", reply),
                bad("an empty LMK slot", "NC%42", "ND13"));
    }

    private static List<Case> no() {
        return command("NO01", "NP000",
                bad("truncated: no mode flag", "NO", "NP15"),
                bad("truncated mode flag", "NO0", "NP15"),
                bad("mode flag not digits", "NO0G", "NP15"),
                bad("mode flag 02", "NO02", "NP15"));
    }

    /** Flips the low bit of the last byte of binary text. */
    private static String flipped(String binary) {
        int last = binary.length() - 1;

        return binary.substring(0, last) + (char) (binary.charAt(last) ^ 1);
    }
}
