package dev.wasmhsm.engine.registry;

import dev.wasmhsm.protocol.LogText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one reload did.
 *
 * @param generation the plugin set's generation after the reload.
 * @param time when the reload finished.
 * @param loaded commands that were new.
 * @param replaced commands whose module changed.
 * @param removed commands whose file is gone, or that were unloaded.
 * @param unchanged commands whose module is the same as before.
 * @param failed commands that failed to load, each as {@code CODE (reason)}; a previous version keeps serving.
 */
public record ReloadReport(long generation, Instant time, List<String> loaded, List<String> replaced,
        List<String> removed, List<String> unchanged, List<String> failed) {
    /** Collects a report while a reload runs; every list comes out sorted. */
    static final class Builder {
        private final long generation;
        private final List<String> loaded = new ArrayList<>();
        private final List<String> replaced = new ArrayList<>();
        private final List<String> removed = new ArrayList<>();
        private final List<String> unchanged = new ArrayList<>();
        private final List<String> failed = new ArrayList<>();

        Builder(long generation) {
            this.generation = generation;
        }

        void loaded(String code) {
            loaded.add(code);
        }

        void replaced(String code) {
            replaced.add(code);
        }

        void removed(String code) {
            removed.add(code);
        }

        void unchanged(String code) {
            unchanged.add(code);
        }

        void failed(String code, String reason) {
            // The reason may carry a hostile module's import names or text: made safe for the log's quoted field.
            failed.add(code + " (" + LogText.quoted(reason) + ")");
        }

        ReloadReport build(Instant time) {
            return new ReloadReport(generation, time, sorted(loaded), sorted(replaced), sorted(removed),
                    sorted(unchanged), sorted(failed));
        }

        private static List<String> sorted(List<String> codes) {
            return codes.stream().sorted().toList();
        }
    }

    /**
     * Copies the lists.
     */
    public ReloadReport {
        loaded = List.copyOf(loaded);
        replaced = List.copyOf(replaced);
        removed = List.copyOf(removed);
        unchanged = List.copyOf(unchanged);
        failed = List.copyOf(failed);
    }

    /**
     * Returns the one-line summary the reload operations answer.
     *
     * @return the summary.
     */
    public String summary() {
        return "generation " + generation + ": loaded " + loaded + ", replaced " + replaced + ", removed " + removed
                + ", unchanged " + unchanged + ", failed " + failed;
    }

    /**
     * Tells whether everything the reload tried succeeded.
     *
     * @return true when nothing failed.
     */
    public boolean succeeded() {
        return failed.isEmpty();
    }
}
