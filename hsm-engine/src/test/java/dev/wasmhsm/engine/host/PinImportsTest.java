package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PinImportsTest {
    private static final String ACCOUNT = "550000025321";

    @ParameterizedTest
    @CsvSource({"3, F7808F2CBEC63168", "1, E98FFDA17099AF55"})
    void pinTranslateAsCaDoes(int to, String expected) {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int tpk = guest.call("key_from_lmk", guest.put("002"), guest.put("0406FBB23A5214DF"), 16);
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put("BAB32D775A38E4AB"), 16);
            int out = guest.buffer(16);

            assertEquals(4, guest.call("pin_translate", tpk, guest.put("DC80B186C30902B0"), 3, guest.put(ACCOUNT),
                    zpk, to, out));
            assertEquals(expected, guest.text(out, 16));
        }
    }

    @Test
    void pinTranslateRefusals() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put("BAB32D775A38E4AB"), 16);
            int block = guest.put("F7808F2CBEC63168");
            int out = guest.buffer(16);

            assertEquals(-23, guest.call("pin_translate", zpk, block, 2, guest.put(ACCOUNT), zpk, 1, out));
            assertEquals(-20, guest.call("pin_translate", zpk, block, 1, guest.put(ACCOUNT), zpk, 1, out));
            assertEquals(-15, guest.call("pin_translate", zpk, block, 3, guest.put("55000002532X"), zpk, 1, out));
            assertEquals(-15, guest.call("pin_translate", zpk, guest.put("F7808F2CBEC6316Z"), 3, 0, zpk, 3, out));
        }
    }

    @Test
    void pinToLmkAndBackAsJeAndJgDo() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put("BAB32D775A38E4AB"), 16);
            int underLmk = guest.buffer(16);
            int out = guest.buffer(16);

            assertEquals(16, guest.call("pin_to_lmk", zpk, guest.put("F7808F2CBEC63168"), 3, guest.put(ACCOUNT),
                    underLmk, 16));
            assertEquals(4, guest.call("pin_from_lmk", underLmk, 16, zpk, 3, guest.put(ACCOUNT), out));
            assertEquals("F7808F2CBEC63168", guest.text(out, 16));
            assertEquals(-15, guest.call("pin_to_lmk", zpk, guest.put("F7808F2CBEC63168"), 3, 0, underLmk, 15));
            assertEquals(-14, guest.call("pin_from_lmk", guest.put("0000000000000000"), 16, zpk, 3, guest.put(ACCOUNT),
                    out));
            assertEquals(-14, guest.call("pin_from_lmk", underLmk, 16, zpk, 3, guest.put("999988887777"), out),
                    "a PIN under the LMK is bound to its account");
            assertEquals(-15, guest.call("pin_from_lmk", underLmk, 15, zpk, 3, guest.put(ACCOUNT), out));
            assertEquals(-15, guest.call("pin_from_lmk", underLmk, 16, zpk, 3, 0, out), "the account is read always");
        }
    }

    @Test
    void pvvAsDcAndDgDo() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int tpk = guest.call("key_from_lmk", guest.put("002"), guest.put("0406FBB23A5214DF"), 16);
            var pvkField = "X367930344805B1FAD6146EF4ED7502B3";
            int pvk = guest.call("key_from_lmk", guest.put("002"), guest.put(pvkField), pvkField.length());
            int block = guest.put("AE7A708F877571A9");
            int account = guest.put(ACCOUNT);
            int out = guest.buffer(16);
            int underLmk = guest.buffer(16);

            assertEquals(4, guest.call("pvv_from_block", pvk, tpk, block, 1, account, 1, out));
            assertEquals("4402", guest.text(out, 4));
            assertEquals(16, guest.call("pin_to_lmk", tpk, block, 1, account, underLmk, 16));
            assertEquals(4, guest.call("pvv_from_lmk", pvk, underLmk, 16, account, 1, out));
            assertEquals("4402", guest.text(out, 4));
            assertEquals(-27, guest.call("pvv_from_block", tpk, tpk, block, 1, account, 1, out));
            assertEquals(-15, guest.call("pvv_from_block", pvk, tpk, block, 1, account, 10, out));
        }
    }

    @Test
    void isoFormat4IsRefusedForDesPinKeys() {
        try (var guest = new Guest(SecurityProfile.LEGACY)) {
            int zpk = guest.call("key_from_lmk", guest.put("001"), guest.put("BAB32D775A38E4AB"), 16);
            int account = guest.put(ACCOUNT);
            int out = guest.buffer(32);

            assertEquals(-23, guest.call("pin_translate", zpk, guest.put("F7808F2CBEC63168"), 3, account, zpk, 48,
                    out));
            assertEquals(-23, guest.call("pin_to_lmk", zpk, guest.put("F7808F2CBEC63168"), 48, account, out, 32));
        }
    }
}
