package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key-block LMK reads only blocks of its scheme and identifier, and writes both into every block. */
class KeyBlockLmkTest {
    private static final String PUBLIC_BLOCK = "10096P0TE00E0000CF29A901B5B5DA7028693D4BE058A7B366D3CD2F5862D94E97BCD6D9"
            + "F28B414A377052CE7A04D821";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    @Test
    void theAesTestLmkHasThePublicCheckValueAndReadsThePublicBlock() throws CryptoException {
        var lmk = KeyBlockLmk.aesTest("00");

        assertEquals("9D04A0", lmk.checkValue());
        assertEquals("F039121BEC83D26B169BDCD5B22AAF8F", HEX.formatHex(lmk.unwrap(PUBLIC_BLOCK).key().bytes()));
    }

    /** The cache of verified blocks answers by exact text only: a changed character is checked, and refused. */
    @Test
    void aRememberedBlockAnswersAsItsCheckDidAndAChangedOneIsCheckedAgain() throws CryptoException {
        var lmk = KeyBlockLmk.aesTest("00");
        var first = lmk.unwrap(PUBLIC_BLOCK);
        var again = lmk.unwrap(PUBLIC_BLOCK);

        assertEquals(first.header(), again.header());
        assertEquals(HEX.formatHex(first.key().bytes()), HEX.formatHex(again.key().bytes()));
        again.key().destroy();
        assertEquals("F039121BEC83D26B169BDCD5B22AAF8F", HEX.formatHex(lmk.unwrap(PUBLIC_BLOCK).key().bytes()),
                "the caller's copy is its own to destroy");
        var changed = PUBLIC_BLOCK.substring(0, 8) + 'D' + PUBLIC_BLOCK.substring(9);
        var refused = assertThrows(CryptoException.class, () -> lmk.unwrap(changed));
        assertEquals(ErrorCode.KEY_BLOCK_AUTHENTICATION, refused.errorCode());
        for (int i = 0; i < KeyBlockLmk.CACHED_BLOCKS + 10; i++) {
            var block = lmk.wrap(new KeyBlockHeader('1', "72", 'T', 'B', "00", 'E', "00", List.of()),
                    ClearKey.of(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210")), RandomSource.secure());
            assertEquals("0123456789ABCDEFFEDCBA9876543210", HEX.formatHex(lmk.unwrap(block).key().bytes()));
        }
        lmk.destroy();
        assertThrows(RuntimeException.class, () -> lmk.unwrap(PUBLIC_BLOCK), "a destroyed LMK reads nothing");
    }

    @Test
    void aBlockOfAnotherSlotOrSchemeIsRefusedBeforeItsAuthenticatorIsTried() {
        var other = assertThrows(CryptoException.class, () -> KeyBlockLmk.aesTest("01").unwrap(PUBLIC_BLOCK));
        assertEquals(ErrorCode.INCOMPATIBLE_KEY_BLOCK_LMK, other.errorCode());

        var tripleDes = KeyBlockLmk.of("00", HEX.parseHex("0123456789ABCDEF8080808080808080FEDCBA9876543210"), true);
        var scheme = assertThrows(CryptoException.class, () -> tripleDes.unwrap(PUBLIC_BLOCK));
        assertEquals(ErrorCode.INCOMPATIBLE_LMK_SCHEMES, scheme.errorCode());
        assertThrows(IllegalArgumentException.class, () -> KeyBlockLmk.of("1", new byte[32], true));
        assertThrows(IllegalArgumentException.class, () -> KeyBlockLmk.of("00", new byte[16], true));
    }

    @Test
    void aWrittenBlockCarriesTheLmksVersionAndIdentifierWhateverTheHeaderSaid() throws CryptoException {
        var asked = new KeyBlockHeader('D', "72", 'T', 'E', "00", 'N', "00", List.of());
        var key = ClearKey.of(HEX.parseHex("0123456789ABCDEFFEDCBA9876543210"));
        for (var lmk : List.of(KeyBlockLmk.aesTest("07"), KeyBlockLmk.of("42",
                HEX.parseHex("0123456789ABCDEF8080808080808080FEDCBA9876543210"), false))) {
            var block = lmk.wrap(asked, key, RandomSource.secure());

            assertEquals(lmk.version(), block.charAt(0));
            assertEquals(lmk.id(), block.substring(14, 16));
            var back = lmk.unwrap(block);
            assertEquals(HEX.formatHex(key.bytes()), HEX.formatHex(back.key().bytes()));
            assertEquals('N', back.header().exportability());
        }
    }
}
