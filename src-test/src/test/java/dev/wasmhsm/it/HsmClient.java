package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.wasmhsm.client.PayShieldFrames;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A payShield client for tests that send raw or malformed frames: hsm-client's framing, one frame per write unless
 * told otherwise (typed calls go through {@code dev.wasmhsm.client.PayShieldClient}, as in JavaClientTest).
 */
final class HsmClient implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 1500;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    HsmClient() throws IOException {
        this(connected(new Socket(), PORT));
    }

    /**
     * Wraps a socket already connected, such as a TLS one.
     *
     * @param socket the socket.
     * @throws IOException when its streams cannot be had.
     */
    HsmClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /**
     * Sends one request and returns its reply body (header included).
     *
     * @param body the header, command code and data.
     * @return the reply body.
     * @throws IOException when the connection fails.
     */
    String call(String body) throws IOException {
        write(frame(body));

        return read();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String read() throws IOException {
        return new String(PayShieldFrames.readBody(in), ISO_8859_1);
    }

    /**
     * Tells whether the server closed the connection: a read ends instead of blocking.
     *
     * @return true when the stream is at its end.
     * @throws IOException when the read fails otherwise.
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /**
     * Connects a socket to the test server.
     *
     * @param socket an unconnected socket, bound or not.
     * @param port the server's port.
     * @return the socket.
     * @throws IOException when it cannot connect.
     */
    static Socket connected(Socket socket, int port) throws IOException {
        socket.connect(new InetSocketAddress(HOST, port), 10_000);

        return socket;
    }

    static byte[] frame(String body) {
        return PayShieldFrames.frame(new byte[0], body.getBytes(ISO_8859_1), null);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
