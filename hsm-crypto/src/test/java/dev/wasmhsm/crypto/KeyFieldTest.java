package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyFieldTest {
    @ParameterizedTest
    @CsvSource({
        "0123456789abcdef, Z, 0123456789ABCDEF",
        "0123456789ABCDEF0123456789ABCDEF, X, X0123456789ABCDEF0123456789ABCDEF",
        "U0123456789ABCDEF0123456789ABCDEF, U, U0123456789ABCDEF0123456789ABCDEF",
        "T0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF, T, T0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        "Y0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF, Y, Y0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
    })
    void parsesAndFormats(String text, String scheme, String formatted) throws CryptoException {
        var field = KeyField.parse(text);

        assertEquals(KeyScheme.valueOf(scheme), field.scheme());
        assertEquals(formatted, field.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "Q0123456789ABCDEF0123456789ABCDEF, 26",
        "U0123456789ABCDEF, 27",
        "T0123456789ABCDEF0123456789ABCDEF, 27",
        "0123456789ABCDE, 15",
        "0123456789ABCDEG, 15",
        "U0123456789ABCDEF0123456789ABCDE, 15",
    })
    void refusesMalformedFields(String text, String errorCode) {
        var e = assertThrows(CryptoException.class, () -> KeyField.parse(text));

        assertEquals(errorCode, e.errorCode().code());
    }

    @ParameterizedTest
    @CsvSource({"001, 0, 1, 3", "402, 4, 2, 7", "009, 0, 9, 14", "00E, 0, 14, 19", "000, 0, 0, 2"})
    void keyTypeCodesPickTheirPair(String code, int variant, int pairCode, int pairIndex) throws CryptoException {
        var type = KeyType.parse(code);

        assertEquals(new KeyType(variant, pairCode), type);
        assertEquals(pairIndex, type.lmkPairIndex());
        assertEquals(code, type.code());
    }

    @ParameterizedTest
    @CsvSource({"0F1", "A01", "011", "00", "00F"})
    void invalidKeyTypeIsError04(String code) {
        var e = assertThrows(CryptoException.class, () -> KeyType.parse(code));

        assertEquals("04", e.errorCode().code());
    }
}
