package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key imported from a ZMK with bad parity, through the bundled A6, FA and BU: the import answers 01 (parity
 * advice) with the key under the LMK adjusted to odd parity, so that later commands accept it.
 *
 * <p>The key is the ZPK of the vectors (clear C7152C20BC2C830EA7EC9E8334ABE3FE, under the LMK
 * U1EF828AA8F6B80EB83E19FBC373F3A85, check value 6F1E3F74F826B7EB) with byte 0 made even (C6), under the ZMK of the
 * vectors (U71979DEB8587E2734F1E99D5DCAEF9AC).
 */
class KeyImportParityTest {
    private static final String ZMK = "U71979DEB8587E2734F1E99D5DCAEF9AC";
    private static final String EVEN_ZPK_UNDER_ZMK_U = "U9439931370611500FD4626488AC15ADD";
    private static final String EVEN_ZPK_UNDER_ZMK_X = "XF1936EA18A35CDADEB7E92294663A5BA";
    private static final String ZPK_UNDER_LMK_U = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String ZPK_CHECK_VALUE = "6F1E3F74F826B7EB";

    @TempDir
    static Path directory;
    private static RegistryFixture fixture;
    private static PluginRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        for (var code : new String[] {"A6", "FA", "BU"}) {
            TestPlugins.installBundled(code, directory, code);
        }
        fixture = new RegistryFixture(directory);
        registry = fixture.start("hsm.plugins.callTimeoutMillis=5000", "hsm.security.profile=legacy");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theFieldsUnderTheZmkHoldTheEvenKey() throws CryptoException {
        var zmk = new LmkKeyCipher(LmkSet.testLmk()).decrypt(KeyType.parse("000"), KeyField.parse(ZMK));
        var evenKey = ClearKey.of(Hex.decode("C6152C20BC2C830EA7EC9E8334ABE3FE"));

        assertEquals(EVEN_ZPK_UNDER_ZMK_U, KekKeyCipher.encrypt(zmk, KeyScheme.U, evenKey, 0).toString());
        assertEquals(EVEN_ZPK_UNDER_ZMK_X, KekKeyCipher.encrypt(zmk, KeyScheme.X, evenKey, 0).toString());
    }

    @Test
    void a6AnswersParityAdviceWithTheAdjustedKeyAndBuAcceptsIt() {
        assertEquals("A701" + ZPK_UNDER_LMK_U + ZPK_CHECK_VALUE.substring(0, 6),
                call(registry, "A6001" + ZMK + EVEN_ZPK_UNDER_ZMK_U + "U"));
        assertEquals("A701" + ZPK_UNDER_LMK_U + ZPK_CHECK_VALUE.substring(0, 6),
                call(registry, "A6001" + ZMK + EVEN_ZPK_UNDER_ZMK_X + "U"));
        assertEquals("BV00" + ZPK_CHECK_VALUE, call(registry, "BU011" + ZPK_UNDER_LMK_U));
        assertEquals("BV00" + ZPK_CHECK_VALUE.substring(0, 6), call(registry, "BU011" + ZPK_UNDER_LMK_U + ";001"));
    }

    @Test
    void faAnswersParityAdviceWithTheAdjustedKey() {
        assertEquals("FB01" + ZPK_UNDER_LMK_U + ZPK_CHECK_VALUE.substring(0, 6),
                call(registry, "FA" + ZMK + EVEN_ZPK_UNDER_ZMK_X + ";0U1"));
    }

    @Test
    void aKeyWithOddParityStillImportsWith00() {
        assertEquals("A700" + ZPK_UNDER_LMK_U + ZPK_CHECK_VALUE.substring(0, 6),
                call(registry, "A6001" + ZMK + "XC8E3118AFA853807EB7E92294663A5BA" + "U"));
    }
}
