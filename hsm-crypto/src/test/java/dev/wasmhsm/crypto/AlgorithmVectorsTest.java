package dev.wasmhsm.crypto;

import static dev.wasmhsm.crypto.Keys.clear;
import static dev.wasmhsm.crypto.Keys.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Published examples of the algorithms, with no LMK involved (docs/protocol.md, "Conformance vectors"). */
class AlgorithmVectorsTest {
    @ParameterizedTest
    @CsvSource({
        "0123456789ABCDEFFEDCBA9876543210, 4123456789012345, 8701, 101, 561",
        "0123456789ABCDEFFEDCBA9876543210, 4999988887777, 9105, 111, 649",
        "0123456789ABCDEFFEDCBA9876543210, 4111111111111111, 2412, 123, 424",
        "99999999999999998888888888888888, 2222222222222222, 3333, 111, 361",
    })
    void visaCvv(String cvk, String pan, String expiry, String serviceCode, String cvv) throws CryptoException {
        assertEquals(cvv, VisaCvv.cvv(clear(cvk), pan, expiry, serviceCode));
    }

    @Test
    void visaPvv() throws CryptoException {
        var pin = Pin.ofAscii("4524".getBytes(StandardCharsets.US_ASCII));

        assertEquals("8523", VisaPvv.pvv(clear("0123456789ABCDEFFEDCBA9876543210"), "112233445566778".substring(3),
                1, pin));
    }

    @Test
    void ibm3624NaturalPinAndOffset() throws CryptoException {
        var natural = Ibm3624.naturalPin(clear("0123456789ABCDEFFEDCBA9876543210"), "1234567890123456",
                "1122334455667788", 4);
        var pin = Pin.ofAscii("1234".getBytes(StandardCharsets.US_ASCII));

        assertEquals("4524", new String(natural.ascii(), StandardCharsets.US_ASCII));
        assertEquals("7710", Ibm3624.offset(pin, natural));
        assertEquals("1234", new String(Ibm3624.pinOf(natural, "7710").ascii(), StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource({"1234, 041261AAAAEDCBA9", "123456789012, 0C1261032D8226A9"})
    void isoFormat0ClearBlocks(String pin, String block) throws CryptoException {
        var account = "555555555123456".substring(3);
        var encoded = PinBlock.encode(PinBlockFormat.ISO_0, Pin.ofAscii(pin.getBytes(StandardCharsets.US_ASCII)),
                account, RandomSource.secure());

        assertEquals(block, hex(encoded));
        assertEquals(pin, new String(PinBlock.decode(PinBlockFormat.ISO_0, encoded, account).ascii(),
                StandardCharsets.US_ASCII));
    }

    @Test
    void isoFormat4AesFromTheEp2Specification() throws CryptoException {
        var key = clear("C1D0F8FB4958670DBA40AB1F3752EF0D");
        var block = Hex.decode("CC17F65586BFD0953010226C4FC5B3CA");
        var pin = PinBlock.decrypt(key, PinBlockFormat.ISO_4, block, "432198765432109870");

        assertEquals("1234", new String(pin.ascii(), StandardCharsets.US_ASCII));
        assertArrayEquals(block, Iso4PinBlock.encipherField(key, Hex.decode("441234AAAAAAAAAA146C6601F4A8035C"),
                "432198765432109870"));
    }

    @Test
    void retailMacPaddingMethods2And1() throws CryptoException {
        var key = clear("7962D9ECE03D1ACD4C76089DCE131543");
        var data = Hex.decode("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2");

        assertEquals("5F1448EEA8AD90A7", hex(Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_3,
                Iso9797Mac.Padding.METHOD_2, null, data)));
        assertEquals("AAE3F35132ED3465", hex(Iso9797Mac.mac(key, Iso9797Mac.Algorithm.ALGORITHM_3,
                Iso9797Mac.Padding.METHOD_1, null, data)));
    }

    @Test
    void x99MacAlgorithm1SingleDes() throws CryptoException {
        var data = "givemeSOMEMACing".getBytes(StandardCharsets.US_ASCII);

        assertEquals("170C2BDB611C591F", hex(Iso9797Mac.mac(clear("E9CB01B93B20914F"),
                Iso9797Mac.Algorithm.ALGORITHM_1, Iso9797Mac.Padding.METHOD_1, null, data)));
    }

    @Test
    void keyCheckValueEncryptsZeros() throws CryptoException {
        var key = clear("C7152C20BC2C830EA7EC9E8334ABE3FE");

        assertEquals("6F1E3F74F826B7EB", hex(KeyCheckValue.of(key)));
        assertEquals("6F1E3F", Keys.kcv(key, 6));
    }

    @Test
    void testLmkExample() throws CryptoException {
        var field = Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, clear("C7152C20BC2C830EA7EC9E8334ABE3FE"));

        assertEquals("U1EF828AA8F6B80EB83E19FBC373F3A85", field.toString());
    }
}
