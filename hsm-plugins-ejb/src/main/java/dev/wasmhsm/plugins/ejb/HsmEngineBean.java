package dev.wasmhsm.plugins.ejb;

import dev.wasmhsm.engine.EngineConfig;
import dev.wasmhsm.engine.HsmEngine;
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

    @PostConstruct
    void start() {
        var settings = ServerSettings.current();
        var config = EngineConfig.from(settings);
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
}
