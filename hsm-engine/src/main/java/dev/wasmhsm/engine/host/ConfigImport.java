package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The {@code hsm.config(keyPtr, keyLen, outPtr, outCap) -> len} import: copies a configuration value into guest
 * memory and returns its full length, or -1 for an unknown key or a key or output range outside guest memory.
 */
final class ConfigImport {
    static final String MODULE = "hsm";
    static final String NAME = "config";

    private static final long MAX_KEY_LENGTH = 256;

    private ConfigImport() {
    }

    static HostFunction of(Map<String, byte[]> values) {
        var type = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

        return new HostFunction(MODULE, NAME, type, (Instance instance, long... args) -> {
            var memory = instance.memory();
            long size = (long) memory.pages() * Memory.PAGE_SIZE;
            long keyPointer = args[0] & 0xFFFFFFFFL;
            long keyLength = args[1] & 0xFFFFFFFFL;
            long outPointer = args[2] & 0xFFFFFFFFL;
            if (keyPointer + keyLength > size || keyLength > MAX_KEY_LENGTH) {
                return new long[] {-1};
            }
            var value = values.get(memory.readString((int) keyPointer, (int) keyLength, StandardCharsets.UTF_8));
            if (value == null) {
                return new long[] {-1};
            }
            long copied = Math.min(value.length, args[3] & 0xFFFFFFFFL);
            if (outPointer + copied > size) {
                return new long[] {-1};
            }
            memory.write((int) outPointer, value, 0, (int) copied);

            return new long[] {value.length};
        });
    }
}
