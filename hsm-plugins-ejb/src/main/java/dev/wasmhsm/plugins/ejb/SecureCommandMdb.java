package dev.wasmhsm.plugins.ejb;

import dev.wasmhsm.rar.api.HsmRequestListener;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * The TLS host port: the same delivery as {@link CommandMdb} on a second listener, named {@code secure}, that
 * speaks TLS only. It stays off until its key store is set ({@code hsm.listener.secure.tls.keyStore}); its
 * settings are the system properties {@code hsm.listener.secure.*} (see docs/operations.md).
 */
@MessageDriven(messageListenerInterface = HsmRequestListener.class, activationConfig = {
    @ActivationConfigProperty(propertyName = "listenerName", propertyValue = "secure"),
    @ActivationConfigProperty(propertyName = "requireTls", propertyValue = "true"),
    @ActivationConfigProperty(propertyName = "bindAddress", propertyValue = "127.0.0.1"),
    @ActivationConfigProperty(propertyName = "port", propertyValue = "1501"),
    @ActivationConfigProperty(propertyName = "headerLength", propertyValue = "4")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SecureCommandMdb extends CommandMdb {
}
