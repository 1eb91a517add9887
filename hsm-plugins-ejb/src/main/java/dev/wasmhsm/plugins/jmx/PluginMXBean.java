package dev.wasmhsm.plugins.jmx;

import java.util.List;

/**
 * One command plugin in service, registered as {@code dev.wasmhsm:type=Plugin,command=CODE}. The attributes
 * describe the version serving the command now; the call figures count from when that version was loaded.
 */
public interface PluginMXBean {
    /** @return the command code. */
    String getCommand();

    /** @return the response code. */
    String getResponse();

    /** @return what the command does, from the plugin's metadata. */
    String getDescription();

    /** @return the plugin's version, from its metadata. */
    String getVersion();

    /** @return the plugin's author, from its metadata. */
    String getAuthor();

    /** @return the plugin ABI version it was written for. */
    int getAbiVersion();

    /** @return the host functions it imports. */
    List<String> getImports();

    /** @return the SHA-256 of its module in hex. */
    String getContentHash();

    /** @return when this version was loaded, in ISO-8601. */
    String getLoadedAt();

    /** @return the calls this version answered or failed. */
    long getCalls();

    /** @return the calls that got the error reply: traps, deadlines, bad replies, no instance free. */
    long getErrors();

    /** @return the calls stopped at their deadline. */
    long getTimeouts();

    /** @return the mean call latency in microseconds. */
    double getMeanLatencyMicros();

    /**
     * Returns the 99th percentile of call latency over the current and the previous minute.
     *
     * @return the latency in microseconds, to within 12.5%.
     */
    double getP99LatencyMicros();

    /** @return the calls running now. */
    int getBusyInstances();

    /** @return the instances kept idle for the next calls. */
    int getIdleInstances();

    /** @return the limits this version runs under, as text. */
    String getLimits();
}
