package dev.wasmhsm.engine.abi;

import java.util.List;

/**
 * The outcome of one ABI check of a module, as both the loader and the plugin tool need it: what the check found,
 * and every rule the module breaks. The loader refuses a module with a problem; the tool prints each check.
 *
 * @param found what the check found, such as the names of the exports or imports.
 * @param problems the rules the module breaks, each a lower-case phrase; empty when it passed.
 */
public record AbiCheck(List<String> found, List<String> problems) {
    /**
     * Copies the lists.
     */
    public AbiCheck {
        found = List.copyOf(found);
        problems = List.copyOf(problems);
    }

    /** @return true when the module breaks none of the check's rules. */
    public boolean passed() {
        return problems.isEmpty();
    }

    /**
     * Throws unless the check passed.
     *
     * @throws PluginException naming every problem, when there is one.
     */
    public void require() throws PluginException {
        if (!passed()) {
            throw new PluginException(String.join("; ", problems));
        }
    }
}
