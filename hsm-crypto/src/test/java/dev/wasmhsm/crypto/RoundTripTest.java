package dev.wasmhsm.crypto;

import static dev.wasmhsm.crypto.Keys.clear;
import static dev.wasmhsm.crypto.Keys.clearHex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {
    private static final String ACCOUNT = "550000025321";

    @ParameterizedTest
    @CsvSource({"Z, 8, 0", "U, 16, 0", "T, 24, 0", "X, 16, 0", "Y, 24, 0", "U, 16, 1", "T, 24, 3", "X, 16, 31"})
    void keyUnderZmkAndBack(String scheme, int length, int atalla) throws CryptoException {
        var zmk = ClearKey.generate(16, RandomSource.secure());
        var key = ClearKey.generate(length, RandomSource.secure());
        var field = KekKeyCipher.encrypt(zmk, KeyScheme.valueOf(scheme), key, atalla);

        assertEquals(clearHex(key), clearHex(KekKeyCipher.decrypt(zmk, KeyField.parse(field.toString()), atalla)));
    }

    @ParameterizedTest
    @CsvSource({"U, 1", "X, 2", "Z, 3"})
    void atallaVariantXorsEightTimesTheVariantIntoEachPartOfTheZmk(String scheme, int atalla)
            throws CryptoException {
        var zmk = clear("0123456789ABCDEFFEDCBA9876543210");
        var variantZmk = Hex.decode("0123456789ABCDEFFEDCBA9876543210");
        variantZmk[0] ^= (byte) (8 * atalla);
        variantZmk[8] ^= (byte) (8 * atalla);
        var key = ClearKey.generate(KeyScheme.valueOf(scheme).keyLength(), RandomSource.secure());

        assertEquals(KekKeyCipher.encrypt(ClearKey.of(variantZmk), KeyScheme.valueOf(scheme), key, 0),
                KekKeyCipher.encrypt(zmk, KeyScheme.valueOf(scheme), key, atalla));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 32})
    void atallaVariantOutOfRangeIsError15(int atalla) throws CryptoException {
        var zmk = clear("0123456789ABCDEFFEDCBA9876543210");
        var e = assertThrows(CryptoException.class, () -> KekKeyCipher.encrypt(zmk, KeyScheme.X, zmk, atalla));

        assertEquals("15", e.errorCode().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "0000", "98765", "123456789012"})
    void pinUnderLmkAndBack(String digits) throws CryptoException {
        var pin = Pin.ofAscii(digits.getBytes(StandardCharsets.US_ASCII));
        var encrypted = PinUnderLmk.encrypt(Keys.TEST_LMK, pin, ACCOUNT);

        assertEquals(digits, new String(PinUnderLmk.decrypt(Keys.TEST_LMK, encrypted, ACCOUNT).ascii(),
                StandardCharsets.US_ASCII));
        assertEquals(Keys.hex(encrypted), Keys.hex(PinUnderLmk.encrypt(Keys.TEST_LMK, pin, ACCOUNT)));
    }

    @Test
    void pinUnderLmkIsBoundToTheAccount() throws CryptoException {
        var pin = Pin.ofAscii("1234".getBytes(StandardCharsets.US_ASCII));
        var other = "999988887777";
        var encrypted = PinUnderLmk.encrypt(Keys.TEST_LMK, pin, ACCOUNT);

        assertNotEquals(Keys.hex(encrypted), Keys.hex(PinUnderLmk.encrypt(Keys.TEST_LMK, pin, other)));
        var e = assertThrows(CryptoException.class, () -> PinUnderLmk.decrypt(Keys.TEST_LMK, encrypted, other));
        assertEquals("14", e.errorCode().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000000000000", "FFFFFFFFFFFFFFFF"})
    void pinUnderLmkThatDecryptsToGarbageIsError14(String hex) {
        var e = assertThrows(CryptoException.class, () -> PinUnderLmk.decrypt(Keys.TEST_LMK, Hex.decode(hex),
                ACCOUNT));

        assertEquals("14", e.errorCode().code());
    }

    @ParameterizedTest
    @CsvSource({"1, 1234", "3, 123456", "5, 1234", "47, 123456789012", "48, 4321", "47, 0000", "5, 99999"})
    void pinBlockEncipherAndDecipher(int format, String digits) throws CryptoException {
        var key = ClearKey.generate(16, RandomSource.secure());
        var pin = Pin.ofAscii(digits.getBytes(StandardCharsets.US_ASCII));
        var blockFormat = PinBlockFormat.of(format);
        var block = PinBlock.encrypt(key, blockFormat, pin, ACCOUNT, RandomSource.secure());

        assertEquals(blockFormat.blockLength(), block.length);
        assertEquals(digits, new String(PinBlock.decrypt(key, blockFormat, block, ACCOUNT).ascii(),
                StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"432198765432109870", "4321987654321", "123"})
    void isoFormat4RoundTripsWithAPan(String pan) throws CryptoException {
        var key = ClearKey.generate(16, RandomSource.secure());
        var pin = Pin.ofAscii("1234".getBytes(StandardCharsets.US_ASCII));
        var block = PinBlock.encrypt(key, PinBlockFormat.ISO_4, pin, pan, RandomSource.secure());

        assertEquals("1234", new String(PinBlock.decrypt(key, PinBlockFormat.ISO_4, block, pan).ascii(),
                StandardCharsets.US_ASCII));
        assertNotEquals(Keys.hex(block), Keys.hex(PinBlock.encrypt(key, PinBlockFormat.ISO_4, pin, pan,
                RandomSource.secure())));
    }

    @ParameterizedTest
    @CsvSource({
        "1, 141234FFFFFFFFFF, 20",
        "1, 0412A4FFFFFFFFFF, 20",
        "1, 041234FFFFFFFFFE, 20",
        "1, 031234FFFFFFFFFF, 24",
        "1, 0D1234FFFFFFFFFF, 24",
        "3, 123FFFFFFFFFFFFF, 24",
        "3, 1234F5FFFFFFFFFF, 20",
        "5, 041234FFFFFFFFFF, 20",
        "47, 3412341234123412, 20",
        "47, 341234A1BCDEFABC, 20",
    })
    void invalidPinBlocks(int format, String clearBlock, String errorCode) throws CryptoException {
        var blockFormat = PinBlockFormat.of(format);
        var e = assertThrows(CryptoException.class,
                () -> PinBlock.decode(blockFormat, Hex.decode(clearBlock), "000000000000"));

        assertEquals(errorCode, e.errorCode().code(), clearBlock);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 4, 34, 49})
    void unknownPinBlockFormatIsError23(int code) {
        var e = assertThrows(CryptoException.class, () -> PinBlockFormat.of(code));

        assertEquals("23", e.errorCode().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "1234567890123"})
    void pinLengthOutOfRangeIsError24(String digits) {
        var e = assertThrows(CryptoException.class, () -> Pin.ofAscii(digits.getBytes(StandardCharsets.US_ASCII)));

        assertEquals("24", e.errorCode().code());
    }
}
