package dev.wasmhsm.rar.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Reads length-prefixed frames from a connection: a 2-byte big-endian length, then that many bytes.
 *
 * <p>Frames may arrive split across reads or several in one read. The socket waits up to the idle timeout for
 * the first byte of a frame; the rest of the frame must then arrive within the read timeout, counted from that
 * first byte (a peer trickling one byte at a time cannot hold a frame open). The socket timeout is changed only
 * when a frame arrives in pieces, so a steady stream of whole frames costs no extra system calls.
 */
final class FrameReader {
    private static final int BUFFER_SIZE = 8192;

    private final InputStream in;
    private final Socket socket;
    private final int minFrameLength;
    private final int maxFrameLength;
    private final int idleTimeoutMillis;
    private final long readTimeoutNanos;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private int currentTimeout = -1;
    private long frameDeadline;

    FrameReader(InputStream in, Socket socket, ListenerConfig config) {
        this.in = in;
        this.socket = socket;
        this.minFrameLength = config.minFrameLength();
        this.maxFrameLength = config.maxFrameLength();
        this.idleTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis());
        this.readTimeoutNanos = config.readTimeout().toNanos();
    }

    /**
     * Reads the next frame's body.
     *
     * @return the body, or null when the peer closed the connection between frames.
     * @throws FrameException when the frame is shorter or longer than allowed.
     * @throws IOException when the connection fails or a timeout expires.
     */
    byte[] next() throws IOException {
        if (position == limit && !fill(idleTimeoutMillis)) {
            return null;
        }
        frameDeadline = System.nanoTime() + readTimeoutNanos;
        int high = buffer[position++] & 0xFF;
        int low = nextByte();
        int length = high << 8 | low;
        if (length < minFrameLength) {
            throw new FrameException("frame of " + length + " bytes is shorter than the minimum of " + minFrameLength);
        }
        if (length > maxFrameLength) {
            throw new FrameException("frame of " + length + " bytes exceeds the maximum of " + maxFrameLength);
        }
        var body = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit && !fill(remainingMillis())) {
                throw new EOFException("connection closed inside a frame");
            }
            int chunk = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, body, copied, chunk);
            position += chunk;
            copied += chunk;
        }

        return body;
    }

    private int nextByte() throws IOException {
        if (position == limit && !fill(remainingMillis())) {
            throw new EOFException("connection closed inside a frame");
        }

        return buffer[position++] & 0xFF;
    }

    private int remainingMillis() throws SocketTimeoutException {
        if (readTimeoutNanos == 0) {
            return 0;
        }
        long remaining = frameDeadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("frame not completed within the read timeout");
        }

        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, remaining / 1_000_000));
    }

    private boolean fill(int timeoutMillis) throws IOException {
        setTimeout(timeoutMillis);
        int read = in.read(buffer, 0, BUFFER_SIZE);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;

        return true;
    }

    private void setTimeout(int timeoutMillis) throws SocketException {
        if (socket != null && timeoutMillis != currentTimeout) {
            socket.setSoTimeout(timeoutMillis);
            currentTimeout = timeoutMillis;
        }
    }
}
