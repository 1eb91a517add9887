package dev.wasmhsm.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed operations build the payShield layouts and read the replies, over a transport that answers canned. */
class PayShieldClientTest {
    private final List<String> sent = new ArrayList<>();
    private String answer = "";
    private final PayShieldClient client = new PayShieldClient(message -> {
        sent.add(new String(message, ISO_8859_1));

        return answer.getBytes(ISO_8859_1);
    });

    @Test
    void diagnosticsSplitsTheCheckValueAndTheFirmware() throws Exception {
        answer = "ND0026860400000000000007-E000";

        assertEquals(new PayShieldClient.Diagnostics("2686040000000000", "0007-E000"), client.diagnostics());
        assertEquals(List.of("NC"), sent);
    }

    @Test
    void echoSendsTheHexLengthAndGivesTheDataBack() throws Exception {
        answer = "B300PING";

        assertArrayEquals("PING".getBytes(ISO_8859_1), client.echo("PING".getBytes(ISO_8859_1)));
        assertEquals("B20004PING", sent.get(0));
    }

    @Test
    void keysAreSplitByTheirSchemeLetter() throws Exception {
        answer = "A100U37C214786596A294ED92DBA27208C13B18EC38";
        var generated = client.generateKey("001", 'U');
        answer = "A100U37C214786596A294ED92DBA27208C13BX6A4BF2BD845FCBD66A4BF2BD845FCBD618EC38";
        var exported = client.generateKey("001", 'U', "U4C94ED3CBF0597C848000A85A55C2E54", 'X');

        assertEquals(new PayShieldClient.Key("U37C214786596A294ED92DBA27208C13B", null, "18EC38"), generated);
        assertEquals("X6A4BF2BD845FCBD66A4BF2BD845FCBD6", exported.underKek());
        assertEquals("18EC38", exported.checkValue());
        assertEquals(List.of("A00001U", "A01001UU4C94ED3CBF0597C848000A85A55C2E54X"), sent);
    }

    @Test
    void aFailedVerificationIsFalseAndOtherErrorsAreExceptions() throws Exception {
        answer = "CZ00";
        assertTrue(client.verifyCvv("U9B4934384B19946B040CD702B4D58145", "561", "4123456789012345", "8701", "101"));
        assertEquals("CYU9B4934384B19946B040CD702B4D581455614123456789012345;8701101", sent.get(0));
        answer = "CZ01";
        assertFalse(client.verifyCvv("U9B4934384B19946B040CD702B4D58145", "111", "4123456789012345", "8701", "101"));
        answer = "CZ27";
        var error = assertThrows(HsmException.class, () -> client.verifyCvv("0123456789ABCDEF", "111",
                "4123456789012345", "8701", "101"));
        assertEquals("27", error.errorCode());
        assertEquals("CY", error.command());
        assertTrue(error.getMessage().startsWith("CY answered error 27 ("), error.getMessage());
    }

    @Test
    void pinTranslationAndVerificationLayouts() throws Exception {
        answer = "CB000482206CCD872229C203";
        var pin = client.translatePin(true, "0406FBB23A5214DF", "BAB32D775A38E4AB", "DC80B186C30902B0", "03", "03",
                "550000025321");
        answer = "DD00";
        client.verifyPinPvv(true, "0406FBB23A5214DF", "X367930344805B1FAD6146EF4ED7502B3", "AE7A708F877571A9",
                "01", "550000025321", '1', "4402");

        assertEquals(new PayShieldClient.TranslatedPin(4, "82206CCD872229C2", "03"), pin);
        assertEquals("CA0406FBB23A5214DFBAB32D775A38E4AB12DC80B186C30902B00303550000025321", sent.get(0));
        assertEquals("DC0406FBB23A5214DFX367930344805B1FAD6146EF4ED7502B3AE7A708F877571A901550000025321"
                + "14402", sent.get(1));
    }

