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
import dev.wasmhsm.crypto.Pin;
import dev.wasmhsm.crypto.PinBlock;
import dev.wasmhsm.crypto.PinBlockFormat;
import dev.wasmhsm.crypto.RandomSource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The key policy under the default (PCI) profile, host call by host call, as a hostile plugin would try it: each
 * attack of the key-usage issue is refused by the host, whatever the plugin checks itself.
 */
class KeyPolicyPciTest {
    private static final int NOT_PERMITTED = -29;
    private static final String ZPK_CLEAR = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String ZMK_CLEAR = "7031BC29A42689EAAD5E4991258F0751";
    private static final String OTHER_CLEAR = "0B681FC20E62C7341C587F1C13924FEF";

    @Test
    void theNineCallLaunderingChainIsRefusedAtTheExportOfAnUntypedKey() {
        try (var guest = new Guest()) {
            guest.authorise("generate.zmk");
            int k1 = guest.call("key_generate", 16);
            int k2 = guest.call("key_generate", 16);
            int out = guest.buffer(33);

            assertEquals(33, guest.call("key_to_lmk", k1, guest.put("000"), 'U', guest.buffer(33), 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", k2, k1, 'X', 0, out, 33));
        }
    }

    @Test
    void aValueHasOneTypeInACallWhateverItsOrigin() {
        try (var guest = new Guest()) {
            guest.authorise("generate.zmk", "export", "import");
            int zmk = guest.call("key_generate", 16);
            guest.call("key_to_lmk", zmk, guest.put("000"), 'U', guest.buffer(33), 33);
            int key = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", key, guest.put("001"), 'U', guest.buffer(33), 33));
            int out = guest.buffer(33);
            assertEquals(33, guest.call("key_to_kek", key, zmk, 'X', 0, out, 33));

            int copy = guest.call("key_from_kek", zmk, out, 33, 0);
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", copy, guest.put("00B"), 'U', guest.buffer(33), 33),
                    "the imported copy is the ZPK it was exported as");
            assertEquals(NOT_PERMITTED, guest.call("crypt", copy, 0, 0, 0, guest.buffer(16), 16, guest.buffer(16)));
            var underLmk = field("00B", ZPK_CLEAR);
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(field("001", ZPK_CLEAR)), 33);
            assertTrue(zpk > 0);
            assertEquals(NOT_PERMITTED, guest.call("key_from_lmk", guest.put("00B"), guest.put(underLmk), 33),
                    "the same clear value under a second type in one call");
        }
    }

