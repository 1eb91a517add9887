package dev.wasmhsm.engine.status;

import dev.wasmhsm.engine.metrics.CommandMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;

/**
 * The figures of payShield's health and utilisation commands, made by the host from the engine's own counters:
 * JK (instantaneous health, {@link #healthCheck}), J2 (loading, {@link #loading}), J4 (command volumes,
 * {@link #volumes}) and J8 (health-check counts, {@link #healthCounts}). Layouts in docs/commands.md.
 *
 * <p>Once a second it samples the engine: the share of the CPUs its requests took in that second (the engine time
 * of the requests answered, over the second times the processors) goes into one of ten 10% ranges, and the PIN
 * verifications answered that second into a ring of the last hour. Statistics start when the engine starts.
 */
public final class HsmStatus {
    /** The commands J8 counts as PIN verifications. */
    static final Set<String> PIN_VERIFICATIONS = Set.of("DA", "DC", "EA", "EC", "GO", "GQ");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("ddMMyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");
    private static final int RANGES = 10;
    private static final int HOUR = 3600;
    private static final char RECORD_END = 0x14;
    private static final char LIST_END = 0x15;
    private static final long PORTS_MAX_AGE_NANOS = 1_000_000_000L;

    private final CommandMetrics metrics;
    private final String serial;
    private final boolean testLmk;
    private final IntSupplier authorisedActivities;
    private final Clock clock;
    private final ZoneId zone;
    private final Instant started;
    private final AtomicLongArray secondsInRange = new AtomicLongArray(RANGES);
    private final AtomicLongArray pinVerifies = new AtomicLongArray(HOUR);
    private final AtomicLongArray pinVerifySecond = new AtomicLongArray(HOUR);
    private final int processors = Runtime.getRuntime().availableProcessors();
    private long lastNanos;
    private long lastPinVerifies;
    private volatile Instant lastSample;
    private volatile Ports ports = new Ports(0, null);
    private volatile long seconds;
    private ScheduledFuture<?> sampler;

    /** The host ports' states and when they were read. */
    private record Ports(long readNanos, String states) {
    }

    /**
     * Creates the statistics, starting now.
     *
     * @param metrics the engine's request counters.
     * @param serial the serial number replies carry (12 characters, padded or cut).
     * @param testLmk whether the LMK is the test LMK.
     * @param authorisedActivities how many authorised activities are entered now.
     * @param clock the time.
     */
    public HsmStatus(CommandMetrics metrics, String serial, boolean testLmk, IntSupplier authorisedActivities,
            Clock clock) {
        this.metrics = metrics;
        this.serial = fit(serial, 12);
        this.testLmk = testLmk;
        this.authorisedActivities = authorisedActivities;
        this.clock = clock;
        this.zone = clock.getZone();
        this.started = clock.instant();
        this.lastSample = started;
    }

    /**
     * Starts sampling once a second.
     *
     * @param scheduler the engine's scheduler.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        lastNanos = metrics.totalNanos();
        lastPinVerifies = pinVerifyTotal();
        sampler = scheduler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops sampling. */
    public synchronized void stop() {
        if (sampler != null) {
            sampler.cancel(false);
        }
    }

    /** Takes one second's sample; the scheduler calls it, and the tests. */
    synchronized void sample() {
        long nanos = metrics.totalNanos();
        long busy = Math.max(0, nanos - lastNanos);
        lastNanos = nanos;
        long percent = Math.min(100, busy * 100 / (1_000_000_000L * processors));
        secondsInRange.incrementAndGet((int) Math.min(RANGES - 1, percent / 10));
        long verifies = pinVerifyTotal();
        var now = clock.instant();
        long second = now.getEpochSecond();
        int slot = Math.floorMod(second, HOUR);
        long delta = Math.max(0, verifies - lastPinVerifies);
        if (pinVerifySecond.get(slot) == second) {
            // Two samples in one second of the clock (a late run catching up): both count.
            pinVerifies.addAndGet(slot, delta);
        } else {
            pinVerifies.set(slot, delta);
            pinVerifySecond.set(slot, second);
        }
        lastPinVerifies = verifies;
        lastSample = now;
        seconds++;
    }

