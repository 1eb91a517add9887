package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyBlockCipher;
import dev.wasmhsm.crypto.KeyBlockHeader;
import dev.wasmhsm.crypto.KeyBlockLmk;
import dev.wasmhsm.crypto.KeyBlockLmks;
import dev.wasmhsm.crypto.KeyCheckValue;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import dev.wasmhsm.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Key blocks under a key-block LMK through the host functions, as an attacker on the wire or a hostile plugin
 * would use them: the header binds usage, mode of use and exportability to the key, and the host enforces each,
 * whatever type code the plugin names the field with.
 */
class KeyBlockImportsTest {
    /** KEYBLOCK.md's public vector under the AES test key-block LMK, whose header names LMK 00. */
    private static final String VECTOR = "S10096P0TE00E0000CF29A901B5B5DA7028693D4BE058A7B366D3CD2F5862D94E97BCD6D9F28B"
            + "414A377052CE7A04D821";
    private static final String VECTOR_KEY = "F039121BEC83D26B169BDCD5B22AAF8F";
    /** The CVK of the CW vector, under the variant test LMK. */
    private static final String CVK_U = "U9B4934384B19946B040CD702B4D58145";
    /** A ZMK under the variant test LMK. */
    private static final String ZMK_VARIANT = "U71979DEB8587E2734F1E99D5DCAEF9AC";

