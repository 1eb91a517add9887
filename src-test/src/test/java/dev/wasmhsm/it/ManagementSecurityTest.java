package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The management plane as an outsider meets it: the test servers are set up as the start scripts set them up
 * (WildFly: no silent local login, RBAC, users in mgmt-users.properties; Payara: an admin password and secure
 * admin), so a JMX client without the management password gets nothing, and what a user does is audited under
 * that user's name.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManagementSecurityTest {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void reloadWithoutCredentialsOrWithAWrongPasswordIsRefused() throws IOException {
        var before = ServerLog.offset();
        refused(null, null, "no credentials");
        refused(ServerJmx.ADMIN, "not-the-password", "a wrong password");
        refused("nobody", System.getProperty("hsm.admin.password"), "an unknown user with the admin's password");

        assertFalse(ServerLog.since(before).contains("event=management.reload"), "a refused caller reloaded");
    }

    @Test
    void aReloadWithCredentialsWorksAndItsAuditLineNamesThePrincipal() throws IOException, JMException,
            InterruptedException {
        var before = ServerLog.offset();
        String outcome;
        try (var jmx = new ServerJmx()) {
            outcome = jmx.reload("NC");
        }

        assertTrue(outcome.startsWith("generation "), outcome);
        var expected = "event=management.reload principal=" + ServerJmx.ADMIN + " target=NC description=\""
                + outcome + "\"";
        ServerLog.lineEventually(before, expected);
    }

    /** Checks that a JMX client with these credentials fails to connect or to reload, as authentication fails. */
    private static void refused(String user, String password, String what) {
        var failure = assertThrows(Exception.class, () -> {
            try (var jmx = new ServerJmx(user, password)) {
                jmx.reload("NC");
            }
        }, what);
        assertTrue(failure instanceof IOException || failure instanceof SecurityException, what + ": " + failure);
    }
}
