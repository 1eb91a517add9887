package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.engine.log.CallOrigin;
import dev.wasmhsm.protocol.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * payShield's authorised activities, enforced by the host: the key operations that need a security officer's
 * consent ({@link Activity}) are refused with error 17 unless the activity was entered, for a bounded time, through
 * management. With dual control, an activity is entered only once two distinct authenticated principals have asked
 * for it within {@link #PENDING}; it ends by itself when its time is up, or when a principal cancels it. Every
 * request, entry, use, refusal and exit is an audit line in the log category {@code dev.wasmhsm.audit}.
 */
public final class AuthorisedState {
    /** The longest an activity may stay entered. */
    public static final Duration MAX_DURATION = Duration.ofHours(12);

    /** The shortest time an activity may be entered for. */
    public static final Duration MIN_DURATION = Duration.ofSeconds(1);

    /** How long a first principal's request waits for the second one's, with dual control. */
    public static final Duration PENDING = Duration.ofMinutes(5);

    /** The principal of a management call that carries no authenticated identity. */
    public static final String ANONYMOUS = "anonymous";

    /** The system property naming the officers who may authorise activities, comma separated. */
    public static final String OFFICERS = "hsm.security.officers";

    private static final Logger AUDIT = Logger.getLogger("dev.wasmhsm.audit");

    private final boolean dualControl;
    private final Set<String> officers;
    private final Clock clock;
    private final Map<Activity, Entered> entered = new EnumMap<>(Activity.class);
    private final Map<Activity, Requested> requested = new EnumMap<>(Activity.class);

    /** The key operations that need the authorised state. */
    public enum Activity {
        /** Writing a generated key under the LMK as a ZMK (A0 with key type 000). */
        GENERATE_ZMK("generate.zmk", "generate a ZMK"),
        /** Writing a key imported from under a KEK under the LMK, but a ZPK that came in under a ZMK (A6, FA). */
        IMPORT("import", "import a key other than a ZPK from under a ZMK"),
        /** Writing a key under a KEK, but a ZPK under a ZMK or a new terminal key under a TMK (A8, A0 mode 1, GC). */
        EXPORT("export", "export a key other than a ZPK under a KEK");

        private final String id;
        private final String description;

        Activity(String id, String description) {
            this.id = id;
            this.description = description;
        }

        /**
         * Returns the activity of an identifier.
         *
         * @param id {@code generate.zmk}, {@code import} or {@code export}.
         * @return the activity.
         * @throws IllegalArgumentException for another identifier.
         */
        public static Activity of(String id) {
            for (var activity : values()) {
                if (activity.id.equals(id)) {
                    return activity;
                }
            }
            throw new IllegalArgumentException("no authorised activity is named " + id + ": they are "
                    + List.of(GENERATE_ZMK.id, IMPORT.id, EXPORT.id));
        }

        /** @return the identifier, such as {@code export}. */
        public String id() {
            return id;
        }

        /** @return what it permits, in a few words. */
        public String description() {
            return description;
        }
    }

    private record Entered(Instant until, List<String> principals) {
    }

    private record Requested(String principal, Duration duration, Instant at) {
    }

    /**
     * Creates the state with no activity entered.
     *
     * @param dualControl whether an activity needs two distinct authenticated principals.
     * @param clock the clock that ends activities.
     */
    public AuthorisedState(boolean dualControl, Clock clock) {
        this(dualControl, Set.of(), clock);
    }

    /**
     * Creates the state with no activity entered, which only the named officers may enter. A server administrator
     * can make management users at will, so with dual control two distinct users are two people only when they are
     * named here: with dual control and no officer named, no activity can be entered.
     *
     * @param dualControl whether an activity needs two distinct authenticated principals.
     * @param officers the principals who may authorise, or empty for any (single control only).
     * @param clock the clock that ends activities.
     */
    public AuthorisedState(boolean dualControl, Set<String> officers, Clock clock) {
        this.dualControl = dualControl;
        this.officers = Set.copyOf(officers);
        this.clock = clock;
    }

    /**
     * Reads the officers from {@value #OFFICERS}.
     *
     * @param properties the properties, normally the system properties.
     * @return the names, without blanks.
     */
    public static Set<String> officers(Properties properties) {
        var text = properties.getProperty(OFFICERS, "");

        return Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** @return whether an activity needs two distinct authenticated principals. */
    public boolean dualControl() {
        return dualControl;
    }

    /**
     * Asks for an activity for a time, on behalf of a management principal. Without dual control the activity is
     * entered at once; with it, the first principal's request waits for a second, distinct one's, and the activity
     * is then entered for the shorter of the two times.
     *
     * @param activityId the activity's identifier.
     * @param duration how long, from {@link #MIN_DURATION} to {@link #MAX_DURATION}.
     * @param principal the authenticated management principal, or {@link #ANONYMOUS}.
     * @return what happened, in one sentence.
     * @throws IllegalArgumentException for an unknown activity or a time out of range.
     * @throws SecurityException with dual control, for an anonymous principal.
     */
    public synchronized String authorise(String activityId, Duration duration, String principal) {
        var activity = Activity.of(activityId);
        if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("an activity lasts " + MIN_DURATION + " to " + MAX_DURATION + ", not "
                    + duration);
        }
        var now = clock.instant();
        if (dualControl && (principal == null || ANONYMOUS.equals(principal))) {
            AUDIT.warnf("event=authorised.refused activity=%s principal=%s description=\"dual control needs"
                    + " authenticated management principals\"", activity.id, ANONYMOUS);
            throw new SecurityException("dual control needs an authenticated management principal");
        }
        if (!officers.isEmpty() && !officers.contains(principal) || dualControl && officers.isEmpty()) {
            var reason = officers.isEmpty() ? "dual control needs named officers (" + OFFICERS + ")"
                    : principal + " is not an officer (" + OFFICERS + ")";
            AUDIT.warnf("event=authorised.refused activity=%s principal=%s description=\"%s\"", activity.id,
                    principal, reason);
            throw new SecurityException(reason);
        }
        if (!dualControl) {
            return enter(activity, now.plus(duration), List.of(principal));
        }
        expire();
        var first = requested.get(activity);
        if (first == null || first.principal.equals(principal)) {
            requested.put(activity, new Requested(principal, duration, now));
            AUDIT.infof("event=authorised.requested activity=%s principal=%s duration=%s description=\"waiting for a"
                    + " second principal\"", activity.id, principal, duration);

            return activity.id + " requested by " + principal + "; a second principal must authorise it within "
                    + PENDING.toMinutes() + " minutes";
        }
        requested.remove(activity);
        var shorter = first.duration.compareTo(duration) < 0 ? first.duration : duration;

        return enter(activity, now.plus(shorter), List.of(first.principal, principal));
    }

    /**
     * Ends an activity now, or every activity.
     *
     * @param activityId the activity's identifier, or {@code all}.
     * @param principal the management principal.
     * @return what happened, in one sentence.
     * @throws IllegalArgumentException for an unknown activity.
     */
    public synchronized String cancel(String activityId, String principal) {
        var activities = "all".equals(activityId) ? List.of(Activity.values()) : List.of(Activity.of(activityId));
        for (var activity : activities) {
            if (requested.remove(activity) != null) {
                AUDIT.infof("event=authorised.request.cancelled activity=%s principal=%s", activity.id, principal);
            }
            if (entered.remove(activity) != null) {
                AUDIT.infof("event=authorised.exit activity=%s principal=%s reason=cancelled", activity.id,
                        principal);
            }
        }

        return "cancelled " + activityId;
    }

    /** Ends the activities whose time is up, with their audit lines; the engine runs it every second. */
    public synchronized void sweep() {
        expire();
    }

    /**
     * Returns the activities entered now, each with its end and principals.
     *
     * @return one line per activity, such as {@code export until 2026-12-01T10:00:00Z by [alice, bob]}.
     */
    public synchronized List<String> describe() {
        expire();
        var lines = new ArrayList<String>();
        entered.forEach((activity, entry) -> lines.add(activity.id + " until " + entry.until + " by "
                + entry.principals));

        return lines;
    }

    /**
     * Checks that an activity is entered before a key operation that needs it, and writes the audit line of its
     * use (or of the refusal), with the client and command of the call.
     *
     * @param activity the activity.
     * @param what the operation, for the audit line (key types and roles only, never key values).
     * @throws CryptoException with error 17 when the activity is not entered.
     */
    synchronized void require(Activity activity, String what) throws CryptoException {
        expire();
        if (!entered.containsKey(activity)) {
            AUDIT.warnf("event=authorised.refused activity=%s %s operation=\"%s\"", activity.id,
                    CallOrigin.describe(), what);
            throw new CryptoException(ErrorCode.NOT_AUTHORISED, "the authorised activity " + activity.id
                    + " is not entered: " + what + " needs it");
        }
        AUDIT.infof("event=authorised.use activity=%s %s operation=\"%s\"", activity.id, CallOrigin.describe(), what);
    }

    private String enter(Activity activity, Instant until, List<String> principals) {
        entered.put(activity, new Entered(until, principals));
        AUDIT.infof("event=authorised.enter activity=%s principals=%s until=%s description=\"%s\"", activity.id,
                principals, until, activity.description);

        return activity.id + " entered until " + until + " by " + principals;
    }

    private void expire() {
        var now = clock.instant();
        var pending = requested.entrySet().iterator();
        while (pending.hasNext()) {
            var request = pending.next();
            var activity = request.getKey();
            var principal = request.getValue().principal;
            if (request.getValue().at.plus(PENDING).isBefore(now)) {
                pending.remove();
                AUDIT.infof("event=authorised.request.expired activity=%s principal=%s description=\"no second"
                        + " principal within %s\"", activity.id, principal, PENDING);
            }
        }
        var iterator = entered.entrySet().iterator();
        while (iterator.hasNext()) {
            var entry = iterator.next();
            var activity = entry.getKey();
            if (!entry.getValue().until.isAfter(now)) {
                iterator.remove();
                AUDIT.infof("event=authorised.exit activity=%s reason=expired", activity.id);
            }
        }
    }
}
