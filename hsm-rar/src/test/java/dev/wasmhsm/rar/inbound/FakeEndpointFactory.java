package dev.wasmhsm.rar.inbound;

import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.rar.api.HsmRequestListener;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.transaction.xa.XAResource;

/**
 * Stands in for the container: its endpoints are proxies that are both a MessageEndpoint and the bean, which
 * answers with the given listener. It records the endpoints it created, those that answered and those released.
 */
final class FakeEndpointFactory implements MessageEndpointFactory {
    final List<MessageEndpoint> created = new CopyOnWriteArrayList<>();
    final List<MessageEndpoint> answered = new CopyOnWriteArrayList<>();
    final List<MessageEndpoint> released = new CopyOnWriteArrayList<>();
    private final HsmRequestListener bean;
    private volatile UnavailableException unavailable;

    FakeEndpointFactory(HsmRequestListener bean) {
        this.bean = bean;
    }

    /**
     * Makes every later createEndpoint throw.
     *
     * @param exception what createEndpoint throws.
     */
    void failWith(UnavailableException exception) {
        unavailable = exception;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
        if (unavailable != null) {
            throw unavailable;
        }
        var endpoint = (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, HsmRequestListener.class}, this::invoke);
        created.add(endpoint);

        return endpoint;
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
    }

    @Override
    public String getActivationName() {
        return "fake";
    }

    @Override
    public Class<?> getEndpointClass() {
        return HsmRequestListener.class;
    }

    private Object invoke(Object proxy, Method method, Object[] args) {
        var endpoint = (MessageEndpoint) proxy;

        return switch (method.getName()) {
            case "onRequest" -> {
                answered.add(endpoint);
                yield bean.onRequest((HsmRequest) args[0]);
            }
            case "release" -> {
                released.add(endpoint);
                yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "endpoint " + created.indexOf(endpoint);
            default -> null;
        };
    }
}
