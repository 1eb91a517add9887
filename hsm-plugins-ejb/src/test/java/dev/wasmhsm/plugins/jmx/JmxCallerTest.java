package dev.wasmhsm.plugins.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.PrivilegedAction;
import java.util.Set;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.junit.jupiter.api.Test;

/** The principal of a management call is the one the JMX connector authenticated, or anonymous without one. */
class JmxCallerTest {
    @Test
    @SuppressWarnings("removal")
    void theAuthenticatedSubjectNamesTheCaller() {
        var subject = new Subject(true, Set.of(new JMXPrincipal("alice")), Set.of(), Set.of());

        assertEquals("anonymous", JmxCaller.principal());
        assertEquals("alice", Subject.doAs(subject, (PrivilegedAction<String>) JmxCaller::principal));
    }
}
