package dev.wasmhsm.plugins.registry;

import dev.wasmhsm.plugins.jmx.PluginRegistryManagement;
import dev.wasmhsm.plugins.log.RequestLog;
import dev.wasmhsm.protocol.HsmRequest;
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
 * The application's one plugin registry: loads the commands directory at start, serves every request, and
 * offers reload through JMX.
 *
 * <p>Bean-managed concurrency: requests run in parallel without the container's lock; the registry itself keeps
 * them safe (an immutable plugin map, pooled single-threaded instances).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PluginRegistryBean {
    private static final Logger LOG = Logger.getLogger(PluginRegistryBean.class);

    @Resource
    private ManagedScheduledExecutorService scheduler;
    private RequestLog requestLog;
    private PluginRegistry registry;
    private PluginRegistryManagement management;

    @PostConstruct
    void start() {
        var config = RegistryConfig.from(System.getProperties());
        requestLog = new RequestLog(config.logMdc());
        try {
            BundledPlugins.seedIfAbsent(config.commandsDirectory());
        } catch (IOException e) {
            LOG.errorf(e, "event=plugins.seed directory=%s", config.commandsDirectory());
        }
        requestLog.start(scheduler);
        registry = new PluginRegistry(config, requestLog, scheduler);
        registry.start();
        management = new PluginRegistryManagement(registry);
        try {
            management.register();
        } catch (JMException e) {
            LOG.errorf(e, "event=jmx.register name=%s", PluginRegistryManagement.OBJECT_NAME);
        }
    }

    @PreDestroy
    void stop() {
        management.unregister();
        registry.stop();
        requestLog.stop();
    }

    /**
     * Answers one request.
     *
     * @param request the request as the adapter delivered it.
     * @return the reply message.
     */
    public byte[] execute(HsmRequest request) {
        return registry.execute(request.clientAddress(), request.message(), request.activeConnections());
    }

    /**
     * Returns the registry.
     *
     * @return the registry.
     */
    public PluginRegistry registry() {
        return registry;
    }
}
