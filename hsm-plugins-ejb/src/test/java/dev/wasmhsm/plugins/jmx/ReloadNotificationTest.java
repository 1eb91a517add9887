package dev.wasmhsm.plugins.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.EngineConfig;
import dev.wasmhsm.engine.HsmEngine;
import dev.wasmhsm.engine.registry.ReloadThrottle;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JMX notification per reload or unload, in order of generation, sent after the bean's lock: a listener that
 * reads the bean from another thread while it handles the notification gets its answer.
 */
class ReloadNotificationTest {
    private static final Path PLUGINS = Path.of(System.getProperty("wasmhsm.plugins", "../plugins"));

    @Test
    void eachReloadAndUnloadIsAnnouncedOnceWithItsGeneration(@TempDir Path commands) throws Exception {
        Files.copy(PLUGINS.resolve("wasm/NC.wasm"), commands.resolve("NC.wasm"));
        var properties = new Properties();
        properties.setProperty("hsm.commands.dir", commands.toString());
        properties.setProperty("hsm.security.profile", "legacy");
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        var engine = HsmEngine.start(EngineConfig.from(properties), scheduler);
        var management = new PluginRegistryManagement(engine.registry(), new ReloadThrottle(10, 30, System::nanoTime));
        var server = ManagementFactory.getPlatformMBeanServer();
        var name = new ObjectName(PluginRegistryMXBean.OBJECT_NAME);
        var received = new CopyOnWriteArrayList<Notification>();
        var answers = new CopyOnWriteArrayList<Object>();
        NotificationListener listener = (notification, handback) -> {
            received.add(notification);
            var reader = new Thread(() -> answers.add(management.getLoadedCommands().size()));
            reader.start();
            try {
                reader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            management.register();
            server.addNotificationListener(name, listener, null, null);
            management.reload();
            management.reload("NC");
            management.unload("NC");

            var generations = received.stream().map(Notification::getUserData).toList();
            assertEquals(3, received.size(), generations.toString());
            assertTrue((long) generations.get(0) < (long) generations.get(1)
                    && (long) generations.get(1) < (long) generations.get(2), generations.toString());
            assertTrue(received.stream().allMatch(n -> n.getType().equals(PluginRegistryManagement.RELOAD_NOTIFICATION)));
            assertTrue(received.get(2).getMessage().contains("NC"), received.get(2).getMessage());
            assertEquals(List.of(1, 1, 0), answers, "the listener's own reads were answered");
        } finally {
            server.removeNotificationListener(name, listener);
            management.unregister();
            engine.stop();
            scheduler.shutdownNow();
        }
    }
}
