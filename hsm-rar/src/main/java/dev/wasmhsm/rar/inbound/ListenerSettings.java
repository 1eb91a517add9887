package dev.wasmhsm.rar.inbound;

import dev.wasmhsm.rar.transport.ListenerConfig;
import dev.wasmhsm.rar.transport.TlsConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Resolves a listener's settings: system property {@code hsm.listener.<name>}, else the activation config, else
 * the default.
 */
final class ListenerSettings {
    /** The prefix of the system properties that override the activation config. */
    static final String PREFIX = "hsm.listener.";

    private ListenerSettings() {
    }

    static ListenerConfig resolve(HsmActivationSpec spec) {
        var config = settings(spec);
        requireTlsOffLoopback(config);

        return config;
    }

    /**
     * Refuses plain TCP on an address other than loopback unless the security profile is {@code legacy} or
     * {@code hsm.listener.allowPlainTcp=true}: under the PCI profile, the default, a host port reachable from the
     * network speaks TLS.
     */
    private static void requireTlsOffLoopback(ListenerConfig config) {
        if (config.tls() != null || Boolean.parseBoolean(System.getProperty(PREFIX + "allowPlainTcp"))) {
            return;
        }
        var profile = System.getProperty("hsm.security.profile", System.getenv("HSM_SECURITY_PROFILE"));
        if ("legacy".equalsIgnoreCase(profile == null ? "" : profile.strip())) {
            return;
        }
        try {
            if (!InetAddress.getByName(config.bindAddress()).isLoopbackAddress()) {
                throw new IllegalArgumentException("plain TCP on " + config.bindAddress() + " is refused under the"
                        + " PCI profile: set hsm.listener.tls.keyStore, bind to loopback, or set"
                        + " hsm.listener.allowPlainTcp=true");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress " + config.bindAddress() + " is unknown", e);
        }
    }

    private static ListenerConfig settings(HsmActivationSpec spec) {
        var d = ListenerConfig.defaults();
        var allowed = pick("allowedClients", spec.getAllowedClients(), "", Function.identity());

        return new ListenerConfig(
                pick("bindAddress", spec.getBindAddress(), d.bindAddress(), Function.identity()),
                pick("port", spec.getPort(), d.port(), Integer::valueOf),
                pick("headerLength", spec.getHeaderLength(), d.headerLength(), Integer::valueOf),
                pick("trailerEnabled", spec.getTrailerEnabled(), d.trailerEnabled(), ListenerSettings::strictBoolean),
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
                tls(spec));
    }

    /** TLS when {@code tls.keyStore} is set (system property {@code hsm.listener.tls.keyStore} or the spec). */
    private static TlsConfig tls(HsmActivationSpec spec) {
        var keyStore = pick("tls.keyStore", spec.getTlsKeyStore(), "", Function.identity());
        if (keyStore.isBlank()) {
            return null;
        }
        var passwordFile = pick("tls.keyStorePasswordFile", spec.getTlsKeyStorePasswordFile(), "",
                Function.identity());
        var fingerprints = pick("tls.clientFingerprints", spec.getTlsClientFingerprints(), "", Function.identity());

        return new TlsConfig(Path.of(keyStore), passwordFile.isBlank() ? null : Path.of(passwordFile),
                fingerprints.isBlank() ? List.of() : List.of(fingerprints.split(",")));
    }

    private static <T> T pick(String name, T fromSpec, T fallback, Function<String, T> parse) {
        var property = System.getProperty(PREFIX + name);
        if (property != null && !property.isBlank()) {
            try {
                return parse.apply(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + PREFIX + name + " is not a number: "
                        + property, e);
            }
        }

        return fromSpec != null ? fromSpec : fallback;
    }

    private static Boolean strictBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("trailerEnabled must be true or false, was " + text);
        };
    }

    private static Duration seconds(String name, Integer fromSpec, Duration fallback) {
        Integer value = pick(name, fromSpec, null, Integer::valueOf);

        return value == null ? fallback : Duration.ofSeconds(value);
    }
}
