package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.client.HsmConnection;
import dev.wasmhsm.protocol.ErrorCode;
import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.LogText;
import dev.wasmhsm.protocol.ResponseCodes;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.security.PasswordCredential;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import org.jboss.logging.Logger;

/**
 * One pooled connection: in local mode a way into the listener's endpoint (it holds nothing), in remote mode one
 * TCP or TLS connection to an HSM. A remote connection that fails is reported broken to the container, which
 * destroys it rather than pool it again.
 */
final class HsmManagedConnection implements ManagedConnection {
    private static final Logger AUDIT = Logger.getLogger("dev.wasmhsm.audit");
    /**
     * How long a remote connection may sit unused before validation probes it with NC. The servers validate on
     * every match (IronJacamar turns validate-on-match on for a validating factory), so a probe per call would
     * double every call's round trips; a connection used within this time is known good by its last reply.
     */
    static final long IDLE_BEFORE_PROBE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Map<ClassLoader, String> APPLICATIONS = Collections.synchronizedMap(new WeakHashMap<>());

    private final HsmManagedConnectionFactory factory;
    private final CommandAllowlist allowlist;
    private final HsmConnection remote;
    private final String principal;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<HsmConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private volatile boolean broken;
    private volatile long lastReplyNanos = System.nanoTime();
    private PrintWriter logWriter;

    HsmManagedConnection(HsmManagedConnectionFactory factory, Subject subject, CommandAllowlist allowlist,
            HsmConnection remote) {
        this.factory = factory;
        this.allowlist = allowlist;
        this.remote = remote;
        this.principal = principal(factory, subject, "-");
    }

    /**
     * Hands out a handle for one caller. With container-managed sign-on the container passes the caller's
     * {@code Subject} here, which may differ from the one this connection was made for (the pool shares
     * connections), so the handle names the principal of this call, and {@code -} when the container signed
     * nobody on for it (never the principal the connection was first made for).
     */
    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        var handle = new HsmConnectionHandle(this, origin(application(), principal(factory, subject, "-")));
        handles.add(handle);

