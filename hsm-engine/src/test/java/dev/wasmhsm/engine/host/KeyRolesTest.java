package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The roles of the key table: what each handle may be used for, and the error 29 for the rest. */
class KeyRolesTest {
    private static final int NOT_PERMITTED = -29;
    private static final String ZPK_U = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String ZMK_U = "U71979DEB8587E2734F1E99D5DCAEF9AC";
    private static final String TAK_U = "U19D25F349FD03CC3556BB05F65283CA1";
    private static final String CVK_U = "U9B4934384B19946B040CD702B4D58145";
    private static final String PAN_PSN = "4761739001010010";

    @Test
    void clearZpkCannotBeExtractedThroughAGeneratedKek() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int generated = guest.call("key_generate", 16);
            int out = guest.buffer(33);

            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zpk, generated, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("crypt", generated, 0, 0, 0, out, 16, out));
        }
    }

    @Test
    void generatedKeyTypedAsZmkIsAKekButNeverADataKey() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int generated = guest.call("key_generate", 16);
            int out = guest.buffer(33);

            assertEquals(-17, guest.call("key_to_lmk", generated, guest.put("000"), 'U', out, 33));
            guest.authorise("generate.zmk");
            assertEquals(33, guest.call("key_to_lmk", generated, guest.put("000"), 'U', out, 33));
            assertEquals(33, guest.call("key_to_kek", zpk, generated, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("crypt", generated, 0, 0, 0, guest.buffer(16), 16,
                    guest.buffer(16)));
            assertEquals(NOT_PERMITTED, guest.call("mac", generated, 1, 0, 0, guest.buffer(8), 8, guest.buffer(8)));
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", generated, guest.put("00A"), 'U', out, 33));
        }
    }

    @Test
    void exportingATypedKeyAndImportingItBackKeepsItsType() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(ZMK_U), ZMK_U.length());
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int out = guest.buffer(33);

            assertEquals(33, guest.call("key_to_kek", zpk, zmk, 'X', 0, out, 33));
            int again = guest.call("key_from_kek", zmk, out, 33, 0);
            int half = guest.call("key_from_kek", zmk, out + 1, 16, 0);

            assertTrue(again > 0 && half > 0);
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", again, guest.put("00A"), 'U', guest.buffer(33), 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", half, guest.put("00A"), 'Z', guest.buffer(16), 16));
            assertEquals(33, guest.call("key_to_lmk", again, guest.put("001"), 'U', out, 33));
            assertEquals(ZPK_U, guest.text(out, 33));
        }
    }

    @Test
    void typedKeyCannotBeRetypedButMayBeWrittenUnderItsOwnType() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int out = guest.buffer(33);

            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", zpk, guest.put("00A"), 'U', out, 33));
            assertEquals(33, guest.call("key_to_lmk", zpk, guest.put("001"), 'U', out, 33));
            int generated = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", generated, guest.put("00A"), 'U', out, 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", generated, guest.put("001"), 'U', out, 33));
            assertEquals(33, guest.call("key_to_lmk", generated, guest.put("00A"), 'U', out, 33));
        }
    }

    @Test
    void keyTypeIsSetOnlyOnceTheFieldIsWritten() {
        try (var guest = new Guest()) {
            int generated = guest.call("key_generate", 16);
            int out = guest.buffer(33);

            assertEquals(-15, guest.call("key_to_lmk", generated, guest.put("001"), 'U', out, 32));
            assertEquals(33, guest.call("key_to_lmk", generated, guest.put("00A"), 'U', out, 33));
        }
    }

    @Test
    void cryptRefusesAZpkAndAnUntypedKey() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int data = guest.buffer(16);

            assertEquals(NOT_PERMITTED, guest.call("crypt", zpk, 0, 0, 0, data, 16, data));
            assertEquals(NOT_PERMITTED, guest.call("crypt", zpk, 1, 1, guest.buffer(8), data, 16, data));
            assertEquals(NOT_PERMITTED, guest.call("crypt", guest.call("key_generate", 16), 1, 0, 0, data, 16, data));
            assertEquals(-15, guest.call("crypt", 99, 1, 0, 0, data, 16, data));
        }
    }

    @ParameterizedTest
    @CsvSource({"00A, 16", "00B, 16", "001, -29", "000, -29", "003, -29", "402, -29"})
    void cryptNeedsAZekOrDek(String type, int result) {
        try (var guest = new Guest()) {
            guest.authorise("generate.zmk");
            int key = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", key, guest.put(type), 'U', guest.buffer(33), 33));
            int data = guest.buffer(16);

            assertEquals(result, guest.call("crypt", key, 1, 0, 0, data, 16, data));
        }
    }

    @ParameterizedTest
    @CsvSource({"003, 8", "008, 8", "00A, -29", "001, -29", "002, -29"})
    void macNeedsATakOrZak(String type, int result) {
        try (var guest = new Guest()) {
            int key = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", key, guest.put(type), 'U', guest.buffer(33), 33));

            assertEquals(result, guest.call("mac", key, 3, 1, 0, guest.buffer(8), 8, guest.buffer(8)));
        }
    }

    @Test
    void leftHalfOfATakLoadedUnderTheSameTypeMacsAsM6DidInTheLegacyProfile() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int tak = guest.call("key_from_lmk", guest.put("003"), guest.put(TAK_U), TAK_U.length());
            int field = guest.buffer(33);

            assertEquals(33, guest.call("key_to_lmk", tak, guest.put("003"), 'X', field, 33));
            int left = guest.call("key_from_lmk", guest.put("003"), field + 1, 16);

            assertEquals(8, guest.call("mac", left, 1, 0, 0, guest.buffer(8), 8, guest.buffer(8)));
        }
    }

    @Test
    void chainingValueOfAlgorithm3IsCbcUnderTheLeftPartWithoutLoadingIt() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int tak = guest.call("key_from_lmk", guest.put("003"), guest.put(TAK_U), TAK_U.length());
            int field = guest.buffer(33);
            guest.call("key_to_lmk", tak, guest.put("003"), 'X', field, 33);
            int left = guest.call("key_from_lmk", guest.put("003"), field + 1, 16);
            int data = guest.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
            int expected = guest.buffer(8);
            int chained = guest.buffer(8);

            assertEquals(8, guest.call("mac", left, 1, 0, 0, data, 16, expected));
            assertEquals(8, guest.call("mac", tak, 13, 0, 0, data, 16, chained));
            assertEquals(guest.text(expected, 8), guest.text(chained, 8));
        }
        try (var guest = new Guest()) {
            int tak = guest.call("key_from_lmk", guest.put("003"), guest.put(TAK_U), TAK_U.length());

            assertEquals(8, guest.call("mac", tak, 13, 0, 0, guest.buffer(16), 16, guest.buffer(8)));
            assertEquals(-26, guest.call("key_to_lmk", tak, guest.put("003"), 'X', guest.buffer(33), 33));
        }
    }

    @Test
    void kekMustBeATypedZmkOrTmk() {
        try (var guest = new Guest()) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(ZMK_U), ZMK_U.length());
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int untyped = guest.call("key_generate", 16);
            var keyField = "XC8E3118AFA853807EB7E92294663A5BA";
            int field = guest.put(keyField);
            int out = guest.buffer(33);

            assertEquals(NOT_PERMITTED, guest.call("key_from_kek", untyped, field, keyField.length(), 0));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zmk, untyped, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("key_from_kek", zpk, field, keyField.length(), 0));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zmk, zpk, 'X', 0, out, 33));
            int imported = guest.call("key_from_kek", zmk, field, keyField.length(), 0);
            assertEquals(NOT_PERMITTED, guest.call("key_from_kek", imported, field, keyField.length(), 0));
            assertEquals(-15, guest.call("key_to_kek", zmk, 99, 'X', 0, out, 33));
            assertEquals(-10, guest.call("key_from_kek", 99, field, keyField.length(), 0));
            int tmk = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", tmk, guest.put("80D"), 'U', guest.buffer(33), 33));
            assertEquals(-17, guest.call("key_to_kek", zpk, tmk, 'X', 0, out, 33));
            guest.authorise("export");
            assertEquals(33, guest.call("key_to_kek", zpk, tmk, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("mac", tmk, 1, 0, 0, guest.buffer(8), 8, guest.buffer(8)));
            int pvk = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", pvk, guest.put("002"), 'U', guest.buffer(33), 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zpk, pvk, 'X', 0, out, 33));
        }
    }

    @Test
    void pinAndCardFunctionsCheckTheirKeyTypes() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(ZPK_U), ZPK_U.length());
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(CVK_U), CVK_U.length());
            int account = guest.put("550000025321");
            int block = guest.put("F7808F2CBEC63168");
            int out = guest.buffer(16);

            assertEquals(NOT_PERMITTED, guest.call("cvv", zpk, guest.put("4123456789012345"), 16, guest.put("8701"),
                    guest.put("101"), out));
            assertEquals(NOT_PERMITTED, guest.call("pin_translate", cvk, block, 3, account, zpk, 3, out));
            assertEquals(NOT_PERMITTED, guest.call("pin_translate", zpk, block, 3, account, cvk, 3, out));
            assertEquals(NOT_PERMITTED, guest.call("pin_to_lmk", cvk, block, 3, account, out, 16));
            assertEquals(NOT_PERMITTED, guest.call("pvv_from_block", zpk, zpk, block, 3, account, 1, out));
            assertEquals(NOT_PERMITTED, guest.call("pvv_from_lmk", cvk, out, 16, account, 1, out));
            assertEquals(NOT_PERMITTED, guest.call("emv_card_key", zpk, guest.put(HexFormat.of().parseHex(PAN_PSN))));
            assertEquals(NOT_PERMITTED, guest.call("emv_session_key", zpk, guest.put(new byte[2])));
            assertEquals(NOT_PERMITTED, guest.call("emv_arpc", zpk, guest.put(new byte[8]), guest.put(new byte[2]),
                    out));
        }
    }

    @ParameterizedTest
    @CsvSource({"109, true", "209, false", "509, false", "709, false", "609, false", "009, false", "001, false"})
    void emvMasterKeyIsAnMkAc(String type, boolean permitted) throws CryptoException {
        var clear = ClearKey.of(Hex.decode("0123456789ABCDEFFEDCBA9876543210"));
        var field = new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse(type), KeyScheme.U, clear).toString();
        try (var guest = new Guest()) {
            int mk = guest.call("key_from_lmk", guest.put(type), guest.put(field), field.length());
            int card = guest.call("emv_card_key", mk, guest.put(HexFormat.of().parseHex(PAN_PSN)));

            assertTrue(permitted ? card > 0 : card == NOT_PERMITTED, "emv_card_key answered " + card);
        }
    }

    @Test
    void emvKeysVerifyArqcsAndAnswerArpcsOnly() throws CryptoException {
        var clear = ClearKey.of(Hex.decode("0123456789ABCDEFFEDCBA9876543210"));
        var field = new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse("109"), KeyScheme.U, clear).toString();
        try (var guest = new Guest()) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(ZMK_U), ZMK_U.length());
            int mk = guest.call("key_from_lmk", guest.put("109"), guest.put(field), field.length());
            int card = guest.call("emv_card_key", mk, guest.put(HexFormat.of().parseHex(PAN_PSN)));
            int session = guest.call("emv_session_key", card, guest.put(new byte[] {0, 1}));
            int data = guest.buffer(16);
            int out = guest.buffer(33);

            assertEquals(0, guest.call("emv_arqc_verify", session, data, 16, guest.put(new byte[8])));
            assertEquals(0, guest.call("emv_arqc_verify", card, data, 16, guest.put(new byte[8])));
            assertEquals(NOT_PERMITTED, guest.call("mac", session, 3, 1, 0, data, 16, out));
            assertEquals(NOT_PERMITTED, guest.call("emv_arqc_verify", mk, data, 16, guest.put(new byte[8])));
            assertEquals(8, guest.call("emv_arpc", session, guest.put(new byte[8]), guest.put(new byte[2]), out));
            assertEquals(NOT_PERMITTED, guest.call("emv_arpc", mk, guest.put(new byte[8]), guest.put(new byte[2]),
                    out));
            assertEquals(NOT_PERMITTED, guest.call("emv_session_key", session, guest.put(new byte[2])));
            assertEquals(NOT_PERMITTED, guest.call("crypt", session, 1, 0, 0, data, 16, data));
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", session, guest.put("00A"), 'U', out, 33));
            assertEquals(NOT_PERMITTED, guest.call("mac", mk, 3, 1, 0, data, 16, out));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", session, zmk, 'X', 0, out, 33));
            int arc = guest.put(new byte[2]);
            assertEquals(NOT_PERMITTED, guest.call("emv_arpc", card, guest.put(HexFormat.of().parseHex(
                    "0001F00000000000")), arc, out), "review finding F2: the left half of the session key");
            assertEquals(NOT_PERMITTED, guest.call("emv_arpc", card, guest.put(HexFormat.of().parseHex(
                    "00010F0000000000")), arc, out), "the right half");
            assertEquals(8, guest.call("emv_arpc", session, guest.put(HexFormat.of().parseHex("00010F0000000000")),
                    arc, out), "under a session key the pattern derives nothing");
        }
    }
}
