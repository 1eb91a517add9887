package dev.wasmhsm.rar.transport;

import dev.wasmhsm.protocol.HsmRequest;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * A TCP listener for payShield-framed host commands: one accepting loop and one thread per open connection.
 *
 * <p>Connection threads come from the listener's own pool, bounded by the maximum connection count checked on
 * accept, not from the container's work manager: a thread parked on an idle connection would starve that small
 * shared pool. On two cores a blocking thread per connection also answered faster than a selector loop (see
 * docs/performance.md).
 */
public final class TcpListener implements ListenerMXBean {
    private static final Logger LOG = Logger.getLogger(TcpListener.class);
    private static final long ACCEPT_ERROR_PAUSE_MILLIS = 100;
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

    private final ListenerConfig config;
    private final RequestHandler handler;
    private final ConnectionContext context;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong tlsHandshakes = new AtomicLong();
    private final ThreadPoolExecutor connectionThreads;
    private final ClientFilter clients;
    private volatile ServerSocket serverSocket;
    private volatile boolean stopping;
    private ObjectName objectName;

    /**
     * Creates a listener; nothing is bound until {@link #start(Executor)}.
     *
     * @param config the settings.
     * @param handler answers each request.
     */
    public TcpListener(ListenerConfig config, RequestHandler handler) {
        this.config = config;
        this.handler = handler;
        this.context = new ConnectionContext(config, new FrameCodec(config.headerLength(), config.trailerEnabled()),
                this::answer, active::get, this::closed, new WriteDeadlines(config.writeTimeout(), config.port()),
                tlsHandshakes::incrementAndGet);
        this.clients = new ClientFilter(config.allowedClients(), config.maxConnectionsPerClient());
        // No bound here: accept() enforces the limit, and a pool bound would reject a connection while the thread
        // of one just closed is still on its way back to the pool.
        this.connectionThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threadFactory(config.port()));
    }

    /**
     * Binds the socket, registers the management bean and starts accepting on a thread of the given executor.
     *
     * @param acceptorExecutor runs the accepting loop, which holds its thread until the listener stops.
     * @throws IOException when the address cannot be bound.
     */
    public void start(Executor acceptorExecutor) throws IOException {
        var address = new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port());
        var socket = config.tls() == null ? new ServerSocket() : config.tls().newServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address, config.backlog());
        } catch (IOException | RuntimeException e) {
            // An unbound server socket holds a descriptor too.
            closeQuietly(socket);
            throw e;
        }
        serverSocket = socket;
        registerMBean();
        try {
            acceptorExecutor.execute(this::acceptLoop);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.infof("event=listener.start address=%s maxConnections=%d headerLength=%d trailer=%s tls=%s", getAddress(),
                config.maxConnections(), config.headerLength(), config.trailerEnabled(), config.tls() == null ? "off"
                        : config.tls().clientFingerprints().isEmpty() ? "on" : "mutual");
    }

    /**
     * Stops accepting and stops every connection: idle ones close at once, busy ones after their reply. What has
     * not closed within the stop timeout is closed by force, then every thread is released.
     */
    public void stop() {
        stopping = true;
        closeQuietly(serverSocket);
        connections.forEach(ClientConnection::stop);
        connectionThreads.shutdown();
        boolean drained = awaitThreads(config.stopTimeout().toMillis());
        if (!drained) {
            LOG.warnf("event=listener.forcestop address=%s active=%d", getAddress(), active.get());
            connections.forEach(ClientConnection::forceClose);
            connectionThreads.shutdownNow();
            awaitThreads(1000);
        }
        context.writeDeadlines().close();
        unregisterMBean();
        LOG.infof("event=listener.stop address=%s accepted=%d requests=%d", getAddress(), accepted.get(),
                requests.get());
    }

    /**
     * Returns the port actually bound, which differs from the configured one when that was 0.
     *
     * @return the local port.
     */
    public int localPort() {
        return serverSocket.getLocalPort();
    }

    @Override
    public String getAddress() {
        var socket = serverSocket;

        return socket == null ? config.bindAddress() + ":" + config.port()
                : socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    @Override
    public int getActiveConnections() {
        return active.get();
    }

    @Override
    public long getAcceptedConnections() {
        return accepted.get();
    }

    @Override
    public long getRefusedConnections() {
        return refused.get();
    }

    @Override
    public long getRequests() {
        return requests.get();
    }

    @Override
    public int getMaxConnections() {
        return config.maxConnections();
    }

    @Override
    public long getTlsHandshakes() {
        return tlsHandshakes.get();
    }

    @Override
    public boolean isListening() {
        var socket = serverSocket;

        return !stopping && socket != null && socket.isBound() && !socket.isClosed();
    }

    private byte[] answer(HsmRequest request) {
        requests.incrementAndGet();

        return handler.handle(request);
    }

    private void closed(ClientConnection connection, String reason) {
        connections.remove(connection);
        clients.closed(connection.address());
        int now = active.decrementAndGet();
        LOG.infof("event=connection.close client=%s description=\"%s\" active=%d", connection.client(), reason, now);
    }

    private void acceptLoop() {
        while (!stopping) {
            try {
                accept(serverSocket.accept());
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                if (!stopping) {
                    // Out of file descriptors or threads: say so once per pause instead of spinning.
                    LOG.errorf("event=listener.accepterror address=%s description=\"%s\" active=%d", getAddress(),
                            e, active.get());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ACCEPT_ERROR_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void accept(Socket socket) {
        var address = socket.getInetAddress();
        var refusal = stopping ? "listener stopping" : active.get() >= config.maxConnections()
                ? "connection limit reached" : clients.admit(address);
        if (refusal != null) {
            refused.incrementAndGet();
            clients.logRefusal(address.getHostAddress() + ":" + socket.getPort(), refusal, active.get());
            closeQuietly(socket);

            return;
        }
        var connection = new ClientConnection(socket, context);
        int now = active.incrementAndGet();
        accepted.incrementAndGet();
        connections.add(connection);
        LOG.infof("event=connection.open client=%s active=%d", connection.client(), now);
        try {
            connectionThreads.execute(connection);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            connection.forceClose();
            closed(connection, stopping ? "listener stopping" : "no thread for the connection: " + e);

            return;
        }
        if (stopping) {
            // A stop that ran between the check above and the add did not see this connection.
            connection.stop();
        }
    }

    private boolean awaitThreads(long millis) {
        try {
            return connectionThreads.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();

            return false;
        }
    }

    private void registerMBean() {
        try {
            var name = new ObjectName("dev.wasmhsm:type=Listener,port=" + serverSocket.getLocalPort());
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(this, name);
                // Only the listener that registered the name unregisters it: another address may share the port.
                objectName = name;
            }
        } catch (JMException e) {
            LOG.warnf("event=listener.jmxfailed address=%s description=\"%s\"", getAddress(), e.getMessage());
        }
    }

    private void unregisterMBean() {
        try {
            if (objectName != null) {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
            }
        } catch (JMException e) {
            LOG.debugf("event=listener.jmxfailed address=%s description=\"%s\"", getAddress(), e.getMessage());
        }
    }

    private static ThreadFactory threadFactory(int port) {
        return runnable -> {
            var thread = new Thread(runnable, "hsm-conn-" + port + "-" + THREAD_NUMBERS.incrementAndGet());
            thread.setDaemon(true);

            return thread;
        };
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            LOG.debugf("event=listener.closefailed description=\"%s\"", e.getMessage());
        }
    }
}
