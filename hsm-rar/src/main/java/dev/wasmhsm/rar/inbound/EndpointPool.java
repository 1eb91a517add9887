package dev.wasmhsm.rar.inbound;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Message endpoints kept for reuse: a request borrows one, calls it and gives it back.
 *
 * <p>Creating an endpoint per request would cost a proxy per request; holding one per connection would tie
 * container resources to idle connections. The pool holds as many endpoints as requests ran at once.
 */
final class EndpointPool {
    private final MessageEndpointFactory factory;
    private final ConcurrentLinkedQueue<MessageEndpoint> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    EndpointPool(MessageEndpointFactory factory) {
        this.factory = factory;
    }

    MessageEndpoint borrow() throws UnavailableException {
        var endpoint = idle.poll();

        return endpoint != null ? endpoint : factory.createEndpoint(null);
    }

    void giveBack(MessageEndpoint endpoint) {
        idle.offer(endpoint);
        if (closed) {
            // The pool closed while this endpoint was out: release it, and anything else still idle.
            close();
        }
    }

    void discard(MessageEndpoint endpoint) {
        endpoint.release();
    }

    void close() {
        closed = true;
        for (var endpoint = idle.poll(); endpoint != null; endpoint = idle.poll()) {
            endpoint.release();
        }
    }
}
