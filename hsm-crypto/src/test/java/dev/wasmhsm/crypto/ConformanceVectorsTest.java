package dev.wasmhsm.crypto;

import static dev.wasmhsm.crypto.Keys.clearHex;
import static dev.wasmhsm.crypto.Keys.hex;
import static dev.wasmhsm.crypto.Keys.kcv;
import static dev.wasmhsm.crypto.Keys.underLmk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cryptography behind every keyed row of the conformance vectors (src-test/src/test/resources/payshield/
 * vectors.tsv; BU: LmkKeyCipherTest).
 */
class ConformanceVectorsTest {
    private static final String ACCOUNT = "550000025321";

    @Test
    void a0GeneratesUnderTheLmkWithTheRandomSourceFixedToCd() throws CryptoException {
        var key = ClearKey.generate(16, RandomSource.fixedForConformanceTests((byte) 0xCD));

        assertEquals("CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD", clearHex(key));
        assertEquals("U37C214786596A294ED92DBA27208C13B",
                Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, key).toString());
        assertEquals("18EC38", kcv(key, 6));
    }

    @Test
    void a0ModeOneExportsUnderTheZmkAsX() throws CryptoException {
        var key = ClearKey.generate(16, RandomSource.fixedForConformanceTests((byte) 0xCD));
        var zmk = underLmk("000", "U4C94ED3CBF0597C848000A85A55C2E54");

        assertEquals("X6A4BF2BD845FCBD66A4BF2BD845FCBD6", KekKeyCipher.encrypt(zmk, KeyScheme.X, key, 0).toString());
    }

    @Test
    void a6ImportsADoubleLengthZpk() throws CryptoException {
        var zmk = underLmk("000", "U71979DEB8587E2734F1E99D5DCAEF9AC");
        var zpk = KekKeyCipher.decrypt(zmk, KeyField.parse("XC8E3118AFA853807EB7E92294663A5BA"), 0);

        assertEquals("U1EF828AA8F6B80EB83E19FBC373F3A85",
                Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, zpk).toString());
        assertEquals("6F1E3F", kcv(zpk, 6));
    }

    @Test
    void a6AndFaImportASingleLengthZpk() throws CryptoException {
        var zmk = underLmk("000", "U1457FF6ADF6250C66C368416B4C9D383");
        var zpk = KekKeyCipher.decrypt(zmk, KeyField.parse("2B930A07119F93A8"), 0);

        assertEquals("BAB32D775A38E4AB", Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.Z, zpk).toString());
        assertEquals("73936E", kcv(zpk, 6));
        assertEquals("73936E441E46819D", kcv(zpk, 16));
    }

    @ParameterizedTest
    @CsvSource({
        "U9B4934384B19946B040CD702B4D58145, 4123456789012345, 8701, 101, 561",
        "0A61E674E88C6A7EEABC38C2B2BB492F, 4123456789012345, 8701, 101, 561",
        "0A61E674E88C6A7EEABC38C2B2BB492F, 4999988887777, 9105, 111, 649",
    })
    void cwGeneratesTheCvv(String cvk, String pan, String expiry, String serviceCode, String cvv)
            throws CryptoException {
        assertEquals(cvv, VisaCvv.cvv(underLmk("402", cvk), pan, expiry, serviceCode));
    }

    @Test
    void cyVerifiesAndFails() throws CryptoException {
        var cvv = VisaCvv.cvv(underLmk("402", "U9B4934384B19946B040CD702B4D58145"), "4123456789012345", "8701", "101");

        assertEquals("561", cvv);
        assertNotEquals("111", cvv);
    }

    @ParameterizedTest
    @CsvSource({"3, DC80B186C30902B0, 3, F7808F2CBEC63168", "3, DC80B186C30902B0, 1, E98FFDA17099AF55"})
    void caTranslatesTpkToZpk(int from, String block, int to, String expected) throws CryptoException {
        var tpk = underLmk("002", "0406FBB23A5214DF");
        var zpk = underLmk("001", "BAB32D775A38E4AB");
        var pin = PinBlock.decrypt(tpk, PinBlockFormat.of(from), Hex.decode(block), ACCOUNT);

        assertEquals(4, pin.length());
        assertEquals(expected, hex(PinBlock.encrypt(zpk, PinBlockFormat.of(to), pin, ACCOUNT,
                RandomSource.secure())));
    }

    @Test
    void ccTranslatesZpkToZpk() throws CryptoException {
        var source = underLmk("001", "BAB32D775A38E4AB");
        var destination = underLmk("001", "U1EF828AA8F6B80EB83E19FBC373F3A85");
        var pin = PinBlock.decrypt(source, PinBlockFormat.IBM_3624, Hex.decode("F7808F2CBEC63168"), ACCOUNT);

        assertEquals("82206CCD872229C2", hex(PinBlock.encrypt(destination, PinBlockFormat.IBM_3624, pin, ACCOUNT,
                RandomSource.secure())));
    }

    @Test
    void dcVerifiesThePvv() throws CryptoException {
        var tpk = underLmk("002", "0406FBB23A5214DF");
        var pvk = underLmk("002", "X367930344805B1FAD6146EF4ED7502B3");
        var pin = PinBlock.decrypt(tpk, PinBlockFormat.ISO_0, Hex.decode("AE7A708F877571A9"), ACCOUNT);
        var pvv = VisaPvv.pvv(pvk, ACCOUNT, 1, pin);

        assertEquals("4402", pvv);
        assertNotEquals("4401", pvv);
    }

    @Test
    void m6RetailMacUnderTheTak() throws CryptoException {
        var tak = underLmk("003", "U19D25F349FD03CC3556BB05F65283CA1");
        var data = Hex.decode("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2");
        var mac = Iso9797Mac.mac(tak, Iso9797Mac.Algorithm.ALGORITHM_3, Iso9797Mac.Padding.METHOD_2, null, data);

        assertEquals("5F1448EE", hex(mac).substring(0, 8));
    }
}
