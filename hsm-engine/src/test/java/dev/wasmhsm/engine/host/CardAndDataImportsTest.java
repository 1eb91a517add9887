package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.EmvCryptograms;
import dev.wasmhsm.crypto.EmvKeys;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CardAndDataImportsTest {
    private static final String CVK = "U9B4934384B19946B040CD702B4D58145";
    private static final String TAK = "U19D25F349FD03CC3556BB05F65283CA1";
    private static final String MAC_DATA = "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2";

    @Test
    void cvvAsCwDoes() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int cvk = guest.call("key_from_lmk", guest.put("402"), guest.put(CVK), CVK.length());
            int out = guest.buffer(3);

            assertEquals(3, guest.call("cvv", cvk, guest.put("4123456789012345"), 16, guest.put("8701"),
                    guest.put("101"), out));
            assertEquals("561", guest.text(out, 3));
            assertEquals(-15, guest.call("cvv", cvk, guest.put("41234567890"), 11, guest.put("8701"),
                    guest.put("101"), out));
            int single = guest.call("key_generate", 8);
            assertEquals(16, guest.call("key_to_lmk", single, guest.put("402"), 'Z', guest.buffer(16), 16));
            assertEquals(-27, guest.call("cvv", single, guest.put("4123456789012345"), 16, guest.put("8701"),
                    guest.put("101"), out));
        }
    }

    /** No host call reads or writes more than 64 KiB at once, however large the guest's memory. */
    @Test
    void aHostFunctionTakesAtMost64KibInOneRange() {
        try (var guest = new Guest()) {
            guest.grow(2);

            assertEquals(-15, guest.call("random", 16, 64 * 1024 + 1));
            assertEquals(64 * 1024, guest.call("random", 16, 64 * 1024));
        }
    }

    @Test
    void retailMacAsM6Does() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int tak = guest.call("key_from_lmk", guest.put("003"), guest.put(TAK), TAK.length());
            var data = HexFormat.of().parseHex(MAC_DATA);
            int out = guest.buffer(8);

            assertEquals(8, guest.call("mac", tak, 3, 2, 0, guest.put(data), data.length, out));
            assertEquals("5F1448EEA8AD90A7", HexFormat.of().withUpperCase().formatHex(guest.bytes(out, 8)));
            assertEquals(-15, guest.call("mac", tak, 2, 2, 0, guest.put(data), data.length, out));
            assertEquals(-15, guest.call("mac", tak, 3, 0, 0, guest.put(data), 5, out));
            int triple = guest.call("key_generate", 24);
            assertEquals(49, guest.call("key_to_lmk", triple, guest.put("003"), 'T', guest.buffer(49), 49));
            assertEquals(-27, guest.call("mac", triple, 3, 2, 0, guest.put(data), data.length, out));
        }
    }

    @Test
    void cryptRoundTripsInPlaceAndChainsTheIv() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int key = guest.call("key_generate", 16);
            assertEquals(33, guest.call("key_to_lmk", key, guest.put("00A"), 'U', guest.buffer(33), 33));
            var clear = HexFormat.of().parseHex("0123456789ABCDEF0011223344556677");
            int data = guest.put(clear);
            int iv = guest.put(new byte[8]);

            assertEquals(16, guest.call("crypt", key, 1, 1, iv, data, 16, data));
            var cipher = guest.bytes(data, 16);
            assertArrayEquals(Arrays.copyOfRange(cipher, 8, 16), guest.bytes(iv, 8));
            guest.put(new byte[8]);
            int zeroIv = guest.put(new byte[8]);
            assertEquals(16, guest.call("crypt", key, 0, 1, zeroIv, data, 16, data));
            assertArrayEquals(clear, guest.bytes(data, 16));
            assertEquals(16, guest.call("crypt", key, 1, 0, 0, data, 16, data));
            assertEquals(16, guest.call("crypt", key, 0, 0, 0, data, 16, data));
            assertArrayEquals(clear, guest.bytes(data, 16));
            assertEquals(-15, guest.call("crypt", key, 1, 0, 0, data, 12, data));
            assertEquals(-15, guest.call("crypt", key, 2, 0, 0, data, 16, data));
        }
    }

    @Test
    void emvKeysAndArpc() throws CryptoException {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            var masterKey = ClearKey.of(Hex.decode("0123456789ABCDEFFEDCBA9876543210"));
            var field = new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse("109"), KeyScheme.U, masterKey)
                    .toString();
            int mk = guest.call("key_from_lmk", guest.put("109"), guest.put(field), field.length());
            var panPsn = HexFormat.of().parseHex("4761739001010010");
            var atc = new byte[] {0x00, 0x01};
            var arc = new byte[] {0x30, 0x30};
            var arqc = HexFormat.of().parseHex("1122334455667788");
            int card = guest.call("emv_card_key", mk, guest.put(panPsn));
            int session = guest.call("emv_session_key", card, guest.put(atc));
            int out = guest.buffer(8);

            assertEquals(8, guest.call("emv_arpc", session, guest.put(arqc), guest.put(arc), out));
            var expectedSession = EmvKeys.sessionKey(EmvKeys.cardKey(masterKey, panPsn), atc);
            assertArrayEquals(EmvCryptograms.arpcMethod1(expectedSession, arqc, arc), guest.bytes(out, 8));
            assertEquals(1, guest.call("key_parity_ok", card));
            int single = guest.call("key_generate", 8);
            assertEquals(16, guest.call("key_to_lmk", single, guest.put("109"), 'Z', guest.buffer(16), 16));
            assertEquals(-27, guest.call("emv_card_key", single, guest.put(panPsn)));
        }
    }

    @Test
    void randomBytesComeFromTheContextSource() {
        try (var guest = new Guest(RandomSource.fixedForConformanceTests((byte) 0xCD), SecurityProfile.LEGACY)) {
            int out = guest.buffer(4);

            assertEquals(4, guest.call("random", out, 4));
            assertEquals("CDCDCDCD", HexFormat.of().withUpperCase().formatHex(guest.bytes(out, 4)));
            assertEquals(-15, guest.call("random", out, -1));
        }
    }
}
