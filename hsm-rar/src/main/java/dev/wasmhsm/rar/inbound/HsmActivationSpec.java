package dev.wasmhsm.rar.inbound;

import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

/**
 * The listener settings a message-driven bean chooses in its activation config.
 *
 * <p>Every property is optional; an unset one takes the system property {@code hsm.listener.<name>} or the
 * default of {@link dev.wasmhsm.rar.transport.ListenerConfig#defaults()}. A system property set on the server
 * overrides the bean's value, so an operator can move the listener without rebuilding the application.
 */
public class HsmActivationSpec implements ActivationSpec {
    private ResourceAdapter resourceAdapter;
    private String listenerName;
    private Boolean requireTls;
    private String bindAddress;
    private Integer port;
    private String lmk;
    private Integer headerLength;
    private Boolean trailerEnabled;
    private Integer maxFrameLength;
    private Integer maxConnections;
    private Integer backlog;
    private Integer idleTimeoutSeconds;
    private Integer readTimeoutSeconds;
    private Integer stopTimeoutSeconds;
    private Integer writeTimeoutSeconds;
    private String allowedClients;
    private Integer maxConnectionsPerClient;
    private String tlsKeyStore;
    private String tlsKeyStorePasswordFile;
    private String tlsClientFingerprints;
    private String tlsClientFingerprintsFile;
    private String tlsKeyAlias;

