package dev.wasmhsm.engine.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Polls the commands directory and reloads once the {@code .wasm} files have changed and then stayed still for
 * the quiet period, so that a file still being copied is not loaded half-written.
 *
 * <p>Polling (the size and modification time of each file) rather than a file system watch service: it needs no
 * thread of its own, and it sees changes on network and container file systems that send no events.
 */
final class DirectoryWatcher {
    private static final Logger LOG = Logger.getLogger(DirectoryWatcher.class);

    private final Path directory;
    private final long quietNanos;
    private final Runnable reload;
    private Map<String, String> lastSeen;
    private long changedAt;
    private boolean pending;
    private volatile ScheduledFuture<?> poller;

    /**
     * Creates a watcher and takes its first look at the directory, so that a change made after this, during the
     * first load, is seen.
     */
    DirectoryWatcher(Path directory, Duration quiet, Runnable reload) {
        this.directory = directory;
        this.quietNanos = quiet.toNanos();
        this.reload = reload;
        this.lastSeen = snapshot();
    }

    /**
     * Starts polling, four times per quiet period and at least every 100 ms.
     *
     * @param scheduler the scheduler.
     */
    synchronized void start(ScheduledExecutorService scheduler) {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(100), quietNanos / 4);
        poller = scheduler.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.NANOSECONDS);
        LOG.infof("event=plugins.watch directory=%s quietMillis=%d", directory,
                TimeUnit.NANOSECONDS.toMillis(quietNanos));
    }

    /** Stops polling; it takes no lock, so it never waits for a reload the watcher started. */
    void stop() {
        var running = poller;
        if (running != null) {
            running.cancel(false);
            poller = null;
        }
    }

    /** Polls once; the reload runs outside the watcher's lock, so it never holds two locks at once. */
    void poll() {
        try {
            if (settled()) {
                reload.run();
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.errorf(e, "event=plugins.watch directory=%s", directory);
        }
    }

    private synchronized boolean settled() {
        var seen = snapshot();
        long now = System.nanoTime();
        if (!seen.equals(lastSeen)) {
            lastSeen = seen;
            changedAt = now;
            pending = true;
        } else if (pending && now - changedAt >= quietNanos) {
            pending = false;

            return true;
        }

        return false;
    }

    private Map<String, String> snapshot() {
        var files = new TreeMap<String, String>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(file -> file.getFileName().toString().endsWith(".wasm")).forEach(file -> {
                try {
                    files.put(file.getFileName().toString(), Files.size(file) + "@" + Files.getLastModifiedTime(file));
                } catch (IOException e) {
                    files.put(file.getFileName().toString(), "unreadable");
                }
            });
        } catch (IOException e) {
            files.put("", "directory unreadable: " + e.getMessage());
        }

        return files;
    }
}
