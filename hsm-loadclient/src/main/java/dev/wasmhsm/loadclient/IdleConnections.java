package dev.wasmhsm.loadclient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Extra connections opened before the load and held open without sending anything, to show that idle clients
 * do not slow the busy ones.
 *
 * <p>Opening stops at the first failure (refused, timed out, out of file descriptors); the connections opened
 * until then are kept and the failure is reported.
 */
public final class IdleConnections implements AutoCloseable {
    private final int requested;
    private final List<Socket> sockets = new ArrayList<>();
    private String failure;

    private IdleConnections(int requested) {
        this.requested = requested;
    }

    /**
     * Opens idle connections one after another.
     *
     * @param address the server address.
     * @param count how many to open.
     * @param timeoutMillis the connect timeout of each.
     * @return the connections that could be opened.
     */
    public static IdleConnections open(InetSocketAddress address, int count, int timeoutMillis) {
        var idle = new IdleConnections(count);
        for (var i = 0; i < count; i++) {
            var socket = new Socket();
            try {
                socket.connect(address, timeoutMillis);
                idle.sockets.add(socket);
            } catch (IOException e) {
                idle.failure = "idle connection " + (i + 1) + " failed: " + e;
                closeQuietly(socket);
                break;
            }
        }

        return idle;
    }

    /**
     * How many idle connections were asked for.
     *
     * @return the count asked for.
     */
    public int requested() {
        return requested;
    }

    /**
     * How many idle connections were established.
     *
     * @return the count established.
     */
    public int established() {
        return sockets.size();
    }

    /**
     * Why opening stopped early, if it did.
     *
     * @return the failure, or null when all were opened.
     */
    public String failure() {
        return failure;
    }

    /**
     * Counts the idle connections the server has not closed, waiting at most a millisecond on each.
     *
     * @return the count still open.
     */
    public int countStillOpen() {
        var open = 0;
        for (var socket : sockets) {
            if (isOpen(socket)) {
                open++;
            }
        }

        return open;
    }

    private static boolean isOpen(Socket socket) {
        try {
            socket.setSoTimeout(1);

            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sockets.forEach(IdleConnections::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is being dropped anyway.
        }
    }
}
