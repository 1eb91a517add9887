package dev.wasmhsm.rar.inbound;

import dev.wasmhsm.protocol.ServerSettings;
import dev.wasmhsm.rar.transport.ListenerConfig;
import dev.wasmhsm.rar.transport.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Resolves a listener's settings: system property {@code hsm.listener.<name>} (for a named listener
 * {@code hsm.listener.<listener>.<name>}), else the activation config, else the default.
 *
 * @param prefix the prefix of the system properties of this listener.
 * @param spec the activation config.
 * @param settings one snapshot of the server's settings (system properties, then the environment) for the whole
 *     resolution.
 */
record ListenerSettings(String prefix, HsmActivationSpec spec, Properties settings) {
    /** The prefix of the system properties that override the activation config. */
    static final String PREFIX = "hsm.listener.";
    /** Every setting a listener reads, after {@code hsm.listener.} or {@code hsm.listener.<listener>.}. */
    static final Set<String> NAMES = Set.of("bindAddress", "port", "headerLength", "trailerEnabled",
            "maxFrameLength", "maxConnections", "backlog", "idleTimeoutSeconds", "readTimeoutSeconds",
            "stopTimeoutSeconds", "writeTimeoutSeconds", "allowedClients", "maxConnectionsPerClient", "allowPlainTcp",
            "tls.keyStore", "tls.keyStorePasswordFile", "tls.clientFingerprints", "tls.clientFingerprintsFile",
            "tls.keyAlias", "lmk");

    /**
     * Resolves the settings of an activation.
     *
     * @param spec the activation config.
     * @return the listener's settings.
     * @throws IllegalArgumentException when a setting is malformed, or the listener would speak plain TCP where it
     *     may not.
     */
    static ListenerConfig resolve(HsmActivationSpec spec) {
        var settings = of(spec);
        settings.requireKnownNames();
        var config = settings.config();
        settings.requireTlsOffLoopback(config);

        return config;
    }

    /**
     * Tells whether a listener that speaks TLS only ({@code requireTls}) stays off because no key store is set.
     *
     * @param spec the activation config.
     * @return whether the listener stays off.
     */
    static boolean isOff(HsmActivationSpec spec) {
        var settings = of(spec);

        return Boolean.TRUE.equals(spec.getRequireTls()) && settings.text("tls.keyStore", spec.getTlsKeyStore())
                .isBlank();
    }

    /**
     * Returns the system property prefix of a listener.
     *
     * @param spec the activation config.
     * @return {@code hsm.listener.} or {@code hsm.listener.<listenerName>.}.
     */
    static String prefixOf(HsmActivationSpec spec) {
        var name = spec.getListenerName();

        return name == null || name.isBlank() ? PREFIX : PREFIX + name.strip() + ".";
    }

