package dev.wasmhsm.crypto;

import static dev.wasmhsm.crypto.Keys.clear;
import static dev.wasmhsm.crypto.Keys.clearHex;
import static dev.wasmhsm.crypto.Keys.kcv;
import static dev.wasmhsm.crypto.Keys.underLmk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LmkKeyCipherTest {
    @Test
    void workedExampleZpkUnderLmkSchemeU() throws CryptoException {
        var zpk = clear("C7152C20BC2C830EA7EC9E8334ABE3FE");
        var field = Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, zpk);

        assertEquals("U1EF828AA8F6B80EB83E19FBC373F3A85", field.toString());
        assertEquals("6F1E3F74F826B7EB", kcv(zpk, 16));
        assertEquals("C7152C20BC2C830EA7EC9E8334ABE3FE", clearHex(underLmk("001", field.toString())));
    }

    @Test
    void manualWorkedExampleVariantTwoOfPair28() {
        var pair = LmkSet.testLmk().variantPair(14, 2, 0);

        assertEquals("401A1A1A1A1A1A1A1C1C1C1C1C1C1C1C", clearHex(pair));
    }

    /** The BU rows of vectors.tsv: key type code, key field, expected check value. */
    @ParameterizedTest
    @CsvSource({
        "02, 0406FBB23A5214DF, 0035BBE340A4B763",
        "00, ACE9B8A0BE50C09B, 4BD5E2482582C2C4",
        "00, U93CB819F8FEE4F78BF9C4CDD84750DB1, B70AD25C94548822",
        "01, U1EF828AA8F6B80EB83E19FBC373F3A85, 6F1E3F74F826B7EB",
    })
    void buCheckValues(String buCode, String field, String checkValue) throws CryptoException {
        var key = Keys.TEST_LMK.decrypt(KeyType.parseBuCode(buCode), KeyField.parse(field));

        assertEquals(checkValue, kcv(key, 16));
    }

    @Test
    void firstBuRowIsTheTpkOfTheVectors() throws CryptoException {
        assertEquals("0B681FC20E62C734", clearHex(underLmk("002", "0406FBB23A5214DF")));
    }

    @ParameterizedTest
    @CsvSource({"Z, 8", "U, 16", "T, 24", "X, 16", "Y, 24"})
    void everySchemeRoundTrips(String letter, int length) throws CryptoException {
        var key = ClearKey.generate(length, RandomSource.secure());
        var type = KeyType.parse("402");
        var field = Keys.TEST_LMK.encrypt(type, KeyScheme.of(letter.charAt(0)), key);

        assertEquals(clearHex(key), clearHex(Keys.TEST_LMK.decrypt(type, KeyField.parse(field.toString()))));
    }

    @Test
    void bareDoubleLengthIsLikeX() throws CryptoException {
        var key = clear("0123456789ABCDEFFEDCBA9876543210");
        var x = Keys.TEST_LMK.encrypt(KeyType.parse("402"), KeyScheme.X, key).toString();

        assertEquals(clearHex(key), clearHex(underLmk("402", x.substring(1))));
    }

    @Test
    void parityErrorIsError10() {
        var e = assertThrows(CryptoException.class, () -> underLmk("001", "0406FBB23A5214DF"));

        assertEquals("10", e.errorCode().code());
    }

    @Test
    void oddParityCopyLeavesTheKeyAloneKeepsItsCheckValueAndGoesUnderTheLmk() throws CryptoException {
        var even = clear("0000000000000000FEFEFEFEFEFEFEFE");
        var odd = even.withOddParity();
        var field = Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, odd).toString();

        assertEquals("0000000000000000FEFEFEFEFEFEFEFE", clearHex(even));
        assertEquals("0101010101010101FEFEFEFEFEFEFEFE", clearHex(odd));
        assertEquals(kcv(even, 16), kcv(odd, 16));
        assertEquals(clearHex(odd), clearHex(underLmk("001", field)));
    }

    @Test
    void schemeThatDoesNotFitTheKeyIsError27() throws CryptoException {
        var key = clear("0123456789ABCDEF");
        var e = assertThrows(CryptoException.class,
                () -> Keys.TEST_LMK.encrypt(KeyType.parse("001"), KeyScheme.U, key));

        assertEquals("27", e.errorCode().code());
    }
}
