package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.engine.host.AuthorisedState;
import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.jboss.logging.Logger;

/**
 * Who called a management operation, and the audit line of it. The principal is the one the server's JMX
 * connector authenticated: Payara's (a JDK connector) runs the call under a {@link Subject} with a
 * {@link JMXPrincipal}; WildFly's runs it under an Elytron identity that its management layer keeps in
 * {@code org.jboss.as.controller.AccessAuditContext}, read here by reflection (the EAR's
 * jboss-deployment-structure.xml makes that module visible). Without either the caller is {@code anonymous}.
 */
final class JmxCaller {
    private static final Logger AUDIT = Logger.getLogger("dev.wasmhsm.audit");
    private static final Logger LOG = Logger.getLogger(JmxCaller.class);
    private static final String WILDFLY_CONTEXT = "org.jboss.as.controller.AccessAuditContext";

    private JmxCaller() {
    }

    /** @return the names of the principals of the JMX caller, JMX principals first, or anonymous. */
    @SuppressWarnings("removal")
    static String principal() {
        var subject = Subject.getSubject(AccessController.getContext());
        if (subject != null && !subject.getPrincipals().isEmpty()) {
            var jmx = subject.getPrincipals(JMXPrincipal.class);
            var principals = jmx.isEmpty() ? subject.getPrincipals() : jmx;

            return principals.stream().map(Principal::getName).sorted().collect(Collectors.joining("+"));
        }
        var wildfly = wildflyPrincipal();

        return wildfly == null || wildfly.isBlank() ? AuthorisedState.ANONYMOUS : wildfly;
    }

    /**
     * Writes the audit line of a management operation on the plugins.
     *
     * @param operation the operation, such as {@code reload}.
     * @param target what it acted on, such as a command code or {@code all}.
     * @param outcome its one-line report.
     */
    static void audit(String operation, String target, String outcome) {
        AUDIT.infof("event=management.%s principal=%s target=%s description=\"%s\"", operation, principal(), target,
                outcome.replace('"', '\''));
    }

    /** @return the name of the identity WildFly's JMX connector authenticated, or null elsewhere. */
    private static String wildflyPrincipal() {
        try {
            var type = Class.forName(WILDFLY_CONTEXT, false, JmxCaller.class.getClassLoader());
            var context = type.getMethod("currentAccessAuditContext").invoke(null);
            if (context == null) {
                return null;
            }
            var identity = type.getMethod("getSecurityIdentity").invoke(context);
            if (identity == null) {
                return null;
            }
            var principal = (Principal) identity.getClass().getMethod("getPrincipal").invoke(identity);

            return principal == null ? null : principal.getName();
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("event=jmx.principal description=\"%s\"", e);

            return null;
        }
    }
}
