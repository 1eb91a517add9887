package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.engine.registry.PluginRegistry;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.util.List;

/** The management view of the plugin serving one command; it reads the version in service at each access. */
final class PluginManagement implements PluginMXBean {
    private final PluginRegistry registry;
    private final String command;

    PluginManagement(PluginRegistry registry, String command) {
        this.registry = registry;
        this.command = command;
    }

    @Override
    public String getCommand() {
        return command;
    }

    @Override
    public String getResponse() {
        return plugin().metadata().response();
    }

    @Override
    public String getDescription() {
        return plugin().metadata().description();
    }

    @Override
    public String getVersion() {
        return plugin().metadata().version();
    }

    @Override
    public String getAuthor() {
        return plugin().metadata().author();
    }

    @Override
    public int getAbiVersion() {
        return plugin().metadata().abi();
    }

    @Override
    public List<String> getImports() {
        return plugin().metadata().imports();
    }

    @Override
    public String getContentHash() {
        return plugin().sha256();
    }

    @Override
    public String getLoadedAt() {
        return plugin().loadedAt().toString();
    }

    @Override
    public long getCalls() {
        return plugin().stats().calls();
    }

    @Override
    public long getErrors() {
        return plugin().stats().errors();
    }

    @Override
    public long getTimeouts() {
        return plugin().stats().timeouts();
    }

    @Override
    public double getMeanLatencyMicros() {
        return plugin().stats().meanMicros();
    }

    @Override
    public double getP99LatencyMicros() {
        return plugin().stats().percentileMicros(99);
    }

    @Override
    public int getBusyInstances() {
        return plugin().inFlight();
    }

    @Override
    public int getIdleInstances() {
        return plugin().idleInstances();
    }

    @Override
    public String getLimits() {
        return plugin().limits().toString();
    }

    private WasmPlugin plugin() {
        var plugin = registry.plugin(command);
        if (plugin == null) {
            throw new IllegalStateException("command " + command + " is no longer loaded");
        }

        return plugin;
    }
}