        return handle;
    }

    /**
     * Executes one command for a handle.
     *
     * @param message the command code and data.
     * @param caller the calling application and principal, for the request log and the audit.
     * @return the reply message.
     * @throws ResourceException when the command cannot be delivered.
     */
    byte[] execute(byte[] message, String caller) throws ResourceException {
        if (!allowlist.allows(message)) {
            AUDIT.warnf("event=connector.refused client=%s command=%s errorCode=%s description=\"not in the"
                    + " connection factory's allowedCommands\"", caller,
                    LogText.code(message, 0, 2),
                    ErrorCode.NOT_AUTHORISED.code());

            return ResponseCodes.errorReply(message, ErrorCode.NOT_AUTHORISED.code());
        }
        if (remote == null) {
            var handler = factory.adapter().localHandler();
            if (handler == null) {
                throw new ResourceException("the HSM's listener endpoint is not active: is the HSM application"
                        + " deployed and started?");
            }

            return handler.handle(new HsmRequest(caller, message, 0));
        }
        try {
            var reply = remote.execute(message);
            lastReplyNanos = System.nanoTime();

            return reply;
        } catch (IOException e) {
            broken = true;
            var event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
            listeners.forEach(listener -> listener.connectionErrorOccurred(event));
            throw new ResourceException("the remote HSM failed: " + e.getMessage(), e);
        }
    }

    /** @return the caller as the request log and the audit name it. */
    private static String origin(String application, String principal) {
        return "local:app=" + nameOnly(application) + ",principal=" + nameOnly(principal);
    }

    /**
     * Names the signed-on caller: the subject's principals, sorted and joined by {@code +}; without any, the user
     * of a {@link PasswordCredential} for this factory (what a server's security map puts in the subject).
     *
     * @return the name, or the fallback when the container signed nobody on.
     */
    private static String principal(HsmManagedConnectionFactory factory, Subject subject, String fallback) {
        if (subject == null) {
            return fallback;
        }
        // A + inside one name would read as two principals.
        var names = subject.getPrincipals().stream().map(Principal::getName).filter(HsmManagedConnection::named)
                .map(name -> name.replace('+', '_')).sorted().collect(Collectors.joining("+"));
        if (!names.isEmpty()) {
            return names;
        }
        // Payara passes a credential with an empty user name when no security map applies.

        return subject.getPrivateCredentials(PasswordCredential.class).stream()
                .filter(credential -> credential.getManagedConnectionFactory() == null
                        || factory.equals(credential.getManagedConnectionFactory()))
                .map(PasswordCredential::getUserName).filter(HsmManagedConnection::named).sorted().findFirst()
                .orElse(fallback);
    }

    private static boolean named(String name) {
        return name != null && !name.isBlank();
    }

    /** Keeps a name from ending the field or adding keys to it: only letters, digits and {@code .-_@+:} stay. */
    private static String nameOnly(String name) {
        return name.replaceAll("[^A-Za-z0-9.\\-_@+:]", "_");
    }

    /** Called when the application closes a handle: the container may pool this connection again. */
    void closed(HsmConnectionHandle handle) {
        handles.remove(handle);
        var event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        listeners.forEach(listener -> listener.connectionClosed(event));
    }

    /**
     * Tells whether the connection is good: local ones always are; a remote one that replied within
     * {@link #IDLE_BEFORE_PROBE_NANOS} is, unless it broke since; an idle one must answer a diagnostics command.
     *
     * @return whether it may be handed out.
     */
    boolean validate() {
        if (remote == null) {
            return true;
        }
        if (isBroken()) {
            return false;
        }
        if (System.nanoTime() - lastReplyNanos < IDLE_BEFORE_PROBE_NANOS) {
            return true;
        }
        try {
            var reply = remote.execute("NC".getBytes(StandardCharsets.ISO_8859_1));
            lastReplyNanos = System.nanoTime();

            return reply.length >= 4 && reply[0] == 'N' && reply[1] == 'D';
        } catch (IOException e) {
            broken = true;

            return false;
        }
    }

    boolean isBroken() {
        return broken || remote != null && remote.isBroken();
    }

    HsmManagedConnectionFactory factory() {
        return factory;
    }

    /** @return whether an application holds a handle on this connection. */
    boolean inUse() {
        return !handles.isEmpty();
    }

    @Override
    public void destroy() throws ResourceException {
        cleanup();
        factory.destroyed(this);
        if (remote != null) {
            try {
                remote.close();
            } catch (IOException e) {
                throw new ResourceException("cannot close the remote HSM connection", e);
            }
        }
    }

    @Override
    public void cleanup() {
        handles.forEach(HsmConnectionHandle::detach);
        handles.clear();
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof HsmConnectionHandle handle)) {
            throw new ResourceException("not an HSM connection handle: " + connection);
        }
        var previous = handle.reassign(this);
        if (previous != null && previous != this) {
            previous.handles.remove(handle);
        }
        handles.add(handle);
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("host commands hold no state to commit or roll back (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("host commands hold no state to commit or roll back (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "payShield host command protocol";
            }

            @Override
            public String getEISProductVersion() {
                return "WasmHSM";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return principal;
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /**
     * Returns the calling application's name, from the caller's component context, looked up once per application
     * class loader (the thread's context class loader).
     *
     * @return the name, or {@code -}.
     */
    private static String application() {
        var loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            return lookUpApplication();
        }

        return APPLICATIONS.computeIfAbsent(loader, ignored -> lookUpApplication());
    }

    private static String lookUpApplication() {
        try {
            return String.valueOf(new InitialContext().lookup("java:app/AppName"));
        } catch (NamingException | RuntimeException e) {
            return "-";
        }
    }
}
