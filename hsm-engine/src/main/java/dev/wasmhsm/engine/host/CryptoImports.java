package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.HostFunction;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every cryptographic host function of plugins/include/hsm_host.h, by its import name ({@code hsm.key_from_lmk},
 * ...), ready to be linked with a {@link CryptoContext}.
 */
public final class CryptoImports {
    private static final Map<String, Function<CryptoContext, HostFunction>> FUNCTIONS = functions();

    private CryptoImports() {
    }

    /**
     * Returns the host functions by import name ({@code module.name}).
     *
     * @return the factories; each builds the function for a context.
     */
    public static Map<String, Function<CryptoContext, HostFunction>> all() {
        return FUNCTIONS;
    }

    private static Map<String, Function<CryptoContext, HostFunction>> functions() {
        var map = new TreeMap<String, Function<CryptoContext, HostFunction>>();
        add(map, "lmk_select", 1, KeyImports::lmkSelect);
        add(map, "key_from_lmk", 3, KeyImports::keyFromLmk);
        add(map, "key_from_kek", 4, KeyImports::keyFromKek);
        add(map, "key_from_tr31", 4, KeyImports::keyFromTr31);
        add(map, "key_generate", 1, KeyImports::keyGenerate);
        add(map, "key_to_lmk", 5, KeyImports::keyToLmk);
        add(map, "key_to_lmk_block", 6, KeyImports::keyToLmkBlock);
        add(map, "key_migrate", 8, KeyImports::keyMigrate);
        add(map, "key_to_kek", 6, KeyImports::keyToKek);
        add(map, "key_to_tr31", 5, KeyImports::keyToTr31);
        add(map, "key_check_value", 3, KeyImports::keyCheckValue);
        add(map, "key_length", 1, KeyImports::keyLength);
        add(map, "key_parity_ok", 1, KeyImports::keyParityOk);
        add(map, "cvv", 6, CardImports::cvv);
        add(map, "cvv_verify", 6, CardImports::cvvVerify);
        add(map, "pin_translate", 7, PinImports::pinTranslate);
        add(map, "pin_to_lmk", 6, PinImports::pinToLmk);
        add(map, "pin_from_lmk", 6, PinImports::pinFromLmk);
        add(map, "pvv_from_block", 7, PinImports::pvvFromBlock);
        add(map, "pvv_from_lmk", 6, PinImports::pvvFromLmk);
        add(map, "pvv_verify", 7, PinImports::pvvVerify);
        add(map, "crypt", 7, DataImports::crypt);
        add(map, "mac", 7, DataImports::mac);
        add(map, "mac_verify", 8, DataImports::macVerify);
        add(map, "emv_card_key", 2, CardImports::emvCardKey);
        add(map, "emv_session_key", 2, CardImports::emvSessionKey);
        add(map, "emv_arqc_verify", 4, CardImports::emvArqcVerify);
        add(map, "emv_arpc", 4, CardImports::emvArpc);
        add(map, "random", 2, DataImports::random);

        return Map.copyOf(map);
    }

    private static void add(Map<String, Function<CryptoContext, HostFunction>> map, String name, int parameters,
            HostCall body) {
        map.put(HostCall.MODULE + "." + name, context -> HostCall.function(name, parameters, body, context));
    }
}
