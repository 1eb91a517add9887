package dev.wasmhsm.plugins.ejb;

import dev.wasmhsm.engine.EngineConfig;
import dev.wasmhsm.engine.HsmEngine;
import dev.wasmhsm.engine.metrics.MetricsAccess;
import dev.wasmhsm.engine.metrics.PrometheusText;
import dev.wasmhsm.engine.registry.BundledPlugins;
import dev.wasmhsm.engine.registry.ReloadThrottle;
import dev.wasmhsm.plugins.jmx.AuthorisedStateManagement;
import dev.wasmhsm.plugins.jmx.PluginRegistryManagement;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import org.jboss.logging.Logger;

/**
 * The application's one plugin engine: seeds a fresh commands directory with the bundled plugins, starts the
 * engine on the container's scheduler, serves every request, and offers reload and the authorised state through
 * JMX.
 *
 * <p>Bean-managed concurrency: requests run in parallel without the container's lock; the engine itself keeps
 * them safe (an immutable plugin map, pooled single-threaded instances).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HsmEngineBean {
    private static final Logger LOG = Logger.getLogger(HsmEngineBean.class);

    @Resource
    private ManagedScheduledExecutorService scheduler;
    private HsmEngine engine;
    private PluginRegistryManagement management;
    private AuthorisedStateManagement authorised;
    private Set<String> requiredCommands;
    private MetricsAccess metricsAccess;

    /**
     * The engine as readiness sees it.
     *
     * @param draining whether the engine has begun to stop.
     * @param served the commands a plugin serves now.
     * @param required the commands that must be served for the node to take traffic ({@code hsm.health.requiredCommands}).
     */
    public record EngineState(boolean draining, Set<String> served, Set<String> required) {
    }

    @PostConstruct
    void start() {
        var settings = ServerSettings.current();
        if (!settings.fromEnvironment().isEmpty()) {
            LOG.infof("event=settings.environment variables=%s description=\"HSM settings the environment gives,"
                    + " where no system property sets them\"", String.join(",", settings.fromEnvironment()));
        }
        var config = EngineConfig.from(settings);
        requiredCommands = requiredCommands(settings.getProperty("hsm.health.requiredCommands", "NC"));
        metricsAccess = MetricsAccess.from(settings);
        var directory = config.registry().commandsDirectory();
        var resources = HsmEngineBean.class.getClassLoader();
        var manifest = "";
        try {
            BundledPlugins.seedIfAbsent(directory, resources);
            manifest = BundledPlugins.manifest(resources);
        } catch (IOException e) {
            LOG.errorf(e, "event=plugins.seed directory=%s", directory);
        }
        engine = HsmEngine.start(config, scheduler, manifest);
        management = new PluginRegistryManagement(engine.registry(), ReloadThrottle.from(settings));
        authorised = new AuthorisedStateManagement(engine.authorisedState(), engine.securityProfile());
        try {
            management.register();
            authorised.register();
        } catch (JMException e) {
            LOG.errorf(e, "event=jmx.register description=\"%s\"", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        authorised.unregister();
        management.unregister();
        engine.stop();
    }

    /**
     * Answers one request.
     *
     * @param request the request as the adapter delivered it.
     * @return the reply message.
     */
    public byte[] execute(HsmRequest request) {
        return engine.execute(request);
    }

    /**
     * Writes the engine's metrics, for the operations endpoint.
     *
     * @param out the Prometheus text.
     */
    public void writeMetrics(PrometheusText out) {
        engine.writeMetrics(out);
    }

    /**
     * Tells who may read the metrics ({@code hsm.metrics.*}, read at start).
     *
     * @return the rules.
     */
    public MetricsAccess metricsAccess() {
        return metricsAccess;
    }

    /**
     * Tells what readiness needs to know of the engine: whether it is draining, and which commands it serves.
     *
     * @return the engine's state now.
     */
    public EngineState state() {
        return new EngineState(engine.stopping(), new TreeSet<>(engine.registry().plugins().keySet()),
                requiredCommands);
    }

    private static Set<String> requiredCommands(String list) {
        var commands = new TreeSet<String>();
        for (var code : list.split(",")) {
            var trimmed = code.strip();
            if (!trimmed.isEmpty() && !trimmed.matches("[0-9A-Za-z]{2}")) {
                throw new IllegalArgumentException("hsm.health.requiredCommands is a comma-separated list of command"
                        + " codes, not " + list);
            }
            if (!trimmed.isEmpty()) {
                commands.add(trimmed);
            }
        }

        return Set.copyOf(commands);
    }
}