    /**
     * Answers JK: the instantaneous health check, after the error code.
     *
     * @return serial, date, time, the states of the console, the manager and the two host ports, the tamper
     *     state, the LMK counts and the LMK list, and the fraud and PIN attack flags.
     */
    public byte[] healthCheck() {
        var now = clock.instant();
        int activities = authorisedActivities.getAsInt();
        var text = new StringBuilder(96).append(serial).append(date(now)).append(time(now))
                // No console and no payShield Manager: both "disabled"; the host ports are the listeners.
                .append('3').append('3').append(ports())
                // Two reserved states, then "not tampered".
                .append('0').append('0').append('1')
                .append("01").append(testLmk ? "01" : "00").append("00")
                .append("00").append(activities > 0 ? '1' : '0').append(String.format("%02d", Math.min(99, activities)))
                .append('V').append('0').append(testLmk ? 'T' : 'L').append(testLmk ? "Test LMK" : "")
                .append(RECORD_END).append(LIST_END)
                // Fraud detection and PIN attack limits: not enabled, so never exceeded.
                .append('0').append('0');

        return ascii(text);
    }

    /**
     * Answers J2: the HSM loading, after the error code.
     *
     * @return serial, the start, end and current date and time, the seconds sampled, and for each 10% range of
     *     load the seconds that fell in it.
     */
    public byte[] loading() {
        var text = period();
        for (int i = 0; i < RANGES; i++) {
            text.append(String.format("%03d%03d%010d;", i * 10, (i + 1) * 10, secondsInRange.get(i)));
        }

        return ascii(text);
    }

    /**
     * Answers J4: the host command volumes, after the error code.
     *
     * @return the period, then each command answered with its count since the start.
     */
    public byte[] volumes() {
        var text = period();
        new TreeMap<>(metrics.volumes()).forEach((code, count) -> text.append(code).append(String.format("%012d",
                Math.min(count, 999_999_999_999L))));

        return ascii(text);
    }

    /**
     * Answers J8: the health-check counts, after the error code.
     *
     * @return serial, the start, end and current date and time, reboots, tampers, the PIN verifications of the
     *     last minute and of the last hour, and the PIN attacks.
     */
    public byte[] healthCounts() {
        var text = new StringBuilder(96).append(serial);
        var now = clock.instant();
        text.append(date(started)).append(time(started)).append(date(lastSample)).append(time(lastSample))
                .append(date(now)).append(time(now))
                .append(String.format("%010d%010d%07d%05d%08d", 0, 0, Math.min(9_999_999, pinVerifiesWithin(60, now)),
                        Math.min(99_999, pinVerifiesWithin(HOUR, now)), 0));

        return ascii(text);
    }

    private StringBuilder period() {
        var now = clock.instant();

        return new StringBuilder(256).append(serial).append(date(started)).append(time(started))
                .append(date(lastSample)).append(time(lastSample)).append(date(now)).append(time(now))
                .append(String.format("%010d", seconds));
    }

    private long pinVerifiesWithin(int window, Instant now) {
        long from = now.getEpochSecond() - window;
        long total = 0;
        for (int i = 0; i < HOUR; i++) {
            long second = pinVerifySecond.get(i);
            if (second > from && second <= now.getEpochSecond()) {
                total += pinVerifies.get(i);
            }
        }

        return total;
    }

    private long pinVerifyTotal() {
        var volumes = metrics.volumes();
        long total = 0;
        for (var code : PIN_VERIFICATIONS) {
            total += volumes.getOrDefault(code, 0L);
        }

        return total;
    }

    /**
     * Returns the states of host ports 1 and 2, read from JMX at most once a second, so a client polling JK costs
     * no JMX query per request.
     */
    private String ports() {
        var current = ports;
        long now = System.nanoTime();
        if (current.states() == null || now - current.readNanos() > PORTS_MAX_AGE_NANOS) {
            current = new Ports(now, listenerStates());
            ports = current;
        }

        return current.states();
    }

    /** Returns the listeners by port: 1 running, 2 not running, 3 not configured. */
    private static String listenerStates() {
        var states = new TreeMap<Integer, Character>();
        List<Listeners.Listener> listeners;
        try {
            listeners = Listeners.read();
        } catch (IllegalStateException e) {
            return "00";
        }
        for (var listener : listeners) {
            var address = listener.address();
            try {
                states.put(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)),
                        listener.listening() ? '1' : '2');
            } catch (NumberFormatException e) {
                // Not bound yet: no port to order it by.
            }
        }
        var byPort = states.values().iterator();

        return "" + (byPort.hasNext() ? byPort.next() : '3') + (byPort.hasNext() ? byPort.next() : '3');
    }

    private String date(Instant instant) {
        return DATE.format(instant.atZone(zone));
    }

    private String time(Instant instant) {
        return TIME.format(instant.atZone(zone));
    }

    private static String fit(String text, int length) {
        var padded = (text + " ".repeat(length));

        return padded.substring(0, length);
    }

    private static byte[] ascii(CharSequence text) {
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