    @Override
    public void validate() throws InvalidPropertyException {
        try {
            if (ListenerSettings.isOff(this)) {
                return;
            }
            ListenerSettings.resolve(this);
        } catch (IllegalArgumentException e) {
            throw new InvalidPropertyException(e.getMessage());
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) {
        this.resourceAdapter = adapter;
    }

    /** @return the listener's name, which makes its system properties {@code hsm.listener.<name>.*}, or null. */
    public String getListenerName() {
        return listenerName;
    }

    /** @param value the listener's name, or null for the default listener ({@code hsm.listener.*}). */
    public void setListenerName(String value) {
        this.listenerName = value;
    }

    /** @return whether the listener speaks TLS only, staying off while no key store is set. */
    public Boolean getRequireTls() {
        return requireTls;
    }

    /** @param value whether the listener speaks TLS only, staying off while no key store is set. */
    public void setRequireTls(Boolean value) {
        this.requireTls = value;
    }

    /** @return the address to listen on. */
    public String getBindAddress() {
        return bindAddress;
    }

    /** @param value the address to listen on. */
    public void setBindAddress(String value) {
        this.bindAddress = value;
    }

    /** @return the TCP port. */
    public Integer getPort() {
        return port;
    }

    /** @return the LMK slot the listener's requests use unless they name another, or null for the server's. */
    public String getLmk() {
        return lmk;
    }

    /** @param value the LMK slot, two digits. */
    public void setLmk(String value) {
        this.lmk = value;
    }

    /** @param value the TCP port. */
    public void setPort(Integer value) {
        this.port = value;
    }

    /** @return the message header length. */
    public Integer getHeaderLength() {
        return headerLength;
    }

    /** @param value the message header length. */
    public void setHeaderLength(Integer value) {
        this.headerLength = value;
    }

    /** @return whether trailers are echoed. */
    public Boolean getTrailerEnabled() {
        return trailerEnabled;
    }

    /** @param value whether trailers are echoed. */
    public void setTrailerEnabled(Boolean value) {
        this.trailerEnabled = value;
    }

    /** @return the largest frame accepted. */
    public Integer getMaxFrameLength() {
        return maxFrameLength;
    }

    /** @param value the largest frame accepted. */
    public void setMaxFrameLength(Integer value) {
        this.maxFrameLength = value;
    }

    /** @return the most connections open at once. */
    public Integer getMaxConnections() {
        return maxConnections;
    }

    /** @param value the most connections open at once. */
    public void setMaxConnections(Integer value) {
        this.maxConnections = value;
    }

    /** @return the accept queue length. */
    public Integer getBacklog() {
        return backlog;
    }

    /** @param value the accept queue length. */
    public void setBacklog(Integer value) {
        this.backlog = value;
    }

    /** @return the idle timeout in seconds, 0 for none. */
    public Integer getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** @param value the idle timeout in seconds, 0 for none. */
    public void setIdleTimeoutSeconds(Integer value) {
        this.idleTimeoutSeconds = value;
    }

    /** @return the timeout for the rest of a started frame, in seconds. */
    public Integer getReadTimeoutSeconds() {
        return readTimeoutSeconds;
    }

    /** @param value the timeout for the rest of a started frame, in seconds. */
    public void setReadTimeoutSeconds(Integer value) {
        this.readTimeoutSeconds = value;
    }

    /** @return how long one reply may take to be written, in seconds (0: for ever). */
    public Integer getWriteTimeoutSeconds() {
        return writeTimeoutSeconds;
    }

    /** @param value how long one reply may take to be written, in seconds (0: for ever). */
    public void setWriteTimeoutSeconds(Integer value) {
        this.writeTimeoutSeconds = value;
    }

    /** @return the client addresses and CIDR ranges served, comma separated; empty for every address. */
    public String getAllowedClients() {
        return allowedClients;
    }

    /** @param value the client addresses and CIDR ranges served, comma separated. */
    public void setAllowedClients(String value) {
        this.allowedClients = value;
    }

    /** @return the most connections one client address may hold, 0 for no cap of its own. */
    public Integer getMaxConnectionsPerClient() {
        return maxConnectionsPerClient;
    }

    /** @param value the most connections one client address may hold, 0 for no cap of its own. */
    public void setMaxConnectionsPerClient(Integer value) {
        this.maxConnectionsPerClient = value;
    }

    /** @return the PKCS#12 key store of the listener's TLS, or null for plain TCP. */
    public String getTlsKeyStore() {
        return tlsKeyStore;
    }

    /** @param value the PKCS#12 key store of the listener's TLS. */
    public void setTlsKeyStore(String value) {
        this.tlsKeyStore = value;
    }

    /** @return the file whose first line is the key store's password. */
    public String getTlsKeyStorePasswordFile() {
        return tlsKeyStorePasswordFile;
    }

    /** @param value the file whose first line is the key store's password. */
    public void setTlsKeyStorePasswordFile(String value) {
        this.tlsKeyStorePasswordFile = value;
    }

    /** @return the SHA-256 fingerprints of the client certificates accepted, comma separated (mutual TLS). */
    public String getTlsClientFingerprints() {
        return tlsClientFingerprints;
    }

    /** @param value the SHA-256 fingerprints of the client certificates accepted, comma separated. */
    public void setTlsClientFingerprints(String value) {
        this.tlsClientFingerprints = value;
    }

    /** @return the key store entry the listener serves, when the store holds several keys. */
    public String getTlsKeyAlias() {
        return tlsKeyAlias;
    }

    /** @param value the key store entry the listener serves, when the store holds several keys. */
    public void setTlsKeyAlias(String value) {
        this.tlsKeyAlias = value;
    }

    /** @return a file of accepted client certificate fingerprints, one a line. */
    public String getTlsClientFingerprintsFile() {
        return tlsClientFingerprintsFile;
    }

    /** @param value a file of accepted client certificate fingerprints, one a line, {@code #} comments. */
    public void setTlsClientFingerprintsFile(String value) {
        this.tlsClientFingerprintsFile = value;
    }

    /** @return how long a stop waits for in-flight requests, in seconds. */
    public Integer getStopTimeoutSeconds() {
        return stopTimeoutSeconds;
    }

    /** @param value how long a stop waits for in-flight requests, in seconds. */
    public void setStopTimeoutSeconds(Integer value) {
        this.stopTimeoutSeconds = value;
    }
}
