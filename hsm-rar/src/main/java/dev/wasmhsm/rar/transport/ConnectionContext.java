package dev.wasmhsm.rar.transport;

import java.util.function.BiConsumer;
import java.util.function.IntSupplier;

/**
 * What every client connection of one listener shares, handed to each connection when it is created.
 *
 * @param config the listener's settings.
 * @param codec splits request bodies and builds reply frames.
 * @param handler answers each request.
 * @param activeConnections reads the listener's open connection count.
 * @param onClose told once when a connection has closed, with the reason.
 * @param writeDeadlines closes a connection whose reply is not written within the write deadline.
 * @param onTlsHandshake told when a TLS connection has completed its handshake.
 */
record ConnectionContext(
        ListenerConfig config,
        FrameCodec codec,
        RequestHandler handler,
        IntSupplier activeConnections,
        BiConsumer<ClientConnection, String> onClose,
        WriteDeadlines writeDeadlines,
        Runnable onTlsHandshake) {
}
