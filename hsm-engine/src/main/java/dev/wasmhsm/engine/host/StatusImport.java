package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmhsm.engine.status.HsmStatus;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code hsm.status(kind, outPtr, outCap) -> len} import: copies the host's answer to a health or utilisation
 * command into guest memory and returns its full length, or -1 for an unknown kind, no statistics (a plugin run
 * outside a server), or an output range outside guest memory. The kinds are the command's second character:
 * {@code 'K'} (JK), {@code '2'} (J2), {@code '4'} (J4), {@code '8'} (J8). The figures are the host's; a plugin
 * only frames them.
 */
final class StatusImport {
    static final String NAME = "status";

    private StatusImport() {
    }

    static HostFunction of(Supplier<HsmStatus> status) {
        var type = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

        return new HostFunction(ConfigImport.MODULE, NAME, type, (Instance instance, long... args) -> {
            var current = status.get();
            if (current == null) {
                return new long[] {-1};
            }
            byte[] value = switch ((int) args[0]) {
                case 'K' -> current.healthCheck();
                case '2' -> current.loading();
                case '4' -> current.volumes();
                case '8' -> current.healthCounts();
                default -> null;
            };
            if (value == null) {
                return new long[] {-1};
            }
            var memory = instance.memory();
            long size = (long) memory.pages() * Memory.PAGE_SIZE;
            long outPointer = args[1] & 0xFFFFFFFFL;
            long copied = Math.min(value.length, args[2] & 0xFFFFFFFFL);
            if (outPointer + copied > size) {
                return new long[] {-1};
            }
            memory.write((int) outPointer, value, 0, (int) copied);

            return new long[] {value.length};
        });
    }
}
