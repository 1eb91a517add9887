package dev.wasmhsm.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One connection to an HSM, over TCP or TLS, carrying one command at a time: each request's header is a counter of
 * the configured length, and the reply must echo it. Not safe for use by two threads at once; a pool, or one
 * connection per thread, serves concurrent callers.
 */
public final class HsmConnection implements HsmTransport, AutoCloseable {
    private final HsmSettings settings;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] trailer;
    private long counter;
    private boolean broken;

    private HsmConnection(HsmSettings settings, Socket socket) throws IOException {
        this.settings = settings;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.trailer = settings.trailer() == null ? null : settings.trailer().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Connects, completing the TLS handshake when the settings ask for TLS.
     *
     * @param settings where and how.
     * @return the open connection.
     * @throws IOException when the HSM cannot be reached within the connect timeout, or the handshake fails.
     */
    public static HsmConnection open(HsmSettings settings) throws IOException {
        var plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.setSoTimeout((int) settings.connectTimeout().toMillis());
            plain.connect(new InetSocketAddress(settings.host(), settings.port()),
                    (int) settings.connectTimeout().toMillis());
            Socket socket = plain;
            if (settings.tls() != null) {
                socket = TlsStores.wrap(settings.tls(), plain, settings.host());
            }
            socket.setSoTimeout((int) settings.replyTimeout().toMillis());

            return new HsmConnection(settings, socket);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Sends one command and reads its reply. After any failure the connection is broken: the reply of a timed-out
     * request may still arrive, so the connection must be closed, never reused.
     *
     * @param message the command code and data.
     * @return the reply message.
     * @throws IOException on timeout, end of stream, a reply that does not echo the header or trailer, or after an
     *     earlier failure.
     */
    @Override
    public byte[] execute(byte[] message) throws IOException {
        if (broken) {
            throw new IOException("the connection failed earlier and must be closed");
        }
        var header = header(counter++);
        try {
            out.write(PayShieldFrames.frame(header, message, trailer));
            out.flush();

            return PayShieldFrames.replyMessage(PayShieldFrames.readBody(in), header, trailer);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
    }

    /** @return whether a failure has made the connection unusable. */
    public boolean isBroken() {
        return broken || socket.isClosed();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private byte[] header(long sequence) {
        int length = settings.headerLength();
        var header = new byte[length];
        long value = sequence;
        for (int i = length - 1; i >= 0; i--) {
            header[i] = (byte) ('0' + value % 10);
            value /= 10;
        }

        return header;
    }
}
