package dev.wasmhsm.loadclient;

import dev.wasmhsm.client.TlsStores;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One synchronous client connection: sends a frame with a single write and reads back exactly one reply frame.
 *
 * <p>Since only one request is outstanding, any byte received beyond the reply's length prefix is an error.
 */
public final class HsmConnection implements AutoCloseable {
    private static final int PREFIX_LENGTH = 2;
    private static final int MAX_FRAME = PREFIX_LENGTH + 65_535;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] replyBuffer = new byte[MAX_FRAME + 1];

    private HsmConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection with TCP_NODELAY and the given connect and read timeout.
     *
     * @param address the server address.
     * @param timeoutMillis the connect and read timeout.
     * @return the open connection.
     * @throws IOException if the connection cannot be opened.
     */
    public static HsmConnection open(InetSocketAddress address, int timeoutMillis) throws IOException {
        return open(address, timeoutMillis, null);
    }

    /**
     * Opens a connection with TCP_NODELAY and the given connect and read timeout, over TLS when given a factory.
     *
     * @param address the server address.
     * @param timeoutMillis the connect and read timeout, the TLS handshake included.
     * @param tls the TLS socket factory ({@link ClientTls}), or null for plain TCP.
     * @return the open connection, its handshake done.
     * @throws IOException if the connection cannot be opened.
     */
    public static HsmConnection open(InetSocketAddress address, int timeoutMillis, SSLSocketFactory tls)
            throws IOException {
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMillis);
            socket.connect(address, timeoutMillis);

            return new HsmConnection(tls == null ? socket : TlsStores.wrap(tls, socket, address.getHostString()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one request frame and reads its reply frame.
     *
     * @param frame the whole request frame, length prefix included.
     * @return the reply body's length; the body starts at {@link #replyOffset()} in {@link #replyBuffer()}.
     * @throws IOException on timeout, end of stream, framing error or another I/O error.
     */
    public int exchange(byte[] frame) throws IOException {
        out.write(frame, 0, frame.length);
        var received = 0;
        var expected = PREFIX_LENGTH;
        var lengthKnown = false;
        while (received < expected) {
            var n = in.read(replyBuffer, received, replyBuffer.length - received);
            if (n < 0) {
                throw new EOFException("connection closed after " + received + " reply bytes");
            }
            received += n;
            if (!lengthKnown && received >= PREFIX_LENGTH) {
                expected = PREFIX_LENGTH + ((replyBuffer[0] & 0xff) << 8 | replyBuffer[1] & 0xff);
                lengthKnown = true;
            }
        }
        if (received > expected) {
            throw new FramingException("received " + received + " bytes for a frame of " + expected);
        }

        return expected - PREFIX_LENGTH;
    }

    /**
     * The buffer the last reply was read into; it is reused by the next exchange.
     *
     * @return the buffer.
     */
    public byte[] replyBuffer() {
        return replyBuffer;
    }

    /**
     * Where the reply body starts in {@link #replyBuffer()}.
     *
     * @return the offset.
     */
    public int replyOffset() {
        return PREFIX_LENGTH;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the connection is being dropped anyway.
        }
    }
}
