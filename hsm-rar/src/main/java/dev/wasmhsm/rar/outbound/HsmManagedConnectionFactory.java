package dev.wasmhsm.rar.outbound;

import dev.wasmhsm.client.HsmSettings;
import dev.wasmhsm.client.TlsStores;
import dev.wasmhsm.rar.api.ConnectionStatistics;
import dev.wasmhsm.rar.inbound.HsmResourceAdapter;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import javax.security.auth.Subject;

/**
 * The outbound connection definition: its properties come from the deployment's activation (ironjacamar.xml on
 * WildFly, glassfish-resources.xml on Payara) or the server's configuration.
 *
 * <ul>
 *   <li>{@code mode}: {@code local} delivers each command in-process to the endpoint of the HSM's own listener
 *       (RA, MDB, engine: the same plugins, limits, key policy and logs), with no socket; {@code remote} speaks to
 *       HSMs over TCP or TLS.</li>
 *   <li>{@code hosts}: remote HSMs, {@code host:port} comma separated, tried in turn when one fails.</li>
 *   <li>{@code headerLength}, {@code connectTimeoutMillis}, {@code replyTimeoutMillis}: remote framing and
 *       timeouts.</li>
 *   <li>{@code tlsTrustStore}, {@code tlsKeyStore}, {@code tlsPasswordFile}: TLS to remote HSMs.</li>
 *   <li>{@code allowedCommands}: command codes this factory lets through, comma separated; empty for every
 *       command. Any other command gets its response code with error 17 and an audit line.</li>
 * </ul>
 *
 * <p>No transactions (NoTransaction): a host command holds no state to commit or roll back, so the connector takes
 * no part in a JTA transaction; a failure is an exception the application may let roll its transaction back.
 */
