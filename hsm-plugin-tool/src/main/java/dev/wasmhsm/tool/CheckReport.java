package dev.wasmhsm.tool;

import dev.wasmhsm.engine.abi.AbiCheck;
import java.io.PrintStream;

/** Prints the outcome of checks, one line each, and remembers whether one failed. */
final class CheckReport {
    private static final String INDENT = "     ";

    private final PrintStream out;
    private boolean failed;

    /**
     * Creates the report.
     *
     * @param out where the lines go.
     */
    CheckReport(PrintStream out) {
        this.out = out;
    }

    /**
     * Reports a check that passed.
     *
     * @param check what was checked, with any details.
     */
    void ok(String check) {
        out.println("ok   " + check);
    }

    /**
     * Reports a check that failed.
     *
     * @param check what was checked.
     * @param reason why it failed.
     */
    void fail(String check, String reason) {
        out.println("FAIL " + check + ": " + reason);
        failed = true;
    }

    /**
     * Reports an ABI check: ok with what it found, or failed with every problem.
     *
     * @param name what was checked.
     * @param check its outcome.
     * @param found what to say when it passed.
     */
    void check(String name, AbiCheck check, String found) {
        if (check.passed()) {
            ok(name + ": " + found);
        } else {
            fail(name, String.join("; ", check.problems()));
        }
    }

    /**
     * Reports a check that was not run.
     *
     * @param check what would have been checked.
     * @param reason why it was not.
     */
    void skip(String check, String reason) {
        out.println("skip " + check + ": " + reason);
    }

    /**
     * Prints a detail of the last check, indented under it.
     *
     * @param detail the text.
     */
    void detail(String detail) {
        out.println(INDENT + detail);
    }

    /** @return true when a check failed. */
    boolean failed() {
        return failed;
    }
}
