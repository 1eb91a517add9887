package dev.wasmhsm.rar.transport;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One client connection, served by one thread: read a frame, answer it, write the reply in one write, repeat.
 *
 * <p>Replies therefore go out in request order. The state field lets a stop close a connection that is waiting
 * for a request at once, while one that is answering finishes its reply first.
 */
final class ClientConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class);
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;

    private final Socket socket;
    private final TcpListener listener;
    private final String client;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    ClientConnection(Socket socket, TcpListener listener) {
        this.socket = socket;
        this.listener = listener;
        this.client = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    String client() {
        return client;
    }

    @Override
    public void run() {
        String reason = "closed by peer";
        try (socket) {
            socket.setTcpNoDelay(true);
            var reader = new FrameReader(socket.getInputStream(), socket, listener.config());
            var out = socket.getOutputStream();
            while (true) {
                var body = reader.next();
                if (body == null) {
                    break;
                }
                if (!state.compareAndSet(IDLE, BUSY)) {
                    reason = "listener stopping";
                    break;
                }
                out.write(listener.answer(client, body));
                if (!state.compareAndSet(BUSY, IDLE) || listener.stopping()) {
                    reason = "listener stopping";
                    break;
                }
            }
        } catch (FrameException e) {
            reason = "bad frame: " + e.getMessage();
            LOG.warnf("event=connection.badframe client=%s description=\"%s\" active=%d", client, e.getMessage(),
                    listener.getActiveConnections());
        } catch (SocketTimeoutException e) {
            reason = "timeout";
        } catch (IOException e) {
            reason = state.get() == CLOSED ? "listener stopping" : "i/o error: " + e.getMessage();
        } finally {
            state.set(CLOSED);
            listener.closed(this, reason);
        }
    }

    /** Closes the connection now if it is waiting for a request; a busy one closes itself after its reply. */
    void closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            forceClose();
        }
    }

    void forceClose() {
        state.set(CLOSED);
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debugf("event=connection.closefailed client=%s description=\"%s\"", client, e.getMessage());
        }
    }
}
