package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.metrics.CommandMetrics;
import dev.wasmhsm.engine.status.HsmStatus;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A hostile guest calling {@code hsm.status} with pointers and kinds of its choosing. */
class StatusImportTest {
    /** One exported page of memory, as in {@link Guest}. */
    private static final byte[] MODULE = {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x0A, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
    };
    private static final int PAGE = 65_536;

    private final Instance instance = Instance.builder(Parser.parse(MODULE)).build();
    private final HsmStatus status = new HsmStatus(new CommandMetrics(code -> true), "WASMHSM00001", true, () -> 0,
            Clock.systemUTC());

    @Test
    void anAnswerPastTheEndOfGuestMemoryOrAnUnknownKindIsRefusedAndWritesNothing() {
        var function = StatusImport.of(() -> status);
        int length = status.healthCheck().length;

        assertEquals(length, call(function, 'K', 0, 4096));
        assertEquals(-1, call(function, 'K', PAGE - 10, 4096), "an answer that runs past the memory");
        assertEquals(0, instance.memory().read(PAGE - 10), "nothing written past a refused answer's start");
        assertEquals(-1, call(function, 'K', -16, 4096), "a pointer that wraps round");
        assertEquals(-1, call(function, 'Z', 0, 4096), "an unknown kind");
        assertEquals(-1, call(StatusImport.of(() -> null), 'K', 0, 4096), "no statistics");
        // A short buffer gets a truncated copy and the full length, as hsm.config answers.
        assertEquals(length, call(function, 'K', PAGE - 4, 4));
        assertTrue(length > 4);
    }

    private long call(HostFunction function, int kind, int pointer, int cap) {
        return function.handle().apply(instance, kind, pointer & 0xFFFFFFFFL, cap)[0];
    }
}
