package dev.wasmhsm.rar.api;

import dev.wasmhsm.protocol.HsmRequest;

/**
 * The message listener interface of the adapter: a message-driven bean implements it to answer host commands.
 *
 * <p>The adapter calls it synchronously, once per request, on the thread that serves the client connection, and
 * writes the returned reply back on that connection before it reads the next request.
 */
public interface HsmRequestListener {
    /**
     * Answers one host command.
     *
     * @param request the command, without the message header and trailer, which the adapter echoes itself.
     * @return the reply: response code, error code and response data.
     */
    byte[] onRequest(HsmRequest request);
}
