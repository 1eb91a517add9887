package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.client.HsmConnection;
import dev.wasmhsm.client.HsmException;
import dev.wasmhsm.client.HsmSettings;
import dev.wasmhsm.client.PayShieldClient;
import java.io.IOException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client (hsm-client) against the server, with the public vectors of ../shared/payshield/vectors.tsv
 * (legacy profile): each typed operation sends the layout the plugins read and reads what they answer.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JavaClientTest {
    private static final String CVK = "U9B4934384B19946B040CD702B4D58145";
    private static final String PAN = "4123456789012345";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void theTypedOperationsAgreeWithTheVectors() throws IOException, HsmException {
        try (var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            var hsm = new PayShieldClient(connection);

            assertEquals("2686040000000000", hsm.diagnostics().lmkCheckValue());
            assertArrayEquals("PING".getBytes(ISO_8859_1), hsm.echo("PING".getBytes(ISO_8859_1)));
            assertEquals("6F1E3F74F826B7EB", hsm.keyCheckValue("01", "U1EF828AA8F6B80EB83E19FBC373F3A85"));
            assertEquals("561", hsm.generateCvv(CVK, PAN, "8701", "101"));
            assertTrue(hsm.verifyCvv(CVK, "561", PAN, "8701", "101"));
            assertFalse(hsm.verifyCvv(CVK, "111", PAN, "8701", "101"));
            var pin = hsm.translatePin(true, "0406FBB23A5214DF", "BAB32D775A38E4AB", "DC80B186C30902B0", "03", "03",
                    "550000025321");
            assertEquals(new PayShieldClient.TranslatedPin(4, "F7808F2CBEC63168", "03"), pin);
            assertTrue(hsm.verifyPinPvv(true, "0406FBB23A5214DF", "X367930344805B1FAD6146EF4ED7502B3",
                    "AE7A708F877571A9", "01", "550000025321", '1', "4402"));
            assertFalse(hsm.verifyPinPvv(true, "0406FBB23A5214DF", "X367930344805B1FAD6146EF4ED7502B3",
                    "AE7A708F877571A9", "01", "550000025321", '1', "4401"));
            var imported = hsm.importKey("001", "U71979DEB8587E2734F1E99D5DCAEF9AC",
                    "XC8E3118AFA853807EB7E92294663A5BA", 'U');
            assertEquals(new PayShieldClient.Key("U1EF828AA8F6B80EB83E19FBC373F3A85", null, "6F1E3F"), imported);
        }
    }

    @Test
    void dataEncryptedUnderADekDecryptsBackAndMatchesTheReference() throws IOException, HsmException {
        var clear = "0123456789ABCDEFFEDCBA9876543210";
        var dek = Reference.underLmk("00B", 'U', clear);
        var data = "eight by sixteen".getBytes(ISO_8859_1);
        try (var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            var hsm = new PayShieldClient(connection);
            var encrypted = hsm.encrypt("00B", dek, data);

            assertArrayEquals(Reference.ecb(Reference.unhex(clear), data, true), encrypted);
            assertArrayEquals(data, hsm.decrypt("00B", dek, encrypted));
            var chained = hsm.cbc(true, "00B", dek, new byte[8], data);
            assertArrayEquals(Reference.cbc(Reference.unhex(clear), new byte[8], data, true), chained.data());
            assertEquals(8, chained.nextIv().length);
        }
    }

    @Test
    void aMacGeneratedIsAMacThatVerifiesAndAnErrorIsAnException() throws IOException, HsmException {
        var tak = "U19D25F349FD03CC3556BB05F65283CA1";
        var message = "a payment message".getBytes(ISO_8859_1);
        try (var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            var hsm = new PayShieldClient(connection);
            var mac = hsm.generateMac("003", tak, message);

            assertTrue(mac.matches("[0-9A-F]{8}"), mac);
            assertTrue(hsm.verifyMac("003", tak, message, mac));
            assertFalse(hsm.verifyMac("003", tak, "another message".getBytes(ISO_8859_1), mac));
            var error = assertThrows(HsmException.class, () -> hsm.generateCvv("0123", PAN, "8701", "101"));
            assertEquals("CW", error.command());
        }
    }

    @Test
    void statusRandomBytesAndEmvCryptogramsAreTyped() throws IOException, HsmException {
        var master = Reference.unhex("0123456789ABCDEFFEDCBA9876543210");
        var mkAc = Reference.underLmk("109", 'U', "0123456789ABCDEFFEDCBA9876543210");
        var panPsn = Reference.unhex("2345678901234500");
        var data = Reference.unhex("0000000010000000");
        var cardKey = Reference.cardKey(master, panPsn);
        var arqc = Reference.mac(cardKey, 3, 1, data);
        var card = new PayShieldClient.Cryptogram(panPsn, Reference.unhex("0001"), Reference.unhex("11223344"), data,
                arqc);
        var forged = new PayShieldClient.Cryptogram(panPsn, Reference.unhex("0001"), Reference.unhex("11223344"),
                data, Reference.unhex("0000000000000000"));
        try (var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            var hsm = new PayShieldClient(connection);

            var status = hsm.status();
            assertEquals("0007-E000", status.firmware());
            assertEquals('1', status.ethernetType());
            // The legacy runs fix the random source to CD.
            assertArrayEquals(Reference.unhex("CDCDCDCDCDCDCDCD"), hsm.random(8));
            assertTrue(hsm.verifyArqc(0, mkAc, card));
            assertFalse(hsm.verifyArqc(0, mkAc, forged));
            assertArrayEquals(Reference.arpc(cardKey, arqc, Reference.unhex("3030")),
                    hsm.verifyArqcAndGenerateArpc(0, mkAc, card, "00".getBytes(ISO_8859_1)));
            assertEquals(null, hsm.verifyArqcAndGenerateArpc(0, mkAc, forged, "00".getBytes(ISO_8859_1)));
        }
    }
}
