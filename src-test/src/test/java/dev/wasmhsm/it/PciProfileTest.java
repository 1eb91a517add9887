package dev.wasmhsm.it;

import static dev.wasmhsm.it.Reference.underLmk;
import static dev.wasmhsm.it.Reference.underZmk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The default (PCI) security profile, from the outside: over TCP, as an attacker with a payShield client would try
 * it, on a server started without any security setting. The build runs these classes on each server a second time,
 * started under the default profile (the rest of the suite runs under {@code legacy}, which the public vectors need).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PciProfileTest {
    private static final String ZPK_CLEAR = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String ZPK = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String ZMK_CLEAR = "0123456789ABCDEFFEDCBA9876543210";
    private static final String ZMK = underLmk("000", 'U', ZMK_CLEAR);
    private static final String SINGLE_TPK = "0406FBB23A5214DF";
    private static final String TPK_CLEAR = "0B681FC20E62C7341C587F1C13924FEF";
    private static final String ACCOUNT = "550000025321";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void singleLengthKeysAreRefusedForEveryUse() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("0000A127", client.call("0000A00001Z"));
            assertEquals("0000BV27", client.call("0000BU020" + SINGLE_TPK));
            assertEquals("0000CB27", client.call("0000CA" + SINGLE_TPK + "BAB32D775A38E4AB12DC80B186C30902B00303"
                    + ACCOUNT));
        }
    }

    @Test
    void eachHalfOfAnXKeyIsRefusedAsASingleLengthKey() throws IOException {
        var x = underLmk("001", 'X', ZPK_CLEAR);
        try (var client = new HsmClient()) {
            assertTrue(client.call("0000BU011" + x).startsWith("0000BV00"), "the X key itself is accepted");
            assertEquals("0000BV27", client.call("0000BU010" + x.substring(1, 17)));
            assertEquals("0000BV27", client.call("0000BU010" + x.substring(17)));
        }
    }

    @Test
    void aKeyWhoseHalvesAreEqualIsRefusedWith75() throws IOException {
        var half = underLmk("001", 'X', ZPK_CLEAR).substring(1, 17);
        try (var client = new HsmClient()) {
            assertEquals("0000BV75", client.call("0000BU011X" + half + half));
        }
    }

    @Test
    void sixteenDigitCheckValuesAreRestrictedToSixDigits() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("0000BV006F1E3F0000000000", client.call("0000BU011" + ZPK));
            assertEquals("0000ND0026860400000000000007-E000", client.call("0000NC"));
        }
    }

    @Test
    void keysAreWrittenUnderTheLmkInSchemesUAndTOnly() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("0000A126", client.call("0000A00001X"));
            assertTrue(client.call("0000A00001U").matches("0000A100U[0-9A-F]{32}[0-9A-F]{6}"));
        }
    }

    @Test
    void keyType002IsAPvkOnlyAndTheTpkIs70d() throws IOException {
        var tpk70d = underLmk("70D", 'U', TPK_CLEAR);
        var tpk002 = underLmk("002", 'U', TPK_CLEAR);
        var block = isoFormat0Block(TPK_CLEAR);
        try (var client = new HsmClient()) {
            assertTrue(client.call("0000CA" + tpk70d + ZPK + "12" + block + "0101" + ACCOUNT)
                    .startsWith("0000CB0004"), "a TPK of type 70D translates");
            assertEquals("0000CB10", client.call("0000CA" + tpk002 + ZPK + "12" + block + "0101" + ACCOUNT),
                    "a key under 002 is decrypted as a 70D TPK, so its parity fails");
        }
    }

    @Test
    void aPinBoundToTheAccountIsNotTranslatedToAnUnboundFormat() throws IOException {
        var tpk = underLmk("70D", 'U', TPK_CLEAR);
        var block = isoFormat0Block(TPK_CLEAR);
        try (var client = new HsmClient()) {
            assertEquals("0000CB69", client.call("0000CA" + tpk + ZPK + "12" + block + "0103" + ACCOUNT));
            assertEquals("0000CB69", client.call("0000CA" + tpk + ZPK + "12" + block + "0105" + ACCOUNT));
            assertTrue(client.call("0000CA" + tpk + ZPK + "12" + block + "0147" + ACCOUNT).startsWith("0000CB00"));
        }
    }

    @Test
    void exportedZpkImportedBackAsADataKeyIsRefused() throws IOException {
        try (var client = new HsmClient()) {
            var gc = client.call("0000GC" + ZMK + ZPK);
            assertTrue(gc.startsWith("0000GD00"), gc);
            var underZmk = gc.substring(8, 8 + 33);
            assertEquals(underZmk(ZMK_CLEAR, ZPK_CLEAR, underZmk.charAt(0)), underZmk);

            assertEquals("0000A717", client.call("0000A600B" + ZMK + underZmk + "U"));
            assertEquals("0000A717", client.call("0000A600A" + ZMK + underZmk + "U"));
            var a0 = client.call("0000A01001U" + ZMK + "U");
            assertTrue(a0.startsWith("0000A100"), a0);
            assertEquals("0000A717", client.call("0000A600B" + ZMK + a0.substring(8 + 33, 8 + 66) + "U"));
        }
    }

    @Test
    void exportOfAnythingButAZpkNeedsTheAuthorisedStateAndDualControlNeedsTwoPrincipals()
            throws IOException, JMException {
        var tak = underLmk("003", 'U', TPK_CLEAR);
        try (var client = new HsmClient(); var jmx = new ServerJmx()) {
            assertEquals("0000A917", client.call("0000A8003" + ZMK + tak + "U"));
            assertEquals("0000A117", client.call("0000A00000U"));
            assertTrue((Boolean) jmx.authorisedAttribute("DualControl"));
            var first = authoriseOnce(jmx);
            String again;
            try (var sameUser = new ServerJmx()) {
                again = authoriseOnce(sameUser);
            }

            assertTrue(first.startsWith("export requested by " + ServerJmx.ADMIN), first);
            assertFalse(again.contains("entered"), again);
            assertEquals("0000A917", client.call("0000A8003" + ZMK + tak + "U"), "one principal is not enough");
            try (var officer = ServerJmx.officer()) {
                var second = authoriseOnce(officer);
                assertTrue(second.startsWith("export entered until ") && second.endsWith("by [" + ServerJmx.ADMIN
                        + ", " + ServerJmx.OFFICER + "]"), second);
            }
            assertTrue(client.call("0000A8003" + ZMK + tak + "U").startsWith("0000A900"), "two principals are");
            assertTrue(jmx.authorisedAttribute("SecurityProfile").toString().startsWith("pci "));
            jmx.cancel("all");
            assertEquals("0000A917", client.call("0000A8003" + ZMK + tak + "U"), "and the activity ends");
        }
    }

    /**
     * Review finding F2: KQ mode 2 answers an ARPC of any ARQC under the card key, and ARPC method 1 is the session
     * key derivation, so two requests would give the clear session key.
     */
    @Test
    void kqDoesNotAnswerAnArpcThatIsAHalfOfTheSessionKey() throws IOException {
        var mk = underLmk("109", 'U', ZMK_CLEAR);
        var panPsn = Reference.latin1(Reference.unhex("4761739001010010"));
        var fixed = "2" + "0" + mk + panPsn + Reference.latin1(Reference.unhex("0001")) + "\0\0\0\0";
        try (var client = new HsmClient()) {
            for (var arqc : new String[] {"0001F00000000000", "00010F0000000000"}) {
                assertEquals("0000KR29", client.call("0000KQ" + fixed + Reference.latin1(Reference.unhex(arqc))
                        + "\0\0"), "ARQC " + arqc);
            }
            assertTrue(client.call("0000KQ" + fixed + Reference.latin1(Reference.unhex("1234567890ABCDEF")) + "\0\0")
                    .startsWith("0000KR00"), "any other ARQC gets its ARPC");
        }
    }

    /**
     * Review finding F3: the chaining value of algorithm 3 (M6 mode 1) would be single DES under the TAK's left
     * part, a 2^56 search away from it; under the PCI profile it is opaque, and the parts still give the MAC.
     */
    @Test
    void theChainingValueOfAMacIsOpaqueAndTheMessageInPartsGivesItsMac() throws IOException {
        var takClear = TPK_CLEAR;
        var tak = underLmk("003", 'U', takClear);
        var block = "0000000000000000";
        try (var client = new HsmClient()) {
            var first = client.call("0000M6" + "1" + "1" + "03" + "0" + "003" + tak + "0010" + block);
            assertTrue(first.startsWith("0000M700"), first);
            var chain = first.substring(8);
            var leftPart = Reference.unhex(takClear.substring(0, 16));
            assertFalse(chain.equalsIgnoreCase(Reference.hex(Reference.ecb(leftPart, new byte[8], true))),
                    "single DES under the left part");

            var last = client.call("0000M6" + "3" + "1" + "03" + "0" + "003" + tak + chain + "0010" + block);
            var whole = client.call("0000M6" + "0" + "1" + "03" + "0" + "003" + tak + "0020" + block + block);
            assertEquals(whole, last, "the MAC of the message sent in two parts");
        }
    }

    /** @return what one management call asking for the export activity got: its answer, or its refusal. */
    private static String authoriseOnce(ServerJmx jmx) {
        try {
            return jmx.authorise("export", "PT1M");
        } catch (IOException | JMException | RuntimeException e) {
            return "refused: " + e;
        }
    }

    /** An ISO format 0 PIN block of PIN 1234 and {@link #ACCOUNT} under a clear double-length key, as hex. */
    private static String isoFormat0Block(String keyHex) {
        var clear = Reference.unhex("041234FFFFFFFFFF");
        var account = Reference.unhex("0000" + ACCOUNT);
        for (int i = 0; i < clear.length; i++) {
            clear[i] ^= account[i];
        }

        return Reference.hex(Reference.ecb(Reference.unhex(keyHex), clear, true));
    }
}