public class HsmManagedConnectionFactory implements ManagedConnectionFactory, ValidatingManagedConnectionFactory,
        ResourceAdapterAssociation {
    private static final long serialVersionUID = 1L;

    private final AtomicInteger nextHost = new AtomicInteger();
    private final transient Set<HsmManagedConnection> open = ConcurrentHashMap.newKeySet();
    private transient ResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;
    private transient SSLSocketFactory tls;
    private String mode = "local";
    private String hosts = "127.0.0.1:1500";
    private Integer headerLength = 4;
    private Integer connectTimeoutMillis = 5000;
    private Integer replyTimeoutMillis = 5000;
    private String allowedCommands = "";
    private String tlsTrustStore = "";
    private String tlsKeyStore = "";
    private String tlsPasswordFile = "";
    private String userName = "";
    private String password = "";

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new HsmConnectionFactoryImpl(this, manager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new NotSupportedException("the HSM connector runs in an application server, with its connection"
                + " manager");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        var allowlist = CommandAllowlist.parse(allowedCommands);
        var connection = new HsmManagedConnection(this, subject, allowlist, isLocal() ? null
                : RemoteHsms.open(remoteSettings(), nextHost.getAndIncrement()));
        open.add(connection);

        return connection;
    }

    /** @return the managed connections this factory made and the container has not destroyed, and those in use. */
    ConnectionStatistics statistics() {
        int inUse = (int) open.stream().filter(HsmManagedConnection::inUse).count();

        return new ConnectionStatistics(open.size(), inUse);
    }

    /** Called when the container destroys one of this factory's managed connections. */
    void destroyed(HsmManagedConnection connection) {
        open.remove(connection);
    }

    /** The JCA interface takes a raw set; its members are the pool's managed connections. */
    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set connections, Subject subject, ConnectionRequestInfo info) {
        for (var candidate : connections) {
            if (candidate instanceof HsmManagedConnection managed && managed.factory() == this
                    && !managed.isBroken()) {
                return managed;
            }
        }

        return null;
    }

    /** Connections that failed, or remote ones idle past 10 s that do not answer NC (raw set, as JCA has it). */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) {
        var invalid = new HashSet<ManagedConnection>();
        for (var candidate : connections) {
            if (candidate instanceof HsmManagedConnection managed && !managed.validate()) {
                invalid.add(managed);
            }
        }

        return invalid;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = adapter;
    }

    /** @return whether commands go in-process to the local listener's endpoint. */
    boolean isLocal() {
        return !"remote".equals(mode.strip().toLowerCase(Locale.ROOT));
    }

    /** @return the adapter of the local mode, whose listener endpoint answers. */
    HsmResourceAdapter adapter() throws ResourceException {
        if (resourceAdapter instanceof HsmResourceAdapter adapter) {
            return adapter;
        }
        throw new ResourceException("the connection factory is not associated with the HSM resource adapter");
    }

    /** @return the settings of each remote HSM, in the configured order. */
    List<HsmSettings> remoteSettings() throws ResourceException {
        var list = new ArrayList<HsmSettings>();
        for (var entry : hosts.split(",")) {
            var hostPort = entry.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new ResourceException("hosts lists host:port entries, not " + hostPort);
            }
            try {
                list.add(new HsmSettings(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)),
                        headerLength, null, Duration.ofMillis(connectTimeoutMillis),
                        Duration.ofMillis(replyTimeoutMillis), tlsFactory()));
            } catch (IllegalArgumentException e) {
                throw new ResourceException("bad remote HSM " + hostPort + ": " + e.getMessage(), e);
            }
        }

        return list;
    }

    private synchronized SSLSocketFactory tlsFactory() throws ResourceException {
        if (tlsTrustStore.isBlank()) {
            return null;
        }
        if (tls == null) {
            try {
                tls = TlsStores.socketFactory(Path.of(tlsTrustStore), tlsKeyStore.isBlank() ? null
                        : Path.of(tlsKeyStore), Path.of(tlsPasswordFile));
            } catch (IOException e) {
                throw new ResourceException("cannot set up TLS to the remote HSMs: " + e.getMessage(), e);
            }
        }

        return tls;
    }

    /** @return {@code local} or {@code remote}. */
    public String getMode() {
        return mode;
    }

    /** @param value {@code local} or {@code remote}. */
    public void setMode(String value) {
        this.mode = value;
    }

    /** @return the remote HSMs, {@code host:port} comma separated. */
    public String getHosts() {
        return hosts;
    }

    /** @param value the remote HSMs, {@code host:port} comma separated. */
    public void setHosts(String value) {
        this.hosts = value;
    }

    /** @return the remote message header length. */
    public Integer getHeaderLength() {
        return headerLength;
    }

    /** @param value the remote message header length. */
    public void setHeaderLength(Integer value) {
        this.headerLength = value;
    }

    /** @return the connect timeout, milliseconds. */
    public Integer getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /** @param value the connect timeout, milliseconds. */
    public void setConnectTimeoutMillis(Integer value) {
        this.connectTimeoutMillis = value;
    }

    /** @return the reply timeout, milliseconds. */
    public Integer getReplyTimeoutMillis() {
        return replyTimeoutMillis;
    }

    /** @param value the reply timeout, milliseconds. */
    public void setReplyTimeoutMillis(Integer value) {
        this.replyTimeoutMillis = value;
    }

    /** @return the allowed command codes, comma separated, or empty for every command. */
    public String getAllowedCommands() {
        return allowedCommands;
    }

    /** @param value the allowed command codes, comma separated, or empty for every command. */
    public void setAllowedCommands(String value) {
        this.allowedCommands = value == null ? "" : value;
    }

    /** @return the PKCS#12 trust store for TLS to remote HSMs, or empty for plain TCP. */
    public String getTlsTrustStore() {
        return tlsTrustStore;
    }

    /** @param value the PKCS#12 trust store for TLS to remote HSMs, or empty for plain TCP. */
    public void setTlsTrustStore(String value) {
        this.tlsTrustStore = value == null ? "" : value;
    }

    /** @return the PKCS#12 client key store for mutual TLS, or empty. */
    public String getTlsKeyStore() {
        return tlsKeyStore;
    }

    /** @param value the PKCS#12 client key store for mutual TLS, or empty. */
    public void setTlsKeyStore(String value) {
        this.tlsKeyStore = value == null ? "" : value;
    }

    /** @return the file whose first line is the password of the TLS stores. */
    public String getTlsPasswordFile() {
        return tlsPasswordFile;
    }

    /** @param value the file whose first line is the password of the TLS stores. */
    public void setTlsPasswordFile(String value) {
        this.tlsPasswordFile = value == null ? "" : value;
    }

    /**
     * The JCA convention for a factory's default resource principal: Payara signs callers on as this user (a
     * {@code PasswordCredential} in the subject) when no security map names them; WildFly ignores it and takes the
     * identity from the Elytron authentication context of the connection definition.
     *
     * @return the default user for container-managed sign-on, or empty.
     */
    public String getUserName() {
        return userName;
    }

    /** @param value the default user for container-managed sign-on, or empty. */
    public void setUserName(String value) {
        this.userName = value == null ? "" : value;
    }

    /**
     * The connector authenticates nobody with it; Payara signs callers on as {@link #getUserName()} only when the
     * factory also has a password.
     *
     * @return the password of the default resource principal, or empty.
     */
    public String getPassword() {
        return password;
    }

    /** @param value the password of the default resource principal, or empty. */
    public void setPassword(String value) {
        this.password = value == null ? "" : value;
    }

    /**
     * Factories are equal when their settings are: the container pools connections per factory.
     *
     * @param other the object to compare.
     * @return whether it is a factory with the same settings.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof HsmManagedConnectionFactory that && mode.equals(that.mode) && hosts.equals(that.hosts)
                && Objects.equals(headerLength, that.headerLength)
                && Objects.equals(connectTimeoutMillis, that.connectTimeoutMillis)
                && Objects.equals(replyTimeoutMillis, that.replyTimeoutMillis)
                && allowedCommands.equals(that.allowedCommands) && tlsTrustStore.equals(that.tlsTrustStore)
                && tlsKeyStore.equals(that.tlsKeyStore) && tlsPasswordFile.equals(that.tlsPasswordFile)
                && userName.equals(that.userName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, hosts, headerLength, allowedCommands, tlsTrustStore, userName);
    }
}
