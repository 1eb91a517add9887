package dev.wasmhsm.plugins.registry;

import java.time.Instant;
import java.util.List;

/**
 * What one reload of the commands directory did.
 *
 * @param generation the plugin set's generation after the reload.
 * @param time when the reload finished.
 * @param loaded commands that were new.
 * @param replaced commands whose module changed.
 * @param removed commands whose file is gone.
 * @param unchanged commands whose module is the same as before.
 * @param failed commands that failed to load, with the reason; a previous version keeps serving.
 */
public record ReloadReport(long generation, Instant time, List<String> loaded, List<String> replaced,
        List<String> removed, List<String> unchanged, List<String> failed) {
    /**
     * Returns the one-line summary the reload operation answers.
     *
     * @return the summary.
     */
    public String summary() {
        return "generation " + generation + ": loaded " + loaded + ", replaced " + replaced + ", removed " + removed
                + ", unchanged " + unchanged + ", failed " + failed;
    }

    /**
     * Tells whether every module in the directory loaded.
     *
     * @return true when nothing failed.
     */
    public boolean succeeded() {
        return failed.isEmpty();
    }
}
