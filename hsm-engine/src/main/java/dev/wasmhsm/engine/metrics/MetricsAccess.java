package dev.wasmhsm.engine.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may read {@code /hsm/metrics}: {@code hsm.metrics.allowedClients}, the client addresses (IPv4 or IPv6
 * literals, comma separated, or {@code *} for any; default the loopback addresses), and {@code hsm.metrics.tokenFile},
 * a file readable by its owner only whose first line is the bearer token a scrape must present
 * ({@code Authorization: Bearer <token>}, what Prometheus sends with {@code authorization.credentials_file}).
 * The health endpoints stay open: a load balancer's probe carries no credentials and they tell less.
 */
public final class MetricsAccess {
    /** The settings this class reads. */
    public static final Set<String> SETTINGS = Set.of("hsm.metrics.allowedClients", "hsm.metrics.tokenFile");
    private static final String LOOPBACK = "127.0.0.1,::1";
    private static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]+");
    private static final String BEARER = "bearer ";

    /** The allowed clients, or null for any. */
    private final Set<InetAddress> clients;
    /** The token a scrape presents, or null when none is asked. */
    private final byte[] token;

    private MetricsAccess(Set<InetAddress> clients, byte[] token) {
        this.clients = clients;
        this.token = token;
    }

    /** What a scrape gets. */
    public enum Decision {
        /** The metrics. */
        ALLOWED,
        /** 403: the client's address is not allowed. */
        CLIENT_REFUSED,
        /** 401: no token, or not the token. */
        TOKEN_REFUSED
    }

    /**
     * Reads the settings.
     *
     * @param settings the server's settings.
     * @return the rules.
     * @throws IllegalArgumentException when an address is no literal, or the token file is unreadable, open to
     *     other users, or holds no token of at least 16 characters.
     */
    public static MetricsAccess from(Properties settings) {
        var list = settings.getProperty("hsm.metrics.allowedClients", LOOPBACK).strip();
        Set<InetAddress> clients = "*".equals(list) ? null : addresses(list);
        var file = settings.getProperty("hsm.metrics.tokenFile", "").strip();

        return new MetricsAccess(clients, file.isEmpty() ? null : token(Path.of(file)));
    }

    /**
     * Decides one scrape.
     *
     * @param remoteAddress the client's address as the servlet container gives it.
     * @param authorization the {@code Authorization} header, or null.
     * @return the decision.
     */
    public Decision decide(String remoteAddress, String authorization) {
        if (clients != null && !allowed(remoteAddress)) {
            return Decision.CLIENT_REFUSED;
        }
        if (token == null) {
            return Decision.ALLOWED;
        }
        var presented = authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
                ? authorization.substring(BEARER.length()).strip().getBytes(UTF_8) : new byte[0];

        return MessageDigest.isEqual(token, presented) ? Decision.ALLOWED : Decision.TOKEN_REFUSED;
    }

    /** @return whether a scrape must present a token. */
    public boolean tokenRequired() {
        return token != null;
    }

    private boolean allowed(String remoteAddress) {
        if (remoteAddress == null || !ADDRESS.matcher(remoteAddress).matches()) {
            return false;
        }
        try {
            return clients.contains(InetAddress.getByName(remoteAddress));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Set<InetAddress> addresses(String list) {
        var addresses = new HashSet<InetAddress>();
        for (var item : list.split(",")) {
            var address = item.strip();
            // Literals only: a host name would make every scrape a DNS lookup, and DNS an attacker's lever.
            if (!ADDRESS.matcher(address).matches()) {
                throw new IllegalArgumentException("hsm.metrics.allowedClients is * or a comma-separated list of IP"
                        + " addresses, not " + list);
            }
            try {
                addresses.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("hsm.metrics.allowedClients: " + address + " is no IP address", e);
            }
        }

        return Set.copyOf(addresses);
    }

    private static byte[] token(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new IllegalArgumentException("hsm.metrics.tokenFile " + file + " is a symbolic link");
            }
            ownerOnly(file);
            var lines = Files.readAllLines(file, UTF_8);
            var token = lines.isEmpty() ? "" : lines.get(0).strip();
            if (token.length() < MIN_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("hsm.metrics.tokenFile " + file + " holds no token of at least "
                        + MIN_TOKEN_LENGTH + " characters (letters, digits and ._~+/=-) on its first line");
            }

            return token.getBytes(UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hsm.metrics.tokenFile " + file, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            var permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            for (var open : Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                if (permissions.contains(open)) {
                    throw new IllegalArgumentException("hsm.metrics.tokenFile " + file + " is open to group or other ("
                            + PosixFilePermissions.toString(permissions) + "): make it readable by its owner only");
                }
            }
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("hsm.metrics.tokenFile " + file + " is on a file system without POSIX"
                    + " permissions: keep it where its owner alone can read it", e);
        }
    }
}
