package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.RandomSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * A guest for host function tests: a real Chicory instance of a module that has only one page of memory, a bump
 * allocator over it, and calls through the real {@code HostFunction} handles, inside a key table as in a call.
 */
final class Guest implements AutoCloseable {
    /** The smallest module with one exported memory page: the memory section and the export section. */
    private static final byte[] MODULE = {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x0A, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
    };

    private final Instance instance = Instance.builder(Parser.parse(MODULE)).build();
    private final CryptoContext context;
    private final KeyHandles keys = KeyHandles.open();
    private int next = 16;

    Guest(RandomSource random, SecurityProfile profile) {
        this(new CryptoContext(LmkSet.testLmk(), random, profile, new AuthorisedState(profile.dualControl(),
                Set.of("officer-1", "officer-2"), Clock.systemUTC())));
    }

    Guest(CryptoContext context) {
        this.context = context;
    }

    Guest(SecurityProfile profile) {
        this(RandomSource.secure(), profile);
    }

    /** A guest under the default (PCI) profile. */
    Guest() {
        this(SecurityProfile.PCI);
    }

    /** Writes text into guest memory and returns its address. */
    int put(String text) {
        return put(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes bytes into guest memory and returns its address. */
    int put(byte[] bytes) {
        int address = next;
        instance.memory().write(address, bytes);
        next += bytes.length + 8;

        return address;
    }

    /** Reserves an output buffer and returns its address. */
    int buffer(int length) {
        return put(new byte[length]);
    }

    /** Reads text from guest memory. */
    String text(int address, int length) {
        return instance.memory().readString(address, length, StandardCharsets.ISO_8859_1);
    }

    /** Reads bytes from guest memory. */
    byte[] bytes(int address, int length) {
        return instance.memory().readBytes(address, length);
    }

    /** Calls host function {@code hsm.<name>} as the guest would. */
    int call(String name, long... args) {
        var function = CryptoImports.all().get("hsm." + name).apply(context);

        return (int) function.handle().apply(instance, args)[0];
    }

    /** Enters authorised activities for a minute, by two principals (as dual control needs). */
    void authorise(String... activities) {
        for (var activity : activities) {
            context.authorised().authorise(activity, Duration.ofMinutes(1), "officer-1");
            if (context.authorised().dualControl()) {
                context.authorised().authorise(activity, Duration.ofMinutes(1), "officer-2");
            }
        }
    }

    /** Grows the guest's memory by pages of 64 KiB. */
    void grow(int pages) {
        instance.memory().grow(pages);
    }

    KeyHandles keys() {
        return keys;
    }

    @Override
    public void close() {
        keys.close();
    }
}