    /**
     * Refuses a setting no listener reads ({@code hsm.listener.prot}, {@code hsm.listener.secure.tls.keystore}),
     * which would otherwise be ignored and leave the default in force without a word.
     */
    private void requireKnownNames() {
        for (var key : settings.stringPropertyNames()) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            var name = key.substring(PREFIX.length());
            int dot = name.indexOf('.');
            boolean named = dot > 0 && NAMES.contains(name.substring(dot + 1));
            if (!NAMES.contains(name) && !named) {
                throw new IllegalArgumentException("unknown listener setting " + key + ": the settings are "
                        + new TreeSet<>(NAMES) + ", after " + PREFIX + " or " + PREFIX + "<listener>.");
            }
        }
    }

    private static ListenerSettings of(HsmActivationSpec spec) {
        return new ListenerSettings(prefixOf(spec), spec, ServerSettings.current());
    }

    /**
     * Refuses plain TCP on an address other than loopback unless the security profile is {@code legacy} or
     * {@code allowPlainTcp=true}: under the PCI profile, the default, a host port reachable from the network speaks
     * TLS.
     */
    private void requireTlsOffLoopback(ListenerConfig config) {
        if (legacy()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(config.bindAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress " + config.bindAddress() + " is unknown", e);
        }
        if (loopback) {
            return;
        }
        var allowPlainTcp = settings.getProperty(prefix + "allowPlainTcp");
        if (config.tls() == null && (allowPlainTcp == null || !strictBoolean("allowPlainTcp", allowPlainTcp))) {
            throw new IllegalArgumentException("plain TCP on " + config.bindAddress() + " is refused under the"
                    + " PCI profile: set " + prefix + "tls.keyStore, bind to loopback, or set " + prefix
                    + "allowPlainTcp=true");
        }
        if (config.tls() != null && config.tls().clientFingerprints().isEmpty() && config.allowedClients().isEmpty()) {
            throw new IllegalArgumentException("the TLS listener on " + config.bindAddress() + " with no client certificate and"
                    + " no address allowlist is refused under the PCI profile: set " + prefix
                    + "tls.clientFingerprints, " + prefix + "allowedClients, or bind to loopback");
        }
    }

    private boolean legacy() {
        var profile = settings.getProperty("hsm.security.profile");

        return "legacy".equalsIgnoreCase(profile == null ? "" : profile.strip());
    }

    /**
     * Refuses, outside the legacy profile, a file that a local user other than the server's could change (group- or
     * other-writable), or, when it is secret, read.
     */
    private void requirePrivate(Path file, String setting, boolean secret) {
        if (legacy() || !Files.exists(file)) {
            return;
        }
        try {
            var view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return;
            }
            var permissions = view.readAttributes().permissions();
            var open = secret ? Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)
                    : Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
            if (permissions.stream().anyMatch(open::contains)) {
                throw new IllegalArgumentException(prefix + setting + " " + file + " is open to other users ("
                        + PosixFilePermissions.toString(permissions) + "): the PCI profile refuses it");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the permissions of " + prefix + setting + " " + file, e);
        }
    }

    private ListenerConfig config() {
        var d = ListenerConfig.defaults();
        var allowed = text("allowedClients", spec.getAllowedClients());

        return new ListenerConfig(
                pick("bindAddress", spec.getBindAddress(), d.bindAddress(), Function.identity()),
                pick("port", spec.getPort(), d.port(), Integer::valueOf),
                pick("headerLength", spec.getHeaderLength(), d.headerLength(), Integer::valueOf),
                pick("trailerEnabled", spec.getTrailerEnabled(), d.trailerEnabled(),
                        text -> strictBoolean("trailerEnabled", text)),
                pick("maxFrameLength", spec.getMaxFrameLength(), d.maxFrameLength(), Integer::valueOf),
                pick("maxConnections", spec.getMaxConnections(), d.maxConnections(), Integer::valueOf),
                pick("backlog", spec.getBacklog(), d.backlog(), Integer::valueOf),
                seconds("idleTimeoutSeconds", spec.getIdleTimeoutSeconds(), d.idleTimeout()),
                seconds("readTimeoutSeconds", spec.getReadTimeoutSeconds(), d.readTimeout()),
                seconds("stopTimeoutSeconds", spec.getStopTimeoutSeconds(), d.stopTimeout()),
                seconds("writeTimeoutSeconds", spec.getWriteTimeoutSeconds(), d.writeTimeout()),
                allowed.isBlank() ? List.of() : List.of(allowed.split(",")),
                pick("maxConnectionsPerClient", spec.getMaxConnectionsPerClient(), d.maxConnectionsPerClient(),
                        Integer::valueOf),
                tls(), lmk());
    }

    /** @return the listener's default LMK slot, or null for the server's. */
    private String lmk() {
        var lmk = text("lmk", spec.getLmk()).strip();

        return lmk.isEmpty() ? null : lmk;
    }

    /** TLS when {@code tls.keyStore} is set (system property or the spec). */
    private TlsConfig tls() {
        var keyStore = text("tls.keyStore", spec.getTlsKeyStore());
        if (keyStore.isBlank()) {
            if (Boolean.TRUE.equals(spec.getRequireTls())) {
                throw new IllegalArgumentException("the listener speaks TLS only and " + prefix
                        + "tls.keyStore is not set");
            }

            return null;
        }
        var passwordFile = text("tls.keyStorePasswordFile", spec.getTlsKeyStorePasswordFile());
        var fingerprints = new ArrayList<String>();
        var listed = text("tls.clientFingerprints", spec.getTlsClientFingerprints());
        if (!listed.isBlank()) {
            fingerprints.addAll(List.of(listed.split(",")));
        }
        var file = text("tls.clientFingerprintsFile", spec.getTlsClientFingerprintsFile());
        if (!file.isBlank()) {
            requirePrivate(Path.of(file), "tls.clientFingerprintsFile", false);
            fingerprints.addAll(fingerprintsFile(Path.of(file)));
        }
        if (!passwordFile.isBlank()) {
            requirePrivate(Path.of(passwordFile), "tls.keyStorePasswordFile", true);
        }

        return new TlsConfig(Path.of(keyStore), passwordFile.isBlank() ? null : Path.of(passwordFile), fingerprints,
                text("tls.keyAlias", spec.getTlsKeyAlias()));
    }

    private List<String> fingerprintsFile(Path file) {
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip()).filter(line -> !line.isEmpty()).toList();
            if (lines.isEmpty()) {
                throw new IllegalArgumentException(prefix + "tls.clientFingerprintsFile " + file
                        + " lists no fingerprint");
            }

            return lines;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + prefix + "tls.clientFingerprintsFile " + file, e);
        }
    }

    private String text(String name, String fromSpec) {
        return pick(name, fromSpec, "", Function.identity());
    }

    private <T> T pick(String name, T fromSpec, T fallback, Function<String, T> parse) {
        var property = settings.getProperty(prefix + name);
        if (property != null && !property.isBlank()) {
            try {
                return parse.apply(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + prefix + name + " is not a number: "
                        + property, e);
            }
        }

        return fromSpec != null ? fromSpec : fallback;
    }

    private Boolean strictBoolean(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(prefix + name + " must be true or false, was " + text);
        };
    }

    private Duration seconds(String name, Integer fromSpec, Duration fallback) {
        Integer value = pick(name, fromSpec, null, Integer::valueOf);

        return value == null ? fallback : Duration.ofSeconds(value);
    }
}
