package dev.wasmhsm.rar.transport;

import dev.wasmhsm.client.PayShieldFrames;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A blocking client that frames requests the payShield way, with hsm-client's framing (PayShieldFrames). */
final class TestClient implements AutoCloseable {
    /** No read waits longer than this, so no test can hang on a missing reply. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    TestClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Frames bodies given as ISO-8859-1 text, one after the other.
     *
     * @param bodies the frame bodies.
     * @return the frames, ready for one write.
     */
    static byte[] frames(String... bodies) {
        var frames = new ByteArrayOutputStream();
        for (var body : bodies) {
            frames.writeBytes(frame(bytes(body)));
        }

        return frames.toByteArray();
    }

    static byte[] frame(byte[] body) {
        return PayShieldFrames.frame(new byte[0], body, null);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(String body) throws IOException {
        write(frames(body));
    }

    /**
     * Reads one reply frame.
     *
     * @return its body as ISO-8859-1 text.
     * @throws IOException when the connection fails or no reply comes within the read timeout.
     */
    String receive() throws IOException {
        return text(PayShieldFrames.readBody(in));
    }

    String call(String body) throws IOException {
        send(body);

        return receive();
    }

    /**
     * Tells whether the server closed the connection: end of stream, or a reset when it left bytes unread.
     *
     * @return true when closed; false when data arrived instead.
     * @throws IOException when nothing happens within the read timeout.
     */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
