package dev.wasmhsm.plugins.jmx;

import java.util.List;

/**
 * The authorised state under JMX ({@code dev.wasmhsm:type=AuthorisedState}): payShield's authorised activities,
 * entered for a bounded time by management principals (two distinct ones with dual control) and audited in the log
 * category {@code dev.wasmhsm.audit}.
 */
public interface AuthorisedStateMXBean {
    /** The object name the bean is registered under. */
    String OBJECT_NAME = "dev.wasmhsm:type=AuthorisedState";

    /**
     * Asks for an activity, on behalf of the calling management principal.
     *
     * @param activity {@code generate.zmk}, {@code import} or {@code export}.
     * @param duration how long: minutes ({@code 30}) or an ISO-8601 duration ({@code PT30M}, {@code PT45S}), at most
     *     12 hours.
     * @return what happened: entered until when, or waiting for a second principal.
     */
    @Described("Enter an authorised activity; under dual control two named officers must each call it within the"
            + " time")
    String authorise(@Described(value = "the activity, such as export or pin.clear", name = "activity")
            String activity,
            @Described(value = "how long it lasts, such as 15m or 1h", name = "duration") String duration);

    /**
     * Ends an activity now.
     *
     * @param activity the activity, or {@code all}.
     * @return what happened.
     */
    @Described("Leave an authorised activity, or all of them")
    String cancel(@Described(value = "the activity, or all", name = "activity") String activity);

    /** @return the activities entered now, each with its end and principals. */
    List<String> getEntered();

    /** @return the activities there are, each with what it permits. */
    List<String> getActivities();

    /** @return whether an activity needs two distinct authenticated principals. */
    boolean isDualControl();

    /** @return the security profile and its settings. */
    String getSecurityProfile();
}
