package dev.wasmhsm.engine.abi;

import com.dylibso.chicory.wasm.WasmModule;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The stricter rules that the plugins shipped with the product, and the plugin template, follow on top of what the
 * host requires of any plugin: their metadata is written out in full, one {@code key=value} a line with LF line
 * ends, their sample request is for their own command, and they declare exactly the host functions they import.
 * {@code hsm-plugin-tool validate --strict} checks them, and {@code plugins/build.sh} runs it on every module it
 * builds; a test runs them on the committed modules.
 */
public final class BundledPluginRules {
    private static final Pattern LINE = Pattern.compile("[a-z][a-z0-9._-]*=.*");
    private static final List<String> REQUIRED = PluginMetadata.KEYS.stream().filter(key -> !"log".equals(key))
            .toList();

    private BundledPluginRules() {
    }

    /**
     * Checks a module against the rules.
     *
     * @param module the parsed module.
     * @return the check: what it confirmed, and every rule the module breaks.
     */
    public static AbiCheck check(WasmModule module) {
        String text;
        PluginMetadata metadata;
        try {
            text = PluginMetadata.sectionText(module);
            metadata = PluginMetadata.parse(text);
        } catch (PluginException e) {
            return new AbiCheck(List.of(), List.of(e.getMessage()));
        }
        var problems = new ArrayList<String>();
        if (text.indexOf('\r') >= 0) {
            problems.add("the metadata has CR characters; use LF line ends");
        }
        if (!text.endsWith("\n")) {
            problems.add("the metadata does not end with a line feed");
        }
        var keys = new TreeSet<String>();
        for (var line : text.split("\r?\n")) {
            if (!LINE.matcher(line).matches()) {
                problems.add("the metadata line '" + line.strip() + "' is not key=value");
            } else {
                keys.add(line.substring(0, line.indexOf('=')));
            }
        }
        REQUIRED.stream().filter(key -> !keys.contains(key))
                .forEach(key -> problems.add("the metadata has no " + key + "= line"));
        if (!metadata.sample().startsWith(metadata.command())) {
            problems.add("the sample request does not start with the command code " + metadata.command());
        }
        var imported = new TreeSet<>(ModuleTypes.importNames(module));
        var declared = new TreeSet<>(metadata.imports());
        if (!declared.equals(imported)) {
            problems.add("the metadata declares imports " + declared + " but the module imports " + imported);
        }

        return new AbiCheck(List.of("every key on a line of its own, a sample for " + metadata.command()
                + ", exactly the imports it declares"), problems);
    }
}
