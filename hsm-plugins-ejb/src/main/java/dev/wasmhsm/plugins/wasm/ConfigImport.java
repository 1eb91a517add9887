package dev.wasmhsm.plugins.wasm;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code hsm.config(keyPtr, keyLen, outPtr, outCap) -> len} import: copies a configuration value into guest
 * memory and returns its full length, or -1 for an unknown key.
 */
final class ConfigImport {
    static final String MODULE = "hsm";
    static final String NAME = "config";

    private ConfigImport() {
    }

    static HostFunction of(Map<String, byte[]> values) {
        var type = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

        return new HostFunction(MODULE, NAME, type, (Instance instance, long... args) -> {
            var memory = instance.memory();
            var key = memory.readString((int) args[0], (int) args[1], StandardCharsets.UTF_8);
            var value = values.get(key);
            if (value == null) {
                return new long[] {-1};
            }
            memory.write((int) args[2], value, 0, (int) Math.min(value.length, args[3] & 0xFFFFFFFFL));

            return new long[] {value.length};
        });
    }
}
