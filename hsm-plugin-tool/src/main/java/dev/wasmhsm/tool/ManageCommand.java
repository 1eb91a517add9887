package dev.wasmhsm.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * {@code reload|unload|status --jmx URL [CODE]}: the registry's management operations from a script, over JMX as
 * JConsole does them, with the management user's credentials (the password from a file, never from the command
 * line). {@code reload} prints the reload report and fails when a module failed to load.
 */
final class ManageCommand {
    private static final String REGISTRY = "dev.wasmhsm:type=PluginRegistry";
    private static final Pattern FAILED = Pattern.compile("failed \\[(.*)]");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{2}");

    private ManageCommand() {
    }

    /**
     * The command line of a management command.
     *
     * @param url the JMX service URL.
     * @param user the management user, or null for none.
     * @param passwordFile the file holding the user's password, or null.
     * @param code the command code, or null for all.
     */
    private record Target(String url, String user, Path passwordFile, String code) {
    }

    /**
     * Runs a management command.
     *
     * @param command reload, unload or status.
     * @param args what follows it.
     * @param out where the report goes.
     * @return {@link Main#OK}, or {@link Main#FAILED} when a module failed to load.
     * @throws UsageException when the command line is wrong.
     * @throws ToolException when the server cannot be reached or refuses the call.
     */
    static int run(String command, List<String> args, PrintStream out) throws UsageException, ToolException {
        var target = parse(command, args);
        var environment = new HashMap<String, Object>();
        if (target.user() != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {target.user(), password(target.passwordFile())});
        }
        var url = serviceUrl(target.url());
        if (target.url().startsWith("service:jmx:rmi:") && Boolean.parseBoolean(System.getProperty("hsm.jmx.tls",
                "true"))) {
            // Payara with secure admin serves JMX over TLS. The credentials go only to a server whose certificate
            // is in a trust store the operator names (the domain's), never to any holder of a public CA's
            // certificate, and only over a connection the stub confirms is TLS too.
            if (System.getProperty("javax.net.ssl.trustStore") == null) {
                throw new UsageException("the server's trust store is needed for JMX over TLS, given as"
                        + " -Djavax.net.ssl.trustStore=FILE and -Djavax.net.ssl.trustStorePassword");
            }
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
            environment.put("jmx.remote.x.check.stub", "true");
        }
        if (target.url().startsWith("service:jmx:remote+http:") && !loopback(url.getHost())) {
            throw new UsageException("remote+http sends the password in the clear: use it on 127.0.0.1 only, or"
                    + " service:jmx:remote+https");
        }
        try (var connector = JMXConnectorFactory.connect(url, environment)) {
            var server = connector.getMBeanServerConnection();
            var registry = new ObjectName(REGISTRY);

            return switch (command) {
                case "reload" -> reload(server, registry, target.code(), out);
                case "unload" -> report(server.invoke(registry, "unload", new Object[] {target.code()},
                        new String[] {String.class.getName()}), out);
                default -> status(server, registry, target.code(), out);
            };
        } catch (IOException e) {
            throw new ToolException("cannot reach the server's JMX at " + target.url() + ": " + oneLine(e), e);
        } catch (JMException | RuntimeException e) {
            throw new ToolException("the server refused " + command + ": " + oneLine(e.getCause() != null
                    ? e.getCause() : e), e);
        }
    }

    private static int reload(MBeanServerConnection server, ObjectName registry, String code, PrintStream out)
            throws JMException, IOException {
        return report(code == null ? server.invoke(registry, "reload", new Object[0], new String[0])
                : server.invoke(registry, "reload", new Object[] {code}, new String[] {String.class.getName()}), out);
    }

    /** Prints a reload or unload report; a module that failed makes the exit status 1. */
    private static int report(Object report, PrintStream out) {
        out.println(printable(report));
        var failed = FAILED.matcher(String.valueOf(report));

        return failed.find() && !failed.group(1).isBlank() ? Main.FAILED : Main.OK;
    }

    /** Keeps a plugin's text from driving the operator's terminal: control characters are shown as {@code ?}. */
    private static String printable(Object text) {
        return String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
    }

    private static JMXServiceURL serviceUrl(String url) throws UsageException {
        try {
            return new JMXServiceURL(url);
        } catch (MalformedURLException e) {
            throw new UsageException("not a JMX service URL: " + url);
        }
    }

    private static boolean loopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1") || host.equals("[::1]");
    }

    private static int status(MBeanServerConnection server, ObjectName registry, String code, PrintStream out)
            throws JMException, IOException {
        out.println("generation " + server.getAttribute(registry, "Generation") + ", last reload "
                + server.getAttribute(registry, "LastReloadTime") + ": " + printable(server.getAttribute(registry,
                "LastReloadOutcome")));
        out.println("commands directory " + server.getAttribute(registry, "CommandsDirectory")
                + ", active connections " + server.getAttribute(registry, "ActiveConnections"));
        // Each loaded command reads "CODE version: description (sha256 ...)".
        var commands = code == null ? Arrays.stream((String[]) server.getAttribute(registry, "LoadedCommands"))
                .map(line -> line.substring(0, 2)).toList() : List.of(code);
        out.printf("%-4s %-10s %-12s %10s %8s %8s %10s  %s%n", "CODE", "VERSION", "SHA256", "CALLS", "ERRORS",
                "TIMEOUTS", "P99_US", "DESCRIPTION");
        for (var command : commands) {
            var plugin = new ObjectName("dev.wasmhsm:type=Plugin,command=" + command);
            if (!server.isRegistered(plugin)) {
                out.printf("%-4s not loaded%n", command);

                continue;
            }
            var hash = String.valueOf(server.getAttribute(plugin, "ContentHash"));
            out.printf(Locale.ROOT, "%-4s %-10s %-12s %10d %8d %8d %10.1f  %s%n", command,
                    server.getAttribute(plugin, "Version"), hash.substring(0, Math.min(12, hash.length())),
                    (Long) server.getAttribute(plugin, "Calls"), (Long) server.getAttribute(plugin, "Errors"),
                    (Long) server.getAttribute(plugin, "Timeouts"),
                    (Double) server.getAttribute(plugin, "P99LatencyMicros"),
                    printable(server.getAttribute(plugin, "Description")));
        }

        return Main.OK;
    }

    private static Target parse(String command, List<String> args) throws UsageException {
        String url = null;
        String user = null;
        Path passwordFile = null;
        String code = null;
        for (int i = 0; i < args.size(); i++) {
            var arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (code != null || !CODE.matcher(arg).matches()) {
                    throw new UsageException(command + " takes at most one command code, not " + arg);
                }
                code = arg;

                continue;
            }
            int equals = arg.indexOf('=');
            var name = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 && i + 1 >= args.size()) {
                throw new UsageException(name + " needs a value");
            }
            var value = equals < 0 ? args.get(++i) : arg.substring(equals + 1);
            switch (name) {
                case "--jmx" -> url = value;
                case "--user" -> user = value;
                case "--password-file" -> passwordFile = Path.of(value);
                default -> throw new UsageException("unknown option " + name + " for " + command);
            }
        }
        if (url == null) {
            throw new UsageException(command + " needs --jmx URL");
        }
        if (command.equals("unload") && code == null) {
            throw new UsageException("unload needs the command code");
        }
        if (user == null && passwordFile != null) {
            throw new UsageException("--password-file needs --user USER");
        }
        if (user != null && passwordFile == null && System.getenv("HSM_ADMIN_PASSWORD_FILE") == null) {
            throw new UsageException("--user needs --password-file FILE (or HSM_ADMIN_PASSWORD_FILE)");
        }
        if (passwordFile == null && System.getenv("HSM_ADMIN_PASSWORD_FILE") != null) {
            passwordFile = Path.of(System.getenv("HSM_ADMIN_PASSWORD_FILE"));
        }

        return new Target(url, user, passwordFile, code);
    }

    /** Returns an exception's message on one line: the servers' authentication errors span several. */
    private static String oneLine(Throwable e) {
        return String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", " ").replaceAll("[:.]$", "");
    }

    private static String password(Path file) throws ToolException {
        try {
            if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                var permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ)
                        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new ToolException("the password file " + file + " is readable by other users: chmod 600 it",
                            null);
                }
            }

            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ToolException("cannot read the password file " + file, e);
        }
    }
}
