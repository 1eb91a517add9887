package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.plugins.registry.PluginRegistry;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/** The MXBean over a {@link PluginRegistry}; it registers and unregisters itself. */
public final class PluginRegistryManagement implements PluginRegistryMXBean {
    private static final Logger LOG = Logger.getLogger(PluginRegistryManagement.class);

    private final PluginRegistry registry;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /**
     * Creates the management view.
     *
     * @param registry the registry it manages.
     */
    public PluginRegistryManagement(PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the bean, replacing a stale registration left by an earlier deployment.
     *
     * @throws JMException when the MBean server refuses it.
     */
    public void register() throws JMException {
        var name = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(this, name);
    }

    /** Unregisters the bean. */
    public void unregister() {
        try {
            server.unregisterMBean(new ObjectName(OBJECT_NAME));
        } catch (JMException e) {
            LOG.debugf("event=jmx.unregister description=\"%s\"", e.getMessage());
        }
    }

    @Override
    public String reload() {
        return registry.reload().summary();
    }

    @Override
    public List<String> getLoadedCommands() {
        return registry.plugins().values().stream()
                .map(p -> p.code() + ": " + p.description() + " (sha256 " + p.sha256().substring(0, 12) + ")")
                .toList();
    }

    @Override
    public long getGeneration() {
        var last = registry.lastReload();

        return last == null ? 0 : last.generation();
    }

    @Override
    public String getLastReloadTime() {
        var last = registry.lastReload();

        return last == null ? "" : last.time().toString();
    }

    @Override
    public String getLastReloadOutcome() {
        var last = registry.lastReload();

        return last == null ? "" : last.summary();
    }

    @Override
    public String getCommandsDirectory() {
        return registry.directory().toString();
    }

    @Override
    public int getActiveConnections() {
        try {
            int total = 0;
            for (var name : server.queryNames(new ObjectName("dev.wasmhsm:type=Listener,*"), null)) {
                total += (Integer) server.getAttribute(name, "ActiveConnections");
            }

            return total;
        } catch (JMException e) {
            LOG.debugf("event=jmx.connections description=\"%s\"", e.getMessage());

            return -1;
        }
    }
}