    @Test
    void thePublicVectorImportsWithItsCheckValueAndItsModeOfUse() throws CryptoException {
        try (var guest = new Guest(context(KeyBlockLmks.of(List.of(KeyBlockLmk.aesTest("00")), "01", "00"),
                SecurityProfile.PCI))) {
            int key = guest.call("key_from_lmk", guest.put("FFF"), guest.put(VECTOR), VECTOR.length());
            int out = guest.buffer(6);

            assertTrue(key > 0, "handle " + key);
            assertEquals(6, guest.call("key_check_value", key, out, 6));
            assertEquals(new String(KeyCheckValue.hex(ClearKey.of(Hex.decode(VECTOR_KEY)), 6),
                    StandardCharsets.US_ASCII), guest.text(out, 6));
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(VECTOR), VECTOR.length());
            var block = guest.put("0123456789ABCDEF");
            var account = guest.put("123456789012");
            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), guest.call("pin_translate", zpk, block, 1,
                    account, zpk, 1, guest.buffer(16)), "mode E: the key encrypts PIN blocks, never decrypts one");
            assertEquals(-29, guest.call("crypt", zpk, 1, 0, 0, guest.put(new byte[8]), 8, guest.buffer(8)));
            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_from_lmk", guest.put("402"),
                    guest.put(VECTOR), VECTOR.length()), "a P0 key is no CVK");
        }
    }

    @Test
    void aBlockUnderTheVariantLmkOrAVariantKeyUnderAKeyBlockLmkIsA1() {
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            var block = block(cvkHeader('C', 'E'));

            assertEquals(ErrorCode.INCOMPATIBLE_LMK_SCHEMES.hostResult(), guest.call("key_from_lmk", guest.put("402"),
                    guest.put(block), block.length()));
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            assertEquals(ErrorCode.INCOMPATIBLE_LMK_SCHEMES.hostResult(), guest.call("key_from_lmk", guest.put("402"),
                    guest.put(CVK_U), CVK_U.length()));
            assertEquals(-13, guest.call("lmk_select", guest.put("05")));
            assertEquals(-15, guest.call("lmk_select", guest.put("0x")));
        }
    }

    @Test
    void aCvkBlockGivesTheSameCvvAsTheVariantCvkAndAVerifyOnlyOneGeneratesNothing() {
        var context = context(slots(), SecurityProfile.LEGACY);
        var both = block(cvkHeader('C', 'E'));
        var verifyOnly = block(cvkHeader('V', 'E'));
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(both), both.length());
            int out = guest.buffer(3);

            assertEquals(3, cvv(guest, cvk, out));
            assertEquals("561", guest.text(out, 3));
        }
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int verifier = guest.call("key_from_lmk", guest.put("402"), guest.put(verifyOnly), verifyOnly.length());

            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), cvv(guest, verifier, guest.buffer(3)));
            assertEquals(1, guest.call("cvv_verify", verifier, guest.put("4123456789012345"), 16, guest.put("8701"),
                    guest.put("101"), guest.put("561")));
        }
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(both), both.length());
            guest.call("key_from_lmk", guest.put("402"), guest.put(verifyOnly), verifyOnly.length());

            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), cvv(guest, cvk, guest.buffer(3)),
                    "every copy of a value obeys the strictest mode any copy came with");
        }
    }

    @Test
    void aChangedHeaderByteFailsTheAuthenticator() {
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            var block = block(cvkHeader('V', 'N'));
            var forged = block.substring(0, 9) + 'C' + block.substring(10);
            var exportable = block.substring(0, 12) + 'E' + block.substring(13);

            assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION.hostResult(), guest.call("key_from_lmk", guest.put("402"),
                    guest.put(forged), forged.length()), "verify-only made generate-and-verify");
            assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION.hostResult(), guest.call("key_from_lmk", guest.put("402"),
                    guest.put(exportable), exportable.length()), "never exportable made exportable");
        }
    }

    @Test
    void aKeyBlockKeyIsNeverExportedInVariantFormAndKeepsItsAttributes() {
        var zmkBlock = block(new KeyBlockHeader('1', "52", 'T', 'B', "00", 'E', "01", List.of()),
                "A7EC9E8334ABE3FEC7152C20BC2C830E");
        for (char exportability : new char[] {'N', 'E', 'S'}) {
            var cvkBlock = block(cvkHeader('C', exportability));
            try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
                assertEquals(0, guest.call("lmk_select", guest.put("01")));
                guest.authorise("export");
                int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
                int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(cvkBlock), cvkBlock.length());
                assertEquals(ErrorCode.INVALID_EXPORTABILITY.hostResult(), guest.call("key_to_kek", cvk, zmk, 'U', 0,
                        guest.buffer(200), 200), "exportability " + exportability);
            }
        }
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
            int out = guest.buffer(200);
            var cvkBlock = block(cvkHeader('C', 'N'));
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(cvkBlock), cvkBlock.length());

            assertTrue(zmk > 0 && cvk > 0, zmk + " " + cvk);
            assertEquals(ErrorCode.INVALID_EXPORTABILITY.hostResult(), guest.call("key_to_lmk_block", cvk,
                    guest.put("402"), guest.put("C0T2CVVE00"), 10, out, 200), "N may not become E");
            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), guest.call("key_to_lmk_block", cvk,
                    guest.put("402"), guest.put("C0T2N00N00"), 10, out, 200), "C may not become N");
            assertTrue(guest.call("key_to_lmk_block", cvk, guest.put("402"), guest.put("C0T2V00N00"), 10, out, 200)
                    > 0, "narrower is allowed");
            assertEquals(-15, guest.call("lmk_select", guest.put("00")), "no switch to the variant LMK with keys held");
            assertEquals(ErrorCode.INCOMPATIBLE_LMK_SCHEMES.hostResult(), guest.call("key_to_lmk", cvk,
                    guest.put("402"), 'U', out, 200), "never under the variant LMK, where it would lose its attributes");
        }
    }

    /** A type written as a block reads back as that type only: a TMK is never a ZMK, a PVK never a ZPK. */
    @Test
    void aUsageGivesOneTypeSoAKeyCannotBeWrittenAsOneAndReadAsAnother() {
        try (var guest = new Guest(context(slots(), SecurityProfile.PCI))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int out = guest.buffer(200);

            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_to_lmk_block",
                    guest.call("key_generate", 16), guest.put("80D"), guest.put("K0T2N00E00"), 10, out, 200),
                    "K0 is a ZMK's usage: a generated TMK written as K0 would read back as a ZMK");
            assertEquals(-17, guest.call("key_to_lmk_block", guest.call("key_generate", 16), guest.put("FFF"),
                    guest.put("K0T2N00E00"), 10, out, 200), "a generated ZMK needs generate.zmk");
            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_to_lmk_block",
                    guest.call("key_generate", 16), guest.put("002"), guest.put("P0T2N00E00"), 10, out, 200),
                    "a PVK written as a PIN key");
            assertTrue(guest.call("key_to_lmk_block", guest.call("key_generate", 16), guest.put("80D"),
                    guest.put("51T2N00E00"), 10, out, 200) > 0, "51 is the TMK's own usage");
        }
    }

    /**
     * A value that came as an encrypt-only ZPK block is refused a decryption through a copy imported under a ZMK in
     * variant form: the copy shares the value, and the value its attributes.
     */
    @Test
    void aCopyOfABlockKeyImportedAnotherWayObeysTheBlock() throws CryptoException {
        var zmkClear = "A7EC9E8334ABE3FE3B5D7F91A2C4E608";
        var zpkClear = "C7152C20BC2C830E0123456789ABCDEF";
        var copy = KekKeyCipher.encrypt(ClearKey.of(Hex.decode(zmkClear)),
                KeyScheme.X, ClearKey.of(Hex.decode(zpkClear)), 0).toString();
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            var zpkBlock = block(new KeyBlockHeader('1', "72", 'T', 'E', "00", 'E', "01", List.of()), zpkClear);
            var zmkBlock = block(new KeyBlockHeader('1', "52", 'T', 'B', "00", 'E', "01", List.of()), zmkClear);
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(zpkBlock), zpkBlock.length());
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
            int imported = guest.call("key_from_kek", zmk, guest.put(copy), copy.length(), 0);
            int out = guest.buffer(200);

            assertTrue(zpk > 0 && zmk > 0 && imported > 0, zpk + " " + zmk + " " + imported);
            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), guest.call("pin_translate", imported,
                    guest.put("0123456789ABCDEF"), 1, guest.put("123456789012"), zpk, 1, guest.buffer(16)));
            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), guest.call("key_to_lmk_block", imported,
                    guest.put("001"), guest.put("72T2N00E00"), 10, out, 200), "E may not become N through the copy");
        }
    }

    /** A hostile plugin would switch LMKs mid-call to hold a variant key and key blocks together: refused. */
    @Test
    void theLmkIsSelectedBeforeAnyKeyIsHeld() {
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(CVK_U), CVK_U.length());

            assertTrue(cvk > 0);
            assertEquals(-15, guest.call("lmk_select", guest.put("01")));
        }
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(-13, guest.call("lmk_select", guest.put("05")));
            assertEquals(0, guest.call("lmk_select", guest.put("01")), "selecting again before a key is harmless");
        }
    }

    @Test
    void aGeneratedKeyWrittenWithAttributesReadsBackWithThem() throws CryptoException {
        var context = context(slots(), SecurityProfile.PCI);
        String written;
        String checkValue;
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int key = guest.call("key_generate", 16);
            int out = guest.buffer(200);
            int length = guest.call("key_to_lmk_block", key, guest.put("FFF"), guest.put("72T2B00N00"), 10, out,
                    200);
            written = guest.text(out, length);
            assertEquals(6, guest.call("key_check_value", key, out, 6));
            checkValue = guest.text(out, 6);
            assertEquals(ErrorCode.KEY_BLOCK_KEY_LENGTH.hostResult(), guest.call("key_to_lmk_block",
                    guest.call("key_generate", 16), guest.put("FFF"), guest.put("72T3B00N00"), 10, out, 200));
            assertEquals(ErrorCode.INVALID_ALGORITHM.hostResult(), guest.call("key_to_lmk_block",
                    guest.call("key_generate", 16), guest.put("FFF"), guest.put("72A1B00N00"), 10, out, 200));
        }
        var header = KeyBlockHeader.parse(written.substring(1));
        assertEquals("72", header.usage());
        assertEquals('B', header.modeOfUse());
        assertEquals('N', header.exportability());
        assertEquals("01", header.reserved());
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int key = guest.call("key_from_lmk", guest.put("FFF"), guest.put(written), written.length());
            int out = guest.buffer(6);

            assertEquals(6, guest.call("key_check_value", key, out, 6));
            assertEquals(checkValue, guest.text(out, 6));
        }
    }

    /** TR-31:2018 annex B and C blocks from partners, imported under a ZMK and checked against their clear keys. */
    @Test
    void tr31BlocksFromPartnersImportWithTheirAttributes() throws CryptoException {
        var annexB = "B0080P0TE00E000094B420079CC80BA3461F86FE26EFC4A3B8E4FA4C5F5341176EED7B727B8A248E";
        var annexC = "C0096B0TX12S0100KS1800604B120F9292800000BFB9B689CB567E66FC3FEE5AD5F52161FC6545B9D60989015D02155C";
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            var zmkBlock = block(new KeyBlockHeader('1', "52", 'T', 'B', "00", 'E', "01", List.of()),
                    "DD7515F2BFC17F85CE48F3CA25CB21F6");
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
            int zpk = guest.call("key_from_tr31", zmk, guest.put(annexB), annexB.length(), guest.put("FFF"));
            int out = guest.buffer(200);

            assertTrue(zpk > 0, "handle " + zpk);
            assertEquals(6, guest.call("key_check_value", zpk, out, 6));
            assertEquals(kcv("3F419E1CB7079442AA37474C2EFBF8B8"), guest.text(out, 6));
            assertEquals(ErrorCode.INVALID_MODE_OF_USE.hostResult(), guest.call("pin_translate", zpk,
                    guest.put("0123456789ABCDEF"), 1, guest.put("123456789012"), zpk, 1, guest.buffer(16)));
            int length = guest.call("key_to_lmk", zpk, guest.put("FFF"), 'S', out, 200);
            var header = KeyBlockHeader.parse(guest.text(out, length).substring(1));
            assertEquals("P0", header.usage());
            assertEquals('E', header.modeOfUse());
            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_from_tr31", zmk, guest.put(annexB),
                    annexB.length(), guest.put("402")), "a P0 block is no CVK");
            var changed = annexB.substring(0, 8) + 'N' + annexB.substring(9);
            assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION.hostResult(), guest.call("key_from_tr31", zmk,
                    guest.put(changed), changed.length(), guest.put("FFF")));
        }
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            var zmkBlock = block(new KeyBlockHeader('1', "52", 'T', 'B', "00", 'E', "01", List.of()),
                    "B8ED59E0A279A295E9F5ED7944FD06B9");
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
            assertEquals(-17, guest.call("key_from_tr31", zmk, guest.put(annexC), annexC.length(), guest.put("FFF")),
                    "a BDK from a ZMK needs the activity import, before it can be used at all");
            guest.authorise("import");
            int bdk = guest.call("key_from_tr31", zmk, guest.put(annexC), annexC.length(), guest.put("FFF"));
            int out = guest.buffer(200);

            assertTrue(bdk > 0, "handle " + bdk);
            int length = guest.call("key_to_lmk", bdk, guest.put("FFF"), 'S', out, 200);
            var header = KeyBlockHeader.parse(guest.text(out, length).substring(1));
            assertEquals("B0", header.usage());
            assertEquals('X', header.modeOfUse());
            assertEquals('S', header.exportability());
            assertEquals("KS", header.optionalBlocks().get(0).id(), "the optional block comes along");
            assertEquals(6, guest.call("key_check_value", bdk, out, 6));
            assertEquals(kcv("EDB380DD340BC2620247D445F5B8D678"), guest.text(out, 6));
        }
    }

    @Test
    void aKeyLeavesAsATr31BlockAsItsExportabilityAllows() throws CryptoException {
        var zmkClear = "3B5D7F91A2C4E6080123456789ABCDEF";
        var zmkBlock = block(new KeyBlockHeader('1', "52", 'T', 'B', "00", 'E', "01", List.of()), zmkClear);
        String exported;
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
            var zpkBlock = block(new KeyBlockHeader('1', "72", 'T', 'E', "00", 'E', "01", List.of()),
                    "C7152C20BC2C830EA7EC9E8334ABE3FE");
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(zpkBlock), zpkBlock.length());
            int out = guest.buffer(200);
            int length = guest.call("key_to_tr31", zpk, zmk, 'B', out, 200);

            assertTrue(length > 0, "result " + length);
            exported = guest.text(out, length);
            assertEquals(ErrorCode.INVALID_KEY_BLOCK_VERSION.hostResult(), guest.call("key_to_tr31", zpk, zmk, 'D',
                    out, 200), "D needs an AES KEK");
        }
        assertTrue(exported.startsWith("RB"), exported);
        var unwrapped = KeyBlockCipher.unwrap(ClearKey.of(Hex.decode(zmkClear)), 'T', exported.substring(1));
        assertEquals("72", unwrapped.header().usage(), "the Thales usage stays, so the type comes back the same");
        assertEquals('E', unwrapped.header().modeOfUse());
        assertEquals("C7152C20BC2C830EA7EC9E8334ABE3FE", Hex.toText(unwrapped.key().bytes()));
        for (char exportability : new char[] {'N', 'S'}) {
            try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
                assertEquals(0, guest.call("lmk_select", guest.put("01")));
                int zmk = guest.call("key_from_lmk", guest.put("000"), guest.put(zmkBlock), zmkBlock.length());
                var kept = block(new KeyBlockHeader('1', "72", 'T', 'B', "00", exportability, "01", List.of()),
                        "C7152C20BC2C830EA7EC9E8334ABE3FE");
                int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put(kept), kept.length());
                int result = guest.call("key_to_tr31", zpk, zmk, 'B', guest.buffer(200), 200);
                if (exportability == 'N') {
                    assertEquals(ErrorCode.INVALID_EXPORTABILITY.hostResult(), result, "N is never exported");
                } else {
                    assertTrue(result > 0, "S under a KEK that is itself a key block: " + result);
                }
            }
        }
    }

    /**
     * A partner's (or an attacker's) TR-31 block is no key to use until the activity import: a CVK read from one
     * generates no CVV, and a ZPK read from one leaves again only under a KEK from the LMK.
     */
    @Test
    void aTr31KeyIsUsableOnlyAsFarAsTheImportRulesAllow() throws CryptoException {
        var zmkClear = "3B5D7F91A2C4E6080123456789ABCDEF";
        var zmk = ClearKey.of(Hex.decode(zmkClear));
        var cvkBlock = KeyBlockCipher.wrap(zmk, 'T', new KeyBlockHeader('B', "C0", 'T', 'C', "00", 'E', "00",
                List.of()), ClearKey.of(Hex.decode("0123456789ABCDEFFEDCBA9876543210")), RandomSource.secure());
        var zpkBlock = KeyBlockCipher.wrap(zmk, 'T', new KeyBlockHeader('B', "P0", 'T', 'B', "00", 'E', "00",
                List.of()), ClearKey.of(Hex.decode("C7152C20BC2C830EA7EC9E8334ABE3FE")), RandomSource.secure());
        var variantZmk = new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse("000"), KeyScheme.U, zmk)
                .toString();
        var otherZmk = "U71979DEB8587E2734F1E99D5DCAEF9AC";
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            guest.authorise("export");
            int kek = guest.call("key_from_lmk", guest.put("000"), guest.put(variantZmk), variantZmk.length());
            int other = guest.call("key_from_lmk", guest.put("000"), guest.put(otherZmk), otherZmk.length());

            assertEquals(-17, guest.call("key_from_tr31", kek, guest.put(cvkBlock), cvkBlock.length(),
                    guest.put("FFF")), "no CVVs from a CVK read off the wire");
            int zpk = guest.call("key_from_tr31", kek, guest.put(zpkBlock), zpkBlock.length(), guest.put("FFF"));
            assertTrue(zpk > 0, "a ZPK from a ZMK comes in freely, as in variant form");
            assertEquals(ErrorCode.INVALID_EXPORTABILITY.hostResult(), guest.call("key_to_tr31", zpk, other, 'B',
                    guest.buffer(200), 200), "E leaves only under a key-block KEK from the LMK");
        }
    }

    /** The host function of BW holds nothing in the call: no variant key slips into a key-block call through it. */
    @Test
    void keyMigrateLeavesNoKeyInTheCall() {
        try (var guest = new Guest(context(slots(), SecurityProfile.LEGACY))) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int out = guest.buffer(200);

            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_migrate", guest.put("000"),
                    guest.put(ZMK_VARIANT), ZMK_VARIANT.length(), guest.put("01"), guest.put("P0T2B00E00"), 10, out,
                    200));
            assertTrue(guest.call("key_migrate", guest.put("000"), guest.put(ZMK_VARIANT), ZMK_VARIANT.length(),
                    guest.put("01"), guest.put(""), 0, out, 200) > 0);
            assertEquals(-15, guest.call("key_length", 1), "no handle left, failed or not");
        }
    }

    /** BW's host function: a variant key becomes a key block of its own type, never of a wider one. */
    @Test
    void aVariantKeyMigratesToAKeyBlockOfItsOwnTypeOnly() {
        var context = context(slots(), SecurityProfile.LEGACY);
        String migrated;
        try (var guest = new Guest(context)) {
            int out = guest.buffer(200);
            int length = guest.call("key_migrate", guest.put("402"), guest.put(CVK_U), CVK_U.length(), guest.put("01"),
                    guest.put("C0T2C00N00"), 10, out, 200);
            assertTrue(length > 0, "result " + length);
            migrated = guest.text(out, length);

            assertEquals(ErrorCode.INVALID_KEY_USAGE.hostResult(), guest.call("key_migrate", guest.put("402"),
                    guest.put(CVK_U), CVK_U.length(), guest.put("01"), guest.put("P0T2B00E00"), 10, out, 200),
                    "a CVK never becomes a PIN key");
            assertEquals(ErrorCode.INCOMPATIBLE_LMK_SCHEMES.hostResult(), guest.call("key_migrate", guest.put("402"),
                    guest.put(CVK_U), CVK_U.length(), guest.put("00"), guest.put(""), 0, out, 200), "00 is variant");
            assertEquals(-13, guest.call("key_migrate", guest.put("402"), guest.put(CVK_U), CVK_U.length(),
                    guest.put("07"), guest.put(""), 0, out, 200));
            int defaults = guest.call("key_migrate", guest.put("402"), guest.put(CVK_U), CVK_U.length(),
                    guest.put("01"), guest.put(""), 0, out, 200);
            assertEquals('E', guest.text(out, defaults).charAt(12), "the defaults: exportable, mode N");
        }
        try (var guest = new Guest(context)) {
            assertEquals(0, guest.call("lmk_select", guest.put("01")));
            int cvk = guest.call("key_from_lmk", guest.put("FFF"), guest.put(migrated), migrated.length());
            int out = guest.buffer(3);

            assertEquals(3, cvv(guest, cvk, out));
            assertEquals("561", guest.text(out, 3), "the same CVK");
        }
    }

    private static String kcv(String clearHex) throws CryptoException {
        return new String(KeyCheckValue.hex(ClearKey.of(Hex.decode(clearHex)), 6), StandardCharsets.US_ASCII);
    }

    private static int cvv(Guest guest, int cvk, int out) {
        return guest.call("cvv", cvk, guest.put("4123456789012345"), 16, guest.put("8701"), guest.put("101"), out);
    }

    /** @return the variant test LMK in slot 00, the AES test key-block LMK in 01, 00 by default. */
    private static KeyBlockLmks slots() {
        return KeyBlockLmks.of(List.of(KeyBlockLmk.aesTest("01")), "00", "00");
    }

    private static CryptoContext context(KeyBlockLmks slots, SecurityProfile profile) {
        return new CryptoContext(LmkSet.testLmk(), RandomSource.secure(), profile, new AuthorisedState(false,
                Set.of("officer-1"), Clock.systemUTC()), slots);
    }

    /** @return the CW vector's CVK as {@code S} and a block under the AES test LMK in slot 01. */
    private static String block(KeyBlockHeader header) {
        try {
            var clear = new LmkKeyCipher(LmkSet.testLmk()).decrypt(KeyType.parse("402"), KeyField.parse(CVK_U));

            return "S" + KeyBlockLmk.aesTest("01").wrap(header, clear, RandomSource.secure());
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    private static String block(KeyBlockHeader header, String clearHex) {
        try {
            return "S" + KeyBlockLmk.aesTest("01").wrap(header, ClearKey.of(Hex.decode(clearHex)),
                    RandomSource.secure());
        } catch (CryptoException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the header of a CVK block under slot 01. */
    private static KeyBlockHeader cvkHeader(char modeOfUse, char exportability) {
        return new KeyBlockHeader('1', "C0", 'T', modeOfUse, "00", exportability, "01", List.of());
    }
}
