package dev.wasmhsm.loadclient;

import dev.wasmhsm.client.PayShieldFrames;
import dev.wasmhsm.client.TlsStores;
import dev.wasmhsm.protocol.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One synchronous client connection: sends a frame with a single write and reads back exactly one reply frame.
 *
 * <p>Since only one request is outstanding, any byte received beyond the reply's length prefix is an error
 * ({@link PayShieldFrames#readReply}, the project's one framing implementation).
 */
public final class HsmConnection implements AutoCloseable {
    private static final int PREFIX_LENGTH = 2;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] replyBuffer = new byte[PREFIX_LENGTH + Framing.MAX_FRAME_LENGTH + 1];

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
     * @throws IOException on timeout, end of stream, bytes beyond the frame ({@code ProtocolException}) or another
     *     I/O error.
     */
    public int exchange(byte[] frame) throws IOException {
        out.write(frame, 0, frame.length);

        return PayShieldFrames.readReply(in, replyBuffer) - PREFIX_LENGTH;
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
