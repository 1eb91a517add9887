package dev.wasmhsm.engine.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.protocol.ErrorCode;
import java.util.Collections;
import java.util.List;

/**
 * The body of a cryptographic host function, and how it becomes a Chicory {@link HostFunction}: every parameter
 * and the result are {@code i32}, and a refused input becomes the negative payShield error code, never a trap.
 */
@FunctionalInterface
interface HostCall {
    /** The import module of every host function. */
    String MODULE = "hsm";

    /**
     * Runs the function.
     *
     * @param context the LMK and random source.
     * @param memory the guest's memory.
     * @param keys the call's keys, as the key policy lets the function use them.
     * @param args the {@code i32} arguments.
     * @return the result for the guest.
     * @throws CryptoException when the guest's input is refused.
     */
    int apply(CryptoContext context, GuestMemory memory, KeyPolicy keys, int[] args) throws CryptoException;

    /**
     * Runs a body on raw arguments, turning a refusal into its negative error code.
     *
     * @param body the body.
     * @param context the LMK and random source.
     * @param memory the guest's memory.
     * @param args the raw arguments.
     * @return the result, or the negative error code.
     */
    static int invoke(HostCall body, CryptoContext context, GuestMemory memory, long... args) {
        var handles = KeyHandles.current();
        if (handles == null) {
            return ErrorCode.INVALID_INPUT.hostResult();
        }
        var ints = new int[args.length];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = (int) args[i];
        }
        try {
            return body.apply(context, memory, handles.policy(context), ints);
        } catch (CryptoException e) {
            return e.errorCode().hostResult();
        }
    }

    /**
     * Builds the host function.
     *
     * @param name the import name.
     * @param parameters the number of {@code i32} parameters.
     * @param body the body.
     * @param context the LMK and random source.
     * @return the function.
     */
    static HostFunction function(String name, int parameters, HostCall body, CryptoContext context) {
        var type = FunctionType.of(Collections.nCopies(parameters, ValType.I32), List.of(ValType.I32));

        return new HostFunction(MODULE, name, type,
                (instance, args) -> new long[] {invoke(body, context, new GuestMemory(instance.memory()), args)});
    }
}
