package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.runtime.ImportValues;
import java.util.function.Supplier;

/**
 * The host functions one plugin version is linked with, and the scope each of its calls opens before the guest
 * runs and closes after it, whatever happened (the cryptographic host functions keep the call's clear keys in it).
 *
 * @param values the import values its instances are built with.
 * @param callScope opens the scope of one call.
 */
public record LinkedImports(ImportValues values, Supplier<CallScope> callScope) {
    private static final Supplier<CallScope> NO_SCOPE = () -> CallScope.NONE;

    /**
     * Returns imports whose calls need no scope.
     *
     * @param values the import values.
     * @return the linked imports.
     */
    public static LinkedImports withoutScope(ImportValues values) {
        return new LinkedImports(values, NO_SCOPE);
    }
}