    @Test
    void typingOneCopyTypesEveryCopy() {
        try (var guest = new Guest()) {
            guest.authorise("generate.zmk", "export", "import");
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(field("000", ZMK_CLEAR)), 33);
            int original = guest.call("key_generate", 16);
            int ignored = guest.call("key_to_lmk", original, guest.put("001"), 'U', guest.buffer(33), 33);
            int out = guest.buffer(33);
            guest.call("key_to_kek", original, zmk, 'X', 0, out, 33);
            int copy = guest.call("key_from_kek", zmk, out, 33, 0);

            assertEquals(33, ignored);
            assertEquals(33, guest.call("key_to_lmk", copy, guest.put("001"), 'U', guest.buffer(33), 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_lmk", original, guest.put("00B"), 'U', guest.buffer(33),
                    33));
        }
    }

    @Test
    void singleLengthKeysAreRefusedFromEverySource() {
        try (var guest = new Guest()) {
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(field("000", ZMK_CLEAR)), 33);

            assertEquals(-27, guest.call("key_generate", 8));
            assertEquals(-27, guest.call("key_from_lmk", guest.put("001"), guest.put("0406FBB23A5214DF"), 16));
            assertEquals(-27, guest.call("key_from_kek", zmk, guest.put("0406FBB23A5214DF"), 16, 0));
            var x = field("001", 'X', ZPK_CLEAR);
            assertEquals(-27, guest.call("key_from_lmk", guest.put("001"), guest.put(x.substring(1, 17)), 16),
                    "the left half of an X key");
        }
    }

    @Test
    void keysWhosePartsRepeatAreRefusedWith75() {
        var half = field("001", 'X', ZPK_CLEAR).substring(1, 17);
        try (var guest = new Guest()) {
            assertEquals(-75, guest.call("key_from_lmk", guest.put("001"), guest.put("X" + half + half), 33));
        }
    }

    @Test
    void checkValuesAreRestrictedAndKeysWrittenUnderTheLmkAsUOrT() {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(field("001", ZPK_CLEAR)), 33);
            int kcv = guest.buffer(16);

            assertEquals(16, guest.call("key_check_value", zpk, kcv, 16));
            assertEquals("6F1E3F0000000000", guest.text(kcv, 16));
            assertEquals(6, guest.call("key_check_value", zpk, kcv, 6));
            assertEquals(-26, guest.call("key_to_lmk", zpk, guest.put("001"), 'X', guest.buffer(33), 33));
            assertEquals(33, guest.call("key_to_lmk", zpk, guest.put("001"), 'U', guest.buffer(33), 33));
        }
    }

    @Test
    void keyType002IsAPvkOnlyNeverAKekOrAPinKey() {
        try (var guest = new Guest()) {
            int pvk = guest.call("key_from_lmk", guest.put("002"), guest.put(field("002", OTHER_CLEAR)), 33);
            int tpk = guest.call("key_from_lmk", guest.put("70D"), guest.put(field("70D", ZMK_CLEAR)), 33);
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(field("001", ZPK_CLEAR)), 33);
            int out = guest.buffer(33);

            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zpk, pvk, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("key_to_kek", zpk, tpk, 'X', 0, out, 33));
            assertEquals(NOT_PERMITTED, guest.call("key_from_kek", pvk, guest.put(field("001", ZPK_CLEAR)), 33, 0));
            assertEquals(NOT_PERMITTED, guest.call("pin_translate", pvk, guest.put("F7808F2CBEC63168"), 1,
                    guest.put("550000025321"), zpk, 1, guest.buffer(16)));
        }
    }

    @Test
    void aPinBoundToTheAccountStaysBound() throws CryptoException {
        try (var guest = new Guest()) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(field("001", ZPK_CLEAR)), 33);
            var pin = Pin.ofAscii("1234".getBytes(StandardCharsets.US_ASCII));
            var block = new String(Hex.encode(PinBlock.encrypt(key(ZPK_CLEAR), PinBlockFormat.ISO_0, pin,
                    "550000025321", RandomSource.secure())), StandardCharsets.US_ASCII);
            int account = guest.put("550000025321");
            int out = guest.buffer(16);

            assertEquals(-69, guest.call("pin_translate", zpk, guest.put(block), 1, account, zpk, 3, out));
            assertEquals(-69, guest.call("pin_translate", zpk, guest.put(block), 1, account, zpk, 5, out));
            assertEquals(4, guest.call("pin_translate", zpk, guest.put(block), 1, account, zpk, 47, out));
            int underLmk = guest.buffer(16);
            assertEquals(16, guest.call("pin_to_lmk", zpk, guest.put(block), 1, account, underLmk, 16));
            assertEquals(-69, guest.call("pin_from_lmk", underLmk, 16, zpk, 3, account, out));
        }
    }

    @Test
    void aKekWrapsNoLongerKeyThanItself() {
        try (var guest = new Guest()) {
            guest.authorise("export");
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(field("000", ZMK_CLEAR)), 33);
            int triple = guest.call("key_from_lmk", guest.put("001"),
                    guest.put(field("001", 'T', ZPK_CLEAR + "1C1C1C1C1C1C1C1C")), 49);

            assertTrue(triple > 0, "triple " + triple);
            assertEquals(-27, guest.call("key_to_kek", triple, zmk, 'Y', 0, guest.buffer(49), 49));
        }
    }

    @Test
    void aTripleLengthKekWhoseFirstAndThirdPartsAreEqualIsADoubleLengthOne() {
        try (var guest = new Guest()) {
            guest.authorise("export");
            var twoKey = ZMK_CLEAR + ZMK_CLEAR.substring(0, 16);
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(field("000", 'T', twoKey)), 49);
            int triple = guest.call("key_from_lmk", guest.put("001"),
                    guest.put(field("001", 'T', ZPK_CLEAR + "1C1C1C1C1C1C1C1C")), 49);

            assertTrue(zmk > 0 && triple > 0, zmk + " " + triple);
            assertEquals(-27, guest.call("key_to_kek", triple, zmk, 'Y', 0, guest.buffer(49), 49));
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(field("001", OTHER_CLEAR)), 33);
            assertEquals(33, guest.call("key_to_kek", zpk, zmk, 'X', 0, guest.buffer(33), 33));
        }
    }

    /** Review finding F1: a TAK exported under a TMK (free, as HC's terminal keys are) comes back as a ZPK. */
    @Test
    void nothingImportedUnderATmkBecomesAZpkOutsideTheActivityImport() {
        var context = new CryptoContext(LmkSet.testLmk(), RandomSource.secure(), SecurityProfile.PCI);
        String tmkUnderLmk;
        String takUnderTmk;
        try (var call = new Guest(context)) {
            int tmk = call.call("key_generate", 16);
            int tmkOut = call.buffer(33);
            assertEquals(33, call.call("key_to_lmk", tmk, call.put("80D"), 'U', tmkOut, 33));
            int tak = call.call("key_generate", 16);
            assertEquals(33, call.call("key_to_lmk", tak, call.put("003"), 'U', call.buffer(33), 33));
            int wrapped = call.buffer(33);
            assertEquals(33, call.call("key_to_kek", tak, tmk, 'U', 0, wrapped, 33), "a new TAK for the terminal");
            tmkUnderLmk = call.text(tmkOut, 33);
            takUnderTmk = call.text(wrapped, 33);
        }
        try (var call = new Guest(context)) {
            int tmk = call.call("key_from_lmk", call.put("80D"), call.put(tmkUnderLmk), 33);
            int copy = call.call("key_from_kek", tmk, call.put(takUnderTmk), 33, 0);

            assertTrue(copy > 0);
            assertEquals(-17, call.call("key_to_lmk", copy, call.put("001"), 'U', call.buffer(33), 33));
            assertEquals(-17, call.call("key_to_lmk", copy, call.put("80D"), 'U', call.buffer(33), 33));
        }
    }

    /** Review finding F3: the chaining value of algorithm 3 would be single DES under the key's left part. */
    @Test
    void chainingValuesAreOpaqueAndStillChain() throws CryptoException {
        try (var guest = new Guest()) {
            int tak = guest.call("key_from_lmk", guest.put("003"), guest.put(field("003", OTHER_CLEAR)), 33);
            int zeros = guest.put(new byte[8]);
            int chained = guest.buffer(8);
            int whole = guest.buffer(8);
            int finished = guest.buffer(8);
            var data = guest.put(new byte[16]);

            assertEquals(8, guest.call("mac", tak, 13, 0, 0, zeros, 8, chained));
            var leftPart = key(OTHER_CLEAR.substring(0, 16));
            assertTrue(!java.util.Arrays.equals(dev.wasmhsm.crypto.Des.encryptEcb(leftPart, new byte[8]),
                    guest.bytes(chained, 8)), "not single DES under the left part");
            assertEquals(8, guest.call("mac", tak, 3, 0, 0, data, 16, whole));
            assertEquals(8, guest.call("mac", tak, 3, 0, chained, zeros, 8, finished));
            assertEquals(guest.text(whole, 8), guest.text(finished, 8), "the parts give the MAC of the whole");
            assertEquals(-15, guest.call("mac_verify", tak, 13, 0, 0, zeros, 8, chained, 8));
        }
    }

    private static String field(String type, String clearHex) {
        return field(type, 'U', clearHex);
    }

    private static String field(String type, char scheme, String clearHex) {
        try {
            return new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse(type), KeyScheme.of(scheme),
                    key(clearHex)).toString();
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClearKey key(String clearHex) throws CryptoException {
        return ClearKey.of(Hex.decode(clearHex));
    }
}
