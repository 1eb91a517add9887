package dev.wasmhsm.rar.inbound;

import dev.wasmhsm.protocol.ErrorCode;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.LogText;
import dev.wasmhsm.protocol.ResponseCodes;
import dev.wasmhsm.rar.api.HsmRequestListener;
import dev.wasmhsm.rar.transport.RequestHandler;
import jakarta.resource.spi.UnavailableException;
import org.jboss.logging.Logger;

/**
 * Delivers each request to the message-driven bean through a pooled endpoint, synchronously.
 *
 * <p>When the bean cannot be reached or fails, the client still gets a reply: the response code with error 41
 * ("internal hardware/software error"), and the failure is logged.
 */
final class EndpointDispatcher implements RequestHandler {
    private static final Logger LOG = Logger.getLogger(EndpointDispatcher.class);

    private final EndpointPool endpoints;

    EndpointDispatcher(EndpointPool endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public byte[] handle(HsmRequest request) {
        try {
            var endpoint = endpoints.borrow();
            try {
                var reply = ((HsmRequestListener) endpoint).onRequest(request);
                endpoints.giveBack(endpoint);

                return reply;
            } catch (RuntimeException e) {
                endpoints.discard(endpoint);
                LOG.errorf(e, "event=request.failed client=%s command=%s errorCode=%s active=%d",
                        request.clientAddress(), LogText.code(request.message(), 0, 2), ErrorCode.INTERNAL_ERROR.code(),
                        request.activeConnections());
            }
        } catch (UnavailableException e) {
            LOG.errorf(e, "event=request.unavailable client=%s command=%s errorCode=%s active=%d",
                    request.clientAddress(), LogText.code(request.message(), 0, 2), ErrorCode.INTERNAL_ERROR.code(),
                    request.activeConnections());
        }

        return ResponseCodes.errorReply(request.message(), ErrorCode.INTERNAL_ERROR.code());
    }
}
