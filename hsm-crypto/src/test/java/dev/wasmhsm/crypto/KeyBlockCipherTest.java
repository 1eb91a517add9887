package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Key blocks against the public vectors: CMAC from RFC 4493, the TR-31:2018 annex blocks of versions A to D, the
 * Thales version 1 block under the AES test key-block LMK (../shared/payshield/KEYBLOCK.md), and round trips.
 */
class KeyBlockCipherTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final String AES_TEST_LMK = "9B71333A13F9FAE72F9D0E2DAB4AD6784718012F9244033F3F26A2DE0C8AA11A";
    private static final String THALES_BLOCK = "10096P0TE00E0000CF29A901B5B5DA7028693D4BE058A7B366D3CD2F5862D94E97BCD6"
            + "D9F28B414A377052CE7A04D821";
    private static final String TR31_D_KBPK = "88E1AB2A2E3DD38C1FA039A536500CC8A87AB9D62DC92C01058FA79F44657DE6";
    private static final String TR31_D_BLOCK = "D0112P0AE00E0000B82679114F470F540165EDFBF7E250FCEA43F810D215F8D207E2E4"
            + "17C07156A27E8E31DA05F7425509593D03A457DC34";

    @ParameterizedTest
    @CsvSource({
        "'', BB1D6929E95937287FA37D129B756746",
        "6BC1BEE22E409F96E93D7E117393172A, 070A16B46B4D4144F79BDD9DD04A287C",
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411,"
            + " DFA66747DE9AE63030CA32611497C827",
        "6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EF"
            + "F69F2445DF4F9B17AD2B417BE66C3710, 51F0BEBF7E3B9D92FC49741779363CFE"})
    void aesCmacGivesRfc4493sValues(String message, String mac) throws CryptoException {
        var key = key("2B7E151628AED2A6ABF7158809CF4F3C");

        assertEquals(mac, HEX.formatHex(Cmac.aes(key, HEX.parseHex(message))));
    }

    @Test
    void anAesKeysCheckValueIsItsCmacOfAZeroBlock() throws CryptoException {
        assertEquals("08793E", HEX.formatHex(KeyCheckValue.aes(key("3F419E1CB7079442AA37474C2EFBF8B8"))),
                "the TR-31:2018 annex key's check value");
    }

    @Test
    void theAesTestLmksCheckValueIsItsCmacOfNothing() throws CryptoException {
        assertEquals("9D04A0", HEX.formatHex(Cmac.aes(key(AES_TEST_LMK), new byte[0])).substring(0, 6));
    }

    @ParameterizedTest
    @CsvSource({
        "89E88CF7931444F334BD7547FC3F380C, A0072P0TE00E0000F5161ED902807AF26F1D62263644BD24192FDB3193C730301CEE8701,"
            + " F039121BEC83D26B169BDCD5B22AAF8F",
        "DD7515F2BFC17F85CE48F3CA25CB21F6, B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8"
            + "A248E, 3F419E1CB7079442AA37474C2EFBF8B8",
        "B8ED59E0A279A295E9F5ED7944FD06B9, C0096B0TX12S0100KS1800604B120F9292800000BFB9B689CB567E66FC3FEE5AD5F52161FC"
            + "6545B9D60989015D02155C, EDB380DD340BC2620247D445F5B8D678",
        TR31_D_KBPK + ", " + TR31_D_BLOCK + ", 3F419E1CB7079442AA37474C2EFBF8B8"})
    void theTr31AnnexBlocksUnwrap(String kbpk, String block, String key) throws CryptoException {
        var unwrapped = KeyBlockCipher.unwrap(key(kbpk), block.charAt(0) == 'D' ? 'A' : 'T', block, true);

        assertEquals(key, HEX.formatHex(unwrapped.key().bytes()));
    }

    @Test
    void theTr31AnnexVersionDBlockIsWhatWrappingGivesWithItsPadding() throws CryptoException {
        var header = KeyBlockHeader.parse(TR31_D_BLOCK);

        assertEquals(TR31_D_BLOCK, KeyBlockCipher.wrap(key(TR31_D_KBPK), 'A', header,
                key("3F419E1CB7079442AA37474C2EFBF8B8"), HEX.parseHex("1C2965473CE206BB855B01533782")));
        assertEquals(List.of(new KeyBlockHeader.OptionalBlock("KS", "00604B120F9292800000")), KeyBlockHeader.parse(
                "C0096B0TX12S0100KS1800604B120F9292800000BFB9B689CB567E66FC3FEE5AD5F52161FC6545B9D60989015D02155C")
                .optionalBlocks());
    }

    @Test
    void theThalesVersion1BlockUnderTheAesTestLmkHoldsItsKey() throws CryptoException {
        var unwrapped = KeyBlockCipher.unwrap(key(AES_TEST_LMK), 'A', THALES_BLOCK);

        assertEquals("F039121BEC83D26B169BDCD5B22AAF8F", HEX.formatHex(unwrapped.key().bytes()));
        assertEquals('E', unwrapped.header().modeOfUse());
        assertEquals("00", unwrapped.header().reserved());
    }

    @ParameterizedTest
    @CsvSource({"0, 0123456789ABCDEFFEDCBA98765432100123456789ABCDEF, T, 89ABCDEF0123456776543210FEDCBA98",
        "1, " + AES_TEST_LMK + ", A, 000102030405060708090A0B0C0D0E0F1011121314151617",
        "B, DD7515F2BFC17F85CE48F3CA25CB21F6, T, 0123456789ABCDEFFEDCBA9876543210",
        "C, B8ED59E0A279A295E9F5ED7944FD06B9, T, 0123456789ABCDEFFEDCBA9876543210",
        "D, " + TR31_D_KBPK + ", A, 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"})
    void aWrappedKeyUnwrapsWithItsHeaderAndAnyChangedCharacterIsRefused(char version, String protection,
            char algorithm, String clear) throws CryptoException {
        var header = new KeyBlockHeader(version, "72", algorithm, 'E', "00", 'N', version == '1' ? "01" : "00",
                List.of(new KeyBlockHeader.OptionalBlock("KS", "0123456789")));
        char kind = version == '1' || version == 'D' ? 'A' : 'T';
        var block = KeyBlockCipher.wrap(key(protection), kind, header, key(clear), RandomSource.secure());

        var unwrapped = KeyBlockCipher.unwrap(key(protection), kind, block);
        assertEquals(clear, HEX.formatHex(unwrapped.key().bytes()));
        assertEquals(header, unwrapped.header());
        for (int at : new int[] {7, 8, 11, 15, 20, block.length() - 20, block.length() - 1}) {
            char now = block.charAt(at);
            char instead = at < header.length() ? now == 'E' ? 'S' : 'E' : now == '0' ? '1' : '0';
            var changed = block.substring(0, at) + instead + block.substring(at + 1);
            var error = assertThrows(CryptoException.class, () -> KeyBlockCipher.unwrap(key(protection), kind,
                    changed));
            assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION, error.errorCode(), "a change at " + at + " of " + block);
        }
        var other = HEX.parseHex(protection);
        other[0] ^= 0x02;
        var error = assertThrows(CryptoException.class, () -> KeyBlockCipher.unwrap(ClearKey.of(other), kind,
                block));
        assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION, error.errorCode(), "another protection key");
    }

    @Test
    void aMalformedBlockIsRefusedWithTheCodeOfItsFirstWrongField() throws CryptoException {
        var lmk = key(AES_TEST_LMK);
        var good = "10096P0TE00E0000CF29A901B5B5DA7028693D4BE058A7B366D3CD2F5862D94E97BCD6D9F28B414A377052CE7A04D821";
        assertEquals(ErrorCode.INVALID_KEY_BLOCK_VERSION, refusal(lmk, "9" + good.substring(1)));
        assertEquals(ErrorCode.KEY_BLOCK_ERROR, refusal(lmk, "10097" + good.substring(5)));
        assertEquals(ErrorCode.INVALID_KEY_USAGE, refusal(lmk, good.substring(0, 5) + "p0" + good.substring(7)));
        assertEquals(ErrorCode.INVALID_ALGORITHM, refusal(lmk, good.substring(0, 7) + "Q" + good.substring(8)));
        assertEquals(ErrorCode.INVALID_MODE_OF_USE, refusal(lmk, good.substring(0, 8) + "Q" + good.substring(9)));
        assertEquals(ErrorCode.INVALID_EXPORTABILITY, refusal(lmk, good.substring(0, 11) + "Q" + good.substring(12)));
        assertEquals(ErrorCode.INVALID_OPTIONAL_BLOCK_COUNT, refusal(lmk, good.substring(0, 12) + "X1"
                + good.substring(14)));
        assertEquals(ErrorCode.OPTIONAL_BLOCK_ERROR, refusal(lmk, good.substring(0, 12) + "0100KSZZ"
                + good.substring(20)));
        assertEquals(ErrorCode.KEY_BLOCK_ERROR, refusal(lmk, good.substring(0, 20) + "x" + good.substring(21)));
        assertEquals(ErrorCode.KEY_BLOCK_ERROR, refusal(lmk, "10032P0TE00E0000CF29A901B5B5DA70"));
        assertEquals(ErrorCode.INVALID_WRAPPING_KEY, refusal(key("0123456789ABCDEF"), good));
        assertEquals(ErrorCode.KEY_BLOCK_KEY_LENGTH, assertThrows(CryptoException.class, () -> KeyBlockCipher.wrap(
                lmk, 'A', new KeyBlockHeader('1', "P0", 'T', 'E', "00", 'E', "00", List.of()),
                key("0123456789ABCDEF"), RandomSource.secure())).errorCode());
    }

    @Test
    void aProtectionKeyOpensOnlyTheVersionsOfItsOwnAlgorithmAndVersionANever() throws CryptoException {
        var aes = key(TR31_D_KBPK.substring(0, 32));
        var tripleDes = key("89E88CF7931444F334BD7547FC3F380C");
        var header = new KeyBlockHeader('D', "P0", 'A', 'E', "00", 'E', "00", List.of());
        var block = KeyBlockCipher.wrap(aes, 'A', header, key("000102030405060708090A0B0C0D0E0F"),
                RandomSource.secure());

        assertEquals(ErrorCode.INVALID_KEY_BLOCK_VERSION, assertThrows(CryptoException.class,
                () -> KeyBlockCipher.unwrap(aes, 'T', block)).errorCode(), "the same bytes taken as a 3DES key");
        for (char version : new char[] {'A', 'B', 'C'}) {
            var weaker = new KeyBlockHeader(version, "P0", 'T', 'E', "00", 'E', "00", List.of());
            assertEquals(ErrorCode.INVALID_KEY_BLOCK_VERSION, assertThrows(CryptoException.class,
                    () -> KeyBlockCipher.wrap(aes, 'A', weaker, tripleDes, RandomSource.secure())).errorCode());
        }
        assertEquals(ErrorCode.INVALID_KEY_BLOCK_VERSION, assertThrows(CryptoException.class,
                () -> KeyBlockCipher.unwrap(tripleDes, 'T', "A0072P0TE00E0000F5161ED902807AF26F1D62263644BD24192FDB"
                        + "3193C730301CEE8701")).errorCode(), "version A, deprecated");
    }

    @Test
    void aWeakOrWeakerProtectionKeyIsRefused() throws CryptoException {
        var repeating = key("0123456789ABCDEF0123456789ABCDEF");
        var header = new KeyBlockHeader('B', "P0", 'T', 'E', "00", 'E', "00", List.of());
        assertEquals(ErrorCode.INVALID_WRAPPING_KEY, assertThrows(CryptoException.class, () -> KeyBlockCipher.wrap(
                repeating, 'T', header, key("89E88CF7931444F334BD7547FC3F380C"), RandomSource.secure())).errorCode());

        var aesKey = new KeyBlockHeader('B', "D0", 'A', 'E', "00", 'E', "00", List.of());
        assertEquals(ErrorCode.KEY_BLOCK_KEY_LENGTH, assertThrows(CryptoException.class, () -> KeyBlockCipher.wrap(
                key("89E88CF7931444F334BD7547FC3F380C"), 'T', aesKey, key(TR31_D_KBPK), RandomSource.secure()))
                .errorCode(), "an AES-256 key under a 2-key 3DES key");
    }

    @Test
    void headersAreAsciiWhateverTheDefaultLocaleAndOptionalBlocksAreChecked() throws CryptoException {
        var saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            var header = new KeyBlockHeader('1', "72", 'T', 'E', "00", 'N', "00",
                    List.of(new KeyBlockHeader.OptionalBlock("KS", "0123456789")));
            var block = KeyBlockCipher.wrap(key(AES_TEST_LMK), 'A', header, key("0123456789ABCDEFFEDCBA9876543210"),
                    RandomSource.secure());

            assertTrue(block.chars().allMatch(c -> c < 0x80), block);
            assertEquals("0123456789ABCDEFFEDCBA9876543210", HEX.formatHex(KeyBlockCipher.unwrap(key(AES_TEST_LMK),
                    'A', block).key().bytes()));
            assertEquals("F039121BEC83D26B169BDCD5B22AAF8F", HEX.formatHex(KeyBlockCipher.unwrap(key(AES_TEST_LMK),
                    'A', THALES_BLOCK).key().bytes()));
        } finally {
            Locale.setDefault(saved);
        }
        assertEquals(ErrorCode.KEY_BLOCK_ERROR, refusal(key(AES_TEST_LMK), "1\u0660096" + THALES_BLOCK.substring(5)),
                "another script's digits");
        assertThrows(IllegalArgumentException.class, () -> new KeyBlockHeader('1', "72", 'T', 'E', "00", 'N', "00",
                List.of(new KeyBlockHeader.OptionalBlock("k", "1"))));
        assertThrows(IllegalArgumentException.class, () -> new KeyBlockHeader('1', "72", 'T', 'E', "00", 'N', "00",
                List.of(new KeyBlockHeader.OptionalBlock("KS", "x".repeat(252)))));
    }

    private static ErrorCode refusal(ClearKey protection, String block) {
        return assertThrows(CryptoException.class, () -> KeyBlockCipher.unwrap(protection, 'A', block)).errorCode();
    }

    private static ClearKey key(String hex) throws CryptoException {
        return ClearKey.of(HEX.parseHex(hex));
    }
}
