package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.engine.registry.PluginRegistry;
import dev.wasmhsm.engine.registry.ReloadReport;
import dev.wasmhsm.engine.registry.ReloadThrottle;
import dev.wasmhsm.engine.status.Listeners;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * The MXBean over a {@link PluginRegistry}; it registers itself and one {@link PluginMXBean} per command in
 * service, and keeps those in step with the registry after every reload.
 */
public final class PluginRegistryManagement implements PluginRegistryMXBean {
    private static final Logger LOG = Logger.getLogger(PluginRegistryManagement.class);
    private static final String PLUGIN_NAME = "dev.wasmhsm:type=Plugin,command=";

    /** The type of the notification sent after every reload and unload, from JMX or the directory watcher. */
    public static final String RELOAD_NOTIFICATION = "dev.wasmhsm.plugins.reload";

    private final PluginRegistry registry;
    private final ReloadThrottle throttle;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Set<String> registered = new TreeSet<>();
    private final NotificationBroadcasterSupport notifications = new NotificationBroadcasterSupport(
            new MBeanNotificationInfo(new String[] {RELOAD_NOTIFICATION}, Notification.class.getName(),
                    "A reload or an unload ended; the message is its report, the user data its generation"));
    private final AtomicLong sequence = new AtomicLong();
    private boolean closed;
    private long notifiedGeneration;

    /**
     * Creates the management view.
     *
     * @param registry the registry it manages.
     * @param throttle limits how often reload and unload run.
     */
    public PluginRegistryManagement(PluginRegistry registry, ReloadThrottle throttle) {
        this.registry = registry;
        this.throttle = throttle;
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
        server.registerMBean(new DescribedMBean<>(this, PluginRegistryMXBean.class, "The command plugins: reload,"
                + " unload and what is in service", notifications), name);
        synchronized (this) {
            var last = registry.lastReload();
            // What loaded before the bean existed is no news to a listener that subscribes after it.
            notifiedGeneration = last == null ? 0 : last.generation();
        }
        registry.addListener(this::syncPlugins);
        syncPlugins();
    }

    /** Unregisters the bean and the beans of the plugins; a reload that ends later registers nothing. */
    public synchronized void unregister() {
        closed = true;
        for (var command : List.copyOf(registered)) {
            unregisterQuietly(PLUGIN_NAME + command);
            registered.remove(command);
        }
        unregisterQuietly(OBJECT_NAME);
    }

    @Override
    public String reload() {
        return throttled("reload", "all", () -> registry.reload().summary());
    }

    @Override
    public String reload(String command) {
        requireCode(command);

        return throttled("reload", String.valueOf(command), () -> registry.reload(command).summary());
    }

    /**
     * Takes a command out of service at once, throttle or not: it is the operator's emergency stop for a bad
     * plugin, and it compiles nothing.
     */
    @Override
    public String unload(String command) {
        requireCode(command);
        var summary = registry.unload(command).summary();
        JmxCaller.audit("unload", String.valueOf(command), summary);

        return summary;
    }

    @Override
    public List<String> getLoadedCommands() {
        return registry.plugins().values().stream()
                .map(p -> p.code() + " " + p.metadata().version() + ": " + p.metadata().description() + " (sha256 "
                        + p.sha256().substring(0, 12) + ")")
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
            return Listeners.read().stream().mapToInt(Listeners.Listener::active).sum();
        } catch (IllegalStateException e) {
            LOG.debugf("event=jmx.connections description=\"%s\"", e.getMessage());

            return -1;
        }
    }

    /** Refuses what is no command code before it reaches the registry or the audit line. */
    private static void requireCode(String command) {
        if (command == null || !command.matches("[0-9A-Za-z]{2}")) {
            throw new IllegalArgumentException("a command code is two letters or digits, such as NC");
        }
    }

    /**
     * Runs a reload if the throttle allows it, and audits it either way; a refusal is an exception, so that a
     * script cannot take it for a reload.
     */
    private String throttled(String operation, String target, Supplier<String> action) {
        var refusal = throttle.acquire();
        var summary = refusal != null ? refusal : action.get();
        JmxCaller.audit(operation, target, summary);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }

        return summary;
    }

    /**
     * Registers a bean for each command now in service and unregisters those of commands gone, then sends one
     * notification for a reload it has not announced yet. The notification goes out after the lock: a listener
     * that is slow or calls back into the bean holds up neither the registry nor the next reload's beans.
     */
    private void syncPlugins() {
        var news = syncBeans();
        if (news != null) {
            var notification = new Notification(RELOAD_NOTIFICATION, PluginRegistryMXBean.OBJECT_NAME,
                    sequence.incrementAndGet(), news.summary());
            notification.setUserData(news.generation());
            notifications.sendNotification(notification);
        }
    }

    /** @return the reload to announce, or null when it was announced already (or the bean is closed). */
    private synchronized ReloadReport syncBeans() {
        if (closed) {
            return null;
        }
        var last = registry.lastReload();
        var commands = registry.plugins().keySet();
        for (var command : List.copyOf(registered)) {
            if (!commands.contains(command)) {
                unregisterQuietly(PLUGIN_NAME + command);
                registered.remove(command);
            }
        }
        for (var command : commands) {
            if (!registered.contains(command)) {
                try {
                    var name = new ObjectName(PLUGIN_NAME + command);
                    if (server.isRegistered(name)) {
                        server.unregisterMBean(name);
                    }
                    server.registerMBean(new PluginManagement(registry, command), name);
                    registered.add(command);
                } catch (JMException e) {
                    LOG.errorf(e, "event=jmx.register name=%s%s", PLUGIN_NAME, command);
                }
            }
        }
        if (last == null || last.generation() <= notifiedGeneration) {
            return null;
        }
        notifiedGeneration = last.generation();

        return last;
    }

    private void unregisterQuietly(String name) {
        try {
            server.unregisterMBean(new ObjectName(name));
        } catch (JMException e) {
            LOG.debugf("event=jmx.unregister name=%s description=\"%s\"", name, e.getMessage());
        }
    }
}
