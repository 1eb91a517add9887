package dev.wasmhsm.engine.log;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where and how the HSM's log lines go, read once at start from the {@code hsm.log.*} properties.
 *
 * @param destination {@code file} (the default in a server), {@code stdout}, or {@code server} (the server's own
 *     handlers and formatters, the default outside a server).
 * @param format {@code kv} (key=value, the default) or {@code json} (one flat JSON object per line).
 * @param file the log file of the {@code file} destination.
 * @param maxFileBytes the size at which the file is rotated.
 * @param maxFiles how many rotated files are kept besides the current one.
 * @param mdc whether request fields also go into the MDC while a line is written (the {@code server} destination,
 *     for a server's JSON formatter).
 */
public record LogSettings(Destination destination, Format format, Path file, long maxFileBytes, int maxFiles,
        boolean mdc) {
    /** The settings, by their name after {@code hsm.log.}. */
    public static final Set<String> NAMES = Set.of("destination", "format", "file", "maxFileMegabytes", "maxFiles",
            "mdc");

    private static final String PREFIX = "hsm.log.";
    private static final String FILE_NAME = "hsm.log";

    /** Where the lines go. */
    public enum Destination {
        /** A file of the product's own, rotated by size. */
        FILE,
        /** The process's standard output, for container log collectors. */
        STDOUT,
        /** The server's logging configuration: its handlers, formatters and files. */
        SERVER
    }

    /** How a line is written. */
    public enum Format {
        /** A timestamp, the level, the category and the message's {@code key=value} fields. */
        KV,
        /** One flat JSON object per line. */
        JSON
    }

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException when a setting is out of range or the format does not fit the destination.
     */
    public LogSettings {
        if (maxFileBytes < 1 << 20 || maxFiles < 1 || maxFiles > 1000) {
            throw new IllegalArgumentException("hsm.log.maxFileMegabytes must be at least 1 and hsm.log.maxFiles 1 to"
                    + " 1000");
        }
        if (destination == Destination.SERVER && format == Format.JSON) {
            throw new IllegalArgumentException("hsm.log.format=json needs hsm.log.destination=file or stdout: with"
                    + " destination server the server's formatter writes the lines");
        }
    }

    /**
     * Reads the settings from properties, normally the system properties; the defaults are in docs/operations.md.
     * In a server (WildFly's {@code jboss.server.log.dir} or Payara's {@code com.sun.aas.instanceRoot} set), the
     * default destination is {@code file}, {@code hsm.log} in the server's log directory; outside one it is
     * {@code server}, the logging framework's own configuration.
     *
     * @param properties the properties.
     * @return the settings.
     * @throws IllegalArgumentException when a setting is unknown or malformed.
     */
    public static LogSettings from(Properties properties) {
        for (var name : properties.stringPropertyNames()) {
            if (name.startsWith(PREFIX) && !NAMES.contains(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException("system property " + name + " is not a setting: the log settings"
                        + " are hsm.log." + new TreeSet<>(NAMES));
            }
        }
        var serverLogs = serverLogDirectory(properties);
        var destination = choice(properties, "destination", Destination.class,
                serverLogs == null ? Destination.SERVER : Destination.FILE);
        var file = properties.getProperty(PREFIX + "file");
        var path = file != null ? Path.of(file) : serverLogs == null ? Path.of(FILE_NAME) : serverLogs.resolve(FILE_NAME);

        return new LogSettings(destination, choice(properties, "format", Format.class, Format.KV), path,
                number(properties, "maxFileMegabytes", 64) << 20, (int) number(properties, "maxFiles", 10),
                flag(properties, "mdc"));
    }

    private static Path serverLogDirectory(Properties properties) {
        var wildfly = properties.getProperty("jboss.server.log.dir");
        if (wildfly != null) {
            return Path.of(wildfly);
        }
        var payara = properties.getProperty("com.sun.aas.instanceRoot");

        return payara == null ? null : Path.of(payara, "logs");
    }

    private static <E extends Enum<E>> E choice(Properties properties, String name, Class<E> type, E fallback) {
        var value = properties.getProperty(PREFIX + name);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            var names = new TreeSet<String>();
            for (var constant : type.getEnumConstants()) {
                names.add(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(PREFIX + name + " must be one of " + names + ", was " + value, e);
        }
    }

    private static long number(Properties properties, String name, long fallback) {
        var value = properties.getProperty(PREFIX + name);
        try {
            return value == null ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, was " + value, e);
        }
    }

    private static boolean flag(Properties properties, String name) {
        var value = properties.getProperty(PREFIX + name, "false").trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(PREFIX + name + " must be true or false, was " + value);
        }

        return Boolean.parseBoolean(value);
    }
}
