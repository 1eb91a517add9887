package dev.wasmhsm.rar.inbound;

import dev.wasmhsm.rar.transport.RequestHandler;
import dev.wasmhsm.rar.transport.TcpListener;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;
import org.jboss.logging.Logger;

/**
 * The resource adapter: each activated message-driven bean gets a TCP listener that delivers the payShield host
 * commands it receives to the bean; the outbound connector's local mode delivers to the same endpoint
 * ({@link #localHandler()}).
 *
 * <p>The accepting loop of each listener runs as a long-lived Work on the container's work manager; connection
 * threads are the listener's own (see {@link TcpListener}).
 */
public class HsmResourceAdapter implements ResourceAdapter {
    private static final Logger LOG = Logger.getLogger(HsmResourceAdapter.class);

    private final Map<ActivationSpec, Activation> activations = new ConcurrentHashMap<>();
    private WorkManager workManager;

    /** A listener, its endpoint pool and the dispatcher over it, stopped together. */
    private record Activation(TcpListener listener, EndpointPool pool, RequestHandler dispatcher, boolean named) {
        void stop() {
            listener.stop();
            pool.close();
        }
    }

    /** The accepting loop as a Work; it ends when the listener closes its socket. */
    private record AcceptorWork(Runnable loop) implements Work, WorkContextProvider {
        @Override
        public List<WorkContext> getWorkContexts() {
            var hints = new HintsContext();
            hints.setHint(HintsContext.LONGRUNNING_HINT, true);
            hints.setHint(HintsContext.NAME_HINT, "hsm-acceptor");

            return List.of(hints);
        }

        @Override
        public void run() {
            loop.run();
        }

        @Override
        public void release() {
            // The listener's stop closes the server socket, which ends the loop.
        }
    }

    @Override
    public void start(BootstrapContext context) {
        this.workManager = context.getWorkManager();
        LOG.info("event=adapter.start");
    }

    @Override
    public void stop() {
        activations.values().forEach(Activation::stop);
        activations.clear();
        LOG.info("event=adapter.stop");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof HsmActivationSpec hsmSpec)) {
            throw new NotSupportedException("unsupported activation spec " + spec.getClass().getName());
        }
        if (ListenerSettings.isOff(hsmSpec)) {
            LOG.infof("event=listener.off listener=%s description=\"speaks TLS only and %stls.keyStore is not set\"",
                    hsmSpec.getListenerName(), ListenerSettings.prefixOf(hsmSpec));

            return;
        }
        var config = ListenerSettings.resolve(hsmSpec);
        var pool = new EndpointPool(factory);
        var dispatcher = new EndpointDispatcher(pool);
        var listener = new TcpListener(config, dispatcher);
        try {
            listener.start(this::startAcceptor);
        } catch (IOException | RuntimeException e) {
            pool.close();
            throw new ResourceAdapterInternalException("cannot listen on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        var name = hsmSpec.getListenerName();
        activations.put(spec, new Activation(listener, pool, dispatcher, name != null && !name.isBlank()));
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        var activation = activations.remove(spec);
        if (activation != null) {
            activation.stop();
        }
    }

    /**
     * Returns the way into the HSM for the outbound connector's local mode: the endpoint of the host port's
     * listener (the default, unnamed one), else of any active listener.
     *
     * @return the dispatcher, or null when no listener is active.
     */
    public RequestHandler localHandler() {
        RequestHandler any = null;
        for (var activation : activations.values()) {
            if (!activation.named()) {
                return activation.dispatcher();
            }
            any = activation.dispatcher();
        }

        return any;
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /**
     * Adapters are equal only to themselves: this one has no configuration properties of its own.
     *
     * @param other the object to compare.
     * @return whether other is this adapter.
     */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    private void startAcceptor(Runnable acceptLoop) {
        try {
            workManager.startWork(new AcceptorWork(acceptLoop), WorkManager.INDEFINITE, null, null);
        } catch (WorkException e) {
            throw new IllegalStateException("the work manager refused the accepting loop", e);
        }
    }
}
