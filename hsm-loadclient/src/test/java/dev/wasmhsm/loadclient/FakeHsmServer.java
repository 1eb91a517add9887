package dev.wasmhsm.loadclient;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A tiny thread-per-connection B2 echo server on 127.0.0.1 for tests, which can be told to answer wrongly, or speak
 * TLS.
 */
final class FakeHsmServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final boolean corruptHeader;

    private FakeHsmServer(boolean corruptHeader) throws IOException {
        this(corruptHeader, new ServerSocket());
    }

    private FakeHsmServer(boolean corruptHeader, ServerSocket unbound) throws IOException {
        this.corruptHeader = corruptHeader;
        this.serverSocket = unbound;
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        var acceptor = new Thread(this::accept, "fake-hsm-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static FakeHsmServer echo() throws IOException {
        return new FakeHsmServer(false);
    }

    static FakeHsmServer withWrongHeaders() throws IOException {
        return new FakeHsmServer(true);
    }

    /**
     * An echo server that speaks TLS with the key and certificate of a PKCS#12 store.
     *
     * @param keyStore the store.
     * @param password its password.
     * @return the running server.
     * @throws IOException when the store cannot be read.
     * @throws GeneralSecurityException when TLS cannot be set up.
     */
    static FakeHsmServer echoOverTls(Path keyStore, char[] password) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        var context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);

        return new FakeHsmServer(false, context.getServerSocketFactory().createServerSocket());
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                var socket = serverSocket.accept();
                var handler = new Thread(() -> serve(socket), "fake-hsm-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            var in = new DataInputStream(socket.getInputStream());
            var out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                var request = new byte[in.readUnsignedShort()];
                in.readFully(request);
                var dataLength = Integer.parseInt(new String(request, 6, 4, StandardCharsets.US_ASCII), 16);
                var reply = new byte[8 + dataLength];
                System.arraycopy(request, 0, reply, 0, 4);
                if (corruptHeader) {
                    reply[3] ^= 1;
                }
                reply[4] = 'B';
                reply[5] = '3';
                reply[6] = '0';
                reply[7] = '0';
                System.arraycopy(request, 10, reply, 8, dataLength);
                var frame = new byte[reply.length + 2];
                frame[0] = (byte) (reply.length >>> 8);
                frame[1] = (byte) reply.length;
                System.arraycopy(reply, 0, frame, 2, reply.length);
                out.write(frame);
            }
        } catch (IOException e) {
            // The client went away: the handler ends.
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
