package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorised activities are the host's rule, not the plugins': A0, A6 and A8 no longer check anything, and the
 * host still answers 17 for a generated ZMK, an import of anything but a ZPK and an export of anything but a ZPK
 * under a ZMK, until the activity is entered.
 */
class AuthorisedStateTest {
    private static final String ZMK = "U4C94ED3CBF0597C848000A85A55C2E54";
    private static final String ZPK = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String TAK = "U19D25F349FD03CC3556BB05F65283CA1";
    private static final String ZMK_CLEAR = "7031BC29A42689EAAD5E4991258F0751";
    private static final String UNDER_ZMK = underZmk("0B681FC20E62C7341C587F1C13924FEF");

    @TempDir
    Path directory;
    private RegistryFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        for (var code : new String[] {"A0", "A6", "A8"}) {
            TestPlugins.installBundled(code, directory, code);
        }
        fixture = new RegistryFixture(directory);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void outsideTheActivitiesTheHostAnswers17() {
        var registry = fixture.start("hsm.plugins.callTimeoutMillis=5000");

        assertEquals("A917", call(registry, "A8003" + ZMK + TAK + "U"), "export of a TAK");
        assertTrue(call(registry, "A8001" + ZMK + ZPK + "U").startsWith("A900U"), "a ZPK under a ZMK is free");
        assertEquals("A117", call(registry, "A00000U"), "a generated ZMK");
        assertEquals("A117", call(registry, "A01003U" + ZMK + "U"), "a TAK generated and exported");
        assertTrue(call(registry, "A01001U" + ZMK + "U").startsWith("A100U"), "a ZPK generated and exported");
        assertEquals("A717", call(registry, "A6000" + ZMK + UNDER_ZMK + "U"), "a ZMK imported");
        assertEquals("A717", call(registry, "A600B" + ZMK + UNDER_ZMK + "U"), "a DEK imported");
        assertTrue(call(registry, "A6001" + ZMK + UNDER_ZMK + "U").startsWith("A700U"), "a ZPK imported");
    }

    @Test
    void eachActivityOpensWhatItNamesOnly() {
        var registry = fixture.start("hsm.plugins.callTimeoutMillis=5000");
        fixture.authorise("export");

        assertTrue(call(registry, "A8003" + ZMK + TAK + "U").startsWith("A900U"));
        assertEquals("A117", call(registry, "A00000U"));
        assertEquals("A717", call(registry, "A600B" + ZMK + UNDER_ZMK + "U"));
        fixture.authorise("generate.zmk", "import");
        assertTrue(call(registry, "A00000U").startsWith("A100U"));
        assertTrue(call(registry, "A600B" + ZMK + UNDER_ZMK + "U").startsWith("A700U"));
    }

    /** A key under the ZMK, scheme U, as a partner sends it. */
    private static String underZmk(String clearHex) {
        try {
            var zmk = ClearKey.of(Hex.decode(ZMK_CLEAR));
            var key = ClearKey.of(Hex.decode(clearHex));

            return KekKeyCipher.encrypt(zmk, KeyScheme.U, key, 0).toString();
        } catch (CryptoException e) {
            throw new IllegalStateException(e);
        }
    }
}
