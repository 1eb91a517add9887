package dev.wasmhsm.rar.transport;

import dev.wasmhsm.protocol.ErrorCode;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.ResponseCodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * One inbound client socket, served by one thread: read a frame, answer it, write the reply in one write, repeat.
 *
 * <p>Replies therefore go out in request order. The connection is given what it needs when it is created (see
 * {@link ConnectionContext}) and calls out only to report its close. The state field lets a stop close a connection
 * that is waiting for a request at once, while one that is answering finishes its reply, then closes.
 */
final class ClientConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class);
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int STOPPING = 2;
    private static final int CLOSED = 3;
    private static final String STOPPED = "listener stopping";

    private final Socket socket;
    private final ConnectionContext context;
    private final String client;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private volatile boolean writeTimedOut;

    ClientConnection(Socket socket, ConnectionContext context) {
        this.socket = socket;
        this.context = context;
        this.client = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    String client() {
        return client;
    }

    /** @return the client's address. */
    InetAddress address() {
        return socket.getInetAddress();
    }

    @Override
    public void run() {
        String reason = "closed by peer";
        try (socket) {
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket tls) {
                // On this connection's own thread, under its read timeout; counted once it completes.
                tls.startHandshake();
                context.onTlsHandshake().run();
            }
            var reader = new FrameReader(socket.getInputStream(), socket, context.config());
            var out = socket.getOutputStream();
            while (true) {
                var body = reader.next();
                if (body == null) {
                    break;
                }
                if (!state.compareAndSet(IDLE, BUSY)) {
                    reason = STOPPED;
                    break;
                }
                byte[] reply;
                boolean lastReply = false;
                try {
                    reply = answer(body);
                } catch (VirtualMachineError e) {
                    // Out of memory or stack on the request path: answer 41 rather than lose the reply, then close.
                    LOG.errorf("event=connection.vmerror client=%s description=\"%s\"", client, e);
                    reply = context.codec().replyFrame(body, ResponseCodes.errorReply(context.codec().message(body),
                            ErrorCode.INTERNAL_ERROR.code()));
                    lastReply = true;
                    reason = "virtual machine error: " + e;
                }
                context.writeDeadlines().writing(this);
                try {
                    out.write(reply);
                } finally {
                    context.writeDeadlines().done(this);
                }
                if (lastReply) {
                    break;
                }
                if (!state.compareAndSet(BUSY, IDLE)) {
                    reason = STOPPED;
                    break;
                }
            }
        } catch (FrameException e) {
            reason = "bad frame: " + e.getMessage();
            LOG.warnf("event=connection.badframe client=%s description=\"%s\" active=%d", client, e.getMessage(),
                    context.activeConnections().getAsInt());
        } catch (SocketTimeoutException e) {
            reason = "timeout";
        } catch (IOException e) {
            reason = writeTimedOut ? "write deadline" : state.get() == CLOSED ? STOPPED : "i/o error: "
                    + e.getMessage();
        } finally {
            state.set(CLOSED);
            context.onClose().accept(this, reason);
        }
    }

    /** Stops the connection: one waiting for a request closes now, one answering closes after its reply. */
    void stop() {
        int before = state.getAndUpdate(now -> switch (now) {
            case IDLE -> CLOSED;
            case BUSY -> STOPPING;
            default -> now;
        });
        if (before == IDLE) {
            closeSocket();
        }
    }

    /** Closes the connection because its reply was not written within the write deadline. */
    void writeTimedOut() {
        writeTimedOut = true;
        forceClose();
    }

    /** Closes the connection now, even in the middle of a reply. */
    void forceClose() {
        state.set(CLOSED);
        closeSocket();
    }

    private byte[] answer(byte[] body) throws FrameException {
        var codec = context.codec();
        var request = new HsmRequest(client, codec.message(body), context.activeConnections().getAsInt(),
                context.config().lmk());

        return codec.replyFrame(body, context.handler().handle(request));
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debugf("event=connection.closefailed client=%s description=\"%s\"", client, e.getMessage());
        }
    }
}
