package dev.wasmhsm.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import dev.wasmhsm.engine.TestPlugins;
import dev.wasmhsm.engine.abi.PluginException;
import dev.wasmhsm.engine.host.CryptoContext;
import dev.wasmhsm.engine.host.HostFunctions;
import dev.wasmhsm.engine.host.KeyHandles;
import dev.wasmhsm.engine.host.SecurityProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bundled plugins that use the cryptographic host functions, end to end; skipped while a module is not built. */
class CryptoPluginTest {
    @Test
    void hostOffersConfigAndEveryFunctionOfHsmHostH() {
        var names = HostFunctions.names();

        assertEquals(31, names.size());
        assertTrue(names.containsAll(List.of("hsm.config", "hsm.lmk_select", "hsm.key_to_lmk_block", "hsm.key_from_tr31",
                "hsm.key_to_tr31", "hsm.key_migrate", "hsm.key_from_lmk", "hsm.key_from_kek",
                "hsm.key_generate", "hsm.key_to_lmk", "hsm.key_to_kek", "hsm.key_check_value", "hsm.key_length",
                "hsm.key_parity_ok", "hsm.cvv", "hsm.cvv_verify", "hsm.pin_translate", "hsm.pin_to_lmk",
                "hsm.pin_from_lmk", "hsm.pvv_from_block", "hsm.pvv_from_lmk", "hsm.pvv_verify", "hsm.crypt",
                "hsm.mac", "hsm.mac_verify", "hsm.emv_card_key", "hsm.emv_session_key", "hsm.emv_arqc_verify",
                "hsm.emv_arpc", "hsm.random", "hsm.status")));
    }

    @Test
    void buAnswersTheCheckValueOfAKeyUnderTheLmk() throws IOException, PluginException {
        var plugin = load("BU", new CryptoContext(LmkSet.testLmk(), RandomSource.secure(), SecurityProfile.LEGACY));

        assertEquals("BV006F1E3F74F826B7EB", call(plugin, "BU011U1EF828AA8F6B80EB83E19FBC373F3A85"));
        assertEquals("BV000035BBE340A4B763", call(plugin, "BU0200406FBB23A5214DF"));
        assertDoesNotThrow(() -> KeyHandles.open().close(), "the call left its key table bound");
    }

    @Test
    void a0GeneratesTheVectorKeyWithTheRandomSourceFixedToCd() throws IOException, PluginException {
        var fixed = RandomSource.fixedForConformanceTests((byte) 0xCD);
        var plugin = load("A0", new CryptoContext(LmkSet.testLmk(), fixed, SecurityProfile.LEGACY));

        assertEquals("A100U37C214786596A294ED92DBA27208C13BX6A4BF2BD845FCBD66A4BF2BD845FCBD618EC38",
                call(plugin, "A01001UU4C94ED3CBF0597C848000A85A55C2E54X"));
        assertDoesNotThrow(() -> KeyHandles.open().close(), "the call left its key table bound");
    }

    private static WasmPlugin load(String code, CryptoContext crypto) throws IOException, PluginException {
        var file = TestPlugins.ROOT.resolve("wasm").resolve(code + ".wasm");
        assumeTrue(Files.exists(file), "plugins/wasm/" + code + ".wasm is not built yet");

        return WasmPlugin.load(code, Files.readAllBytes(file), PluginRuntime.of(PluginLimits.DEFAULTS,
                new HostFunctions(Map.of(), crypto)));
    }

    private static String call(WasmPlugin plugin, String request) throws PluginException {
        return new String(plugin.call(request.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }
}
