package dev.wasmhsm.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The HSM's settings as the server gives them: system properties first, then environment variables, for container
 * deployments where the environment is the usual way in. A setting {@code hsm.log.format} is also read from
 * {@code HSM_LOG_FORMAT}: every character that is not a letter or a digit becomes {@code _}, and letters are upper
 * case ({@code hsm.plugins.reloadBurst} from {@code HSM_PLUGINS_RELOADBURST}), as MicroProfile Config maps them.
 * Only the HSM's own settings ({@code hsm.*}) fall back to the environment: a server's properties, such as
 * {@code jboss.server.log.dir}, never do.
 */
public final class ServerSettings extends Properties {
    private static final long serialVersionUID = 1L;

    /** The environment, not serialised with the settings. */
    private final transient Map<String, String> environment;

    private ServerSettings(Properties system, Map<String, String> environment) {
        this.environment = environment;
        putAll(system);
    }

    /**
     * Returns the settings of this server: a snapshot of the system properties, backed by the environment.
     *
     * @return the settings.
     */
    public static ServerSettings current() {
        return of(System.getProperties(), System.getenv());
    }

    /**
     * Returns settings over given system properties and environment.
     *
     * @param system the system properties.
     * @param environment the environment variables.
     * @return the settings.
     */
    public static ServerSettings of(Properties system, Map<String, String> environment) {
        return new ServerSettings(system, Map.copyOf(environment));
    }

    /**
     * Returns the name of the environment variable that gives a setting.
     *
     * @param setting the setting, for example {@code hsm.log.format}.
     * @return the variable, for example {@code HSM_LOG_FORMAT}.
     */
    public static String environmentName(String setting) {
        return setting.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public String getProperty(String key) {
        var value = super.getProperty(key);

        return value != null || environment == null || !key.startsWith("hsm.") ? value
                : environment.get(environmentName(key));
    }

    /**
     * Returns the HSM settings the environment gives, for the start's log line: their names, never their values.
     *
     * @return the variable names ({@code HSM_*}), sorted.
     */
    public SortedSet<String> fromEnvironment() {
        var names = new TreeSet<String>();
        if (environment != null) {
            environment.keySet().stream().filter(name -> name.startsWith("HSM_")).forEach(names::add);
        }

        return names;
    }

    @Override
    public synchronized boolean equals(Object other) {
        return super.equals(other);
    }

    @Override
    public synchronized int hashCode() {
        return super.hashCode();
    }
}
