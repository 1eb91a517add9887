package dev.wasmhsm.plugins.ejb;

import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.rar.api.HsmRequestListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Receives each host command from the resource adapter and hands it to the plugin engine.
 *
 * <p>The activation config below is the listener's default; the system properties {@code hsm.listener.*}
 * override it on a server without rebuilding (see docs/operations.md).
 */
@MessageDriven(messageListenerInterface = HsmRequestListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "bindAddress", propertyValue = "127.0.0.1"),
    @ActivationConfigProperty(propertyName = "port", propertyValue = "1500"),
    @ActivationConfigProperty(propertyName = "headerLength", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CommandMdb implements HsmRequestListener {
    @EJB
    private HsmEngineBean engine;

    @Override
    public byte[] onRequest(HsmRequest request) {
        return engine.execute(request);
    }
}
