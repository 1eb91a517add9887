package dev.wasmhsm.bench;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare Chicory call of NC, the baseline: the module parsed and compiled once with the runtime compiler, one
 * instance with a byte-array memory and the {@code hsm.config} host function, then per request alloc, write the
 * request, Execute, read the reply, reset, as ABI v1 says. No pool, no watchdog, no statistics, no reply check.
 *
 * <p>The host function replicates the registry's package-private {@code ConfigImport} minimally.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BareCallBenchmark {
    private Command request;
    private Memory memory;
    private ExportFunction alloc;
    private ExportFunction execute;
    private ExportFunction reset;

    /** Parses, compiles and instantiates NC, and checks its reply once. */
    @Setup(Level.Trial)
    public void setUp() {
        request = Command.of("NC");
        var module = Parser.parse(BenchPlugins.bytes("NC"));
        var instance = Instance.builder(module)
                .withImportValues(ImportValues.builder().addFunction(config(BenchPlugins.values())).build())
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .withMemoryFactory(ByteArrayMemory::new)
                .build();
        memory = instance.memory();
        alloc = instance.export("alloc");
        execute = instance.export("Execute");
        reset = instance.export("reset");
        request.check(call(), "the bare Chicory call");
    }

    /**
     * One request: alloc, write, Execute, read, reset.
     *
     * @return the reply.
     */
    @Benchmark
    @Threads(1)
    public byte[] call() {
        var message = request.message();
        int pointer = (int) alloc.apply(message.length)[0];
        memory.write(pointer, message);
        long packed = execute.apply(pointer, message.length)[0];
        var reply = memory.readBytes((int) (packed >>> 32), (int) packed);
        reset.apply();

        return reply;
    }

    /** The {@code hsm.config(keyPtr, keyLen, outPtr, outCap) -> len} import, as the registry links it. */
    private static HostFunction config(Map<String, byte[]> values) {
        var type = FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

        return new HostFunction("hsm", "config", type, (Instance instance, long... args) -> {
            var key = instance.memory().readString((int) args[0], (int) args[1], StandardCharsets.UTF_8);
            var value = values.get(key);
            if (value == null) {
                return new long[] {-1};
            }
            instance.memory().write((int) args[2], value, 0, (int) Math.min(value.length, args[3] & 0xFFFFFFFFL));

            return new long[] {value.length};
        });
    }
}
