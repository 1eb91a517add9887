package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.engine.host.AuthorisedState;
import dev.wasmhsm.engine.host.SecurityProfile;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * The MXBean over the engine's {@link AuthorisedState}. The calling principal is the one the server's JMX connector
 * authenticated (the {@link Subject} it runs the call under); a call without one is {@code anonymous}, which dual
 * control refuses.
 */
public final class AuthorisedStateManagement implements AuthorisedStateMXBean {
    private static final Logger LOG = Logger.getLogger(AuthorisedStateManagement.class);

    private final AuthorisedState state;
    private final SecurityProfile profile;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /**
     * Creates the management view.
     *
     * @param state the authorised state it manages.
     * @param profile the security settings, shown as an attribute.
     */
    public AuthorisedStateManagement(AuthorisedState state, SecurityProfile profile) {
        this.state = state;
        this.profile = profile;
    }

    /**
     * Registers the bean, replacing a stale registration left by an earlier deployment.
     *
     * @throws JMException when the MBean server refuses it.
     */
    public void register() throws JMException {
        var name = new ObjectName(OBJECT_NAME);
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new DescribedMBean<>(this, AuthorisedStateMXBean.class, "The authorised state:"
                + " activities officers enter and leave", new NotificationBroadcasterSupport()), name);
    }

    /** Unregisters the bean. */
    public void unregister() {
        try {
            server.unregisterMBean(new ObjectName(OBJECT_NAME));
        } catch (JMException e) {
            LOG.debugf("event=jmx.unregister name=%s description=\"%s\"", OBJECT_NAME, e.getMessage());
        }
    }

    @Override
    public String authorise(String activity, String duration) {
        return state.authorise(activity, parse(duration), JmxCaller.principal());
    }

    @Override
    public String cancel(String activity) {
        return state.cancel(activity, JmxCaller.principal());
    }

    @Override
    public List<String> getEntered() {
        return state.describe();
    }

    @Override
    public List<String> getActivities() {
        return Stream.of(AuthorisedState.Activity.values()).map(a -> a.id() + ": " + a.description()).toList();
    }

    @Override
    public boolean isDualControl() {
        return state.dualControl();
    }

    @Override
    public String getSecurityProfile() {
        return profile.toString();
    }

    private static Duration parse(String duration) {
        var text = duration == null ? "" : duration.strip();
        try {
            return text.matches("[0-9]{1,4}") ? Duration.ofMinutes(Integer.parseInt(text)) : Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a duration is minutes (30) or ISO-8601 (PT30M), not " + text, e);
        }
    }
}
