package dev.wasmhsm.plugins.jmx;

import dev.wasmhsm.engine.host.AuthorisedState;
import java.security.AccessController;
import java.security.Principal;
import java.util.stream.Collectors;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.jboss.logging.Logger;

/**
 * Who called a management operation, and the audit line of it: the principal is the one the server's JMX
 * connector authenticated (the {@link Subject} it runs the call under), or {@code anonymous} without one. WildFly's
 * connector runs calls under an Elytron identity and gives no Subject, so its callers are {@code anonymous} (see
 * SECURITY.md).
 */
final class JmxCaller {
    private static final Logger AUDIT = Logger.getLogger("dev.wasmhsm.audit");

    private JmxCaller() {
    }

    /** @return the names of the principals of the JMX caller's subject, JMX principals first, or anonymous. */
    @SuppressWarnings("removal")
    static String principal() {
        var subject = Subject.getSubject(AccessController.getContext());
        if (subject == null || subject.getPrincipals().isEmpty()) {
            return AuthorisedState.ANONYMOUS;
        }
        var jmx = subject.getPrincipals(JMXPrincipal.class);
        var principals = jmx.isEmpty() ? subject.getPrincipals() : jmx;

        return principals.stream().map(Principal::getName).sorted().collect(Collectors.joining("+"));
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
}