    @Test
    void macsAreRetailMacsOfTheHexMessage() throws Exception {
        answer = "M7005F1448EE";
        var mac = client.generateMac("003", "U19D25F349FD03CC3556BB05F65283CA1", new byte[] {0x01, (byte) 0xAB});
        answer = "M901";

        assertEquals("5F1448EE", mac);
        assertFalse(client.verifyMac("003", "U19D25F349FD03CC3556BB05F65283CA1", new byte[] {1}, "5F1448EE"));
        assertEquals("M601032003U19D25F349FD03CC3556BB05F65283CA1000401AB", sent.get(0));
        assertEquals("M801032003U19D25F349FD03CC3556BB05F65283CA1000201" + "5F1448EE", sent.get(1));
    }

    @Test
    void dataIsSentAndReadAsHexWithItsLength() throws Exception {
        answer = "M1000010" + "0123456789ABCDEF";
        var encrypted = client.encrypt("00B", "U19D25F349FD03CC3556BB05F65283CA1", new byte[8]);
        answer = "M300" + "1111111111111111" + "0010" + "0000000000000000";
        var chained = client.cbc(false, "00B", "U19D25F349FD03CC3556BB05F65283CA1", new byte[8], new byte[8]);

        assertEquals("0123456789ABCDEF", java.util.HexFormat.of().withUpperCase().formatHex(encrypted));
        assertEquals("M00011" + "00B" + "U19D25F349FD03CC3556BB05F65283CA1" + "0010" + "0".repeat(16), sent.get(0));
        assertEquals("M20111" + "00B" + "U19D25F349FD03CC3556BB05F65283CA1" + "0".repeat(16) + "0010"
                + "0".repeat(16), sent.get(1));
        assertArrayEquals(new byte[8], chained.data());
        assertEquals(8, chained.nextIv().length);
    }

    @Test
    void aReplyToAnotherCommandIsATransportError() {
        answer = "ZZ00";

        assertThrows(IOException.class, client::diagnostics);
    }

    @Test
    void keyCheckValueSendsTheLengthFlagOfTheKey() throws Exception {
        answer = "BV006F1E3F74F826B7EB";

        assertEquals("6F1E3F74F826B7EB", client.keyCheckValue("01", "U1EF828AA8F6B80EB83E19FBC373F3A85"));
        assertEquals("BU011U1EF828AA8F6B80EB83E19FBC373F3A85", sent.get(0));
    }

    @Test
    void statusRandomAndKqHaveTheirLayouts() throws Exception {
        answer = "NP003164" + "0007-E000" + "00000";
        assertEquals(new PayShieldClient.Status('3', '1', 64, "0007-E000"), client.status());
        assertEquals("NO00", sent.get(0));

        answer = "N100" + "\u00CD\u00CD\u00CD";
        assertArrayEquals(new byte[] {(byte) 0xCD, (byte) 0xCD, (byte) 0xCD}, client.random(3));
        assertEquals("N0003", sent.get(1));
        assertThrows(IllegalArgumentException.class, () -> client.random(1000));

        var card = new PayShieldClient.Cryptogram(bytes("PANPSN01"), bytes("AT"), bytes("UNUN"), bytes("DATA"),
                bytes("ARQCARQC"));
        answer = "KR01";
        assertFalse(client.verifyArqc(0, "U" + "A".repeat(32), card));
        assertEquals("KQ00U" + "A".repeat(32) + "PANPSN01ATUNUN04DATA;ARQCARQC", sent.get(2));
        answer = "KR00ARPCARPC";
        assertArrayEquals(bytes("ARPCARPC"), client.verifyArqcAndGenerateArpc(1, "U" + "A".repeat(32), card,
                bytes("00")));
        assertEquals("KQ11U" + "A".repeat(32) + "PANPSN01ATUNUN04DATA;ARQCARQC00", sent.get(3));
        answer = "KR10";
        assertThrows(HsmException.class, () -> client.verifyArqc(0, "U" + "A".repeat(32), card));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(ISO_8859_1);
    }
}
