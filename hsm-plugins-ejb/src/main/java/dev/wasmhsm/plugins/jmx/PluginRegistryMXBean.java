package dev.wasmhsm.plugins.jmx;

import java.util.List;

/**
 * The plugin registry's management interface, registered as {@code dev.wasmhsm:type=PluginRegistry} on the
 * platform MBean server, so JConsole reaches it through the server's management port.
 */
public interface PluginRegistryMXBean {
    /** The object name the registry is registered under. */
    String OBJECT_NAME = "dev.wasmhsm:type=PluginRegistry";

    /**
     * Loads the commands directory again and swaps the new plugin set in atomically.
     *
     * @return one line: the generation, and what was loaded, replaced, removed, unchanged and what failed.
     */
    @Described("Reload the whole commands directory: new and changed modules load aside and swap in together; a"
            + " module that fails keeps its previous version serving")
    String reload();

    /**
     * Loads one command's file again and swaps it in; the version in service stays if the new one fails, and the
     * command is removed if its file is gone.
     *
     * @param command the command code, such as NC.
     * @return one line, as {@link #reload()} answers.
     */
    @Described("Reload one command's module; its version in service stays if the new one fails")
    String reload(@Described(value = "the command code, such as NC", name = "command") String command);

    /**
     * Takes one command out of service until a reload finds its file again.
     *
     * @param command the command code.
     * @return one line, as {@link #reload()} answers.
     */
    @Described("Take one command out of service at once (the emergency stop, never throttled) until a reload finds"
            + " its file again")
    String unload(@Described(value = "the command code, such as NC", name = "command") String command);

    /**
     * Returns the commands in service, each as {@code CODE version: description (sha256 prefix)}; each also has its
     * own bean, {@code dev.wasmhsm:type=Plugin,command=CODE}.
     *
     * @return the commands, sorted.
     */
    List<String> getLoadedCommands();

    /**
     * Returns the plugin set's generation: 1 after the first load, one more after each reload.
     *
     * @return the generation.
     */
    long getGeneration();

    /**
     * Returns when the last reload finished, in ISO-8601.
     *
     * @return the time.
     */
    String getLastReloadTime();

    /**
     * Returns the last reload's summary.
     *
     * @return the summary.
     */
    String getLastReloadOutcome();

    /**
     * Returns the commands directory.
     *
     * @return the path.
     */
    String getCommandsDirectory();

    /**
     * Returns the client connections open now on every listener of the server.
     *
     * @return the count.
     */
    int getActiveConnections();
}
