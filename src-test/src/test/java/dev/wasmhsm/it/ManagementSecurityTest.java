package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Path SERVER_LOG = Path.of(System.getProperty("hsm.server.log", "server.log"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void reloadWithoutCredentialsOrWithAWrongPasswordIsRefused() {
        assertThrows(Exception.class, () -> {
            try (var jmx = new ServerJmx(null, null)) {
                jmx.reload("NC");
            }
        }, "no credentials");
        assertThrows(Exception.class, () -> {
            try (var jmx = new ServerJmx(ServerJmx.ADMIN, "not-the-password")) {
                jmx.reload("NC");
            }
        }, "a wrong password");
        assertThrows(Exception.class, () -> {
            try (var jmx = new ServerJmx("nobody", System.getProperty("hsm.admin.password"))) {
                jmx.reload("NC");
            }
        }, "an unknown user with the admin's password");
    }

    @Test
    void aReloadWithCredentialsWorksAndItsAuditLineNamesThePrincipal() throws IOException, JMException,
            InterruptedException {
        String outcome;
        try (var jmx = new ServerJmx()) {
            outcome = jmx.reload("NC");
        }

        assertTrue(outcome.startsWith("generation "), outcome);
        var expected = "event=management.reload principal=" + ServerJmx.ADMIN + " target=NC description=\""
                + outcome + "\"";
        assertTrue(logEventually(expected), "no line " + expected + " in " + SERVER_LOG);
    }

    /** @return whether the server log holds the text within 10 s (log handlers may write a little later). */
    private static boolean logEventually(String text) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (Files.readString(SERVER_LOG, StandardCharsets.UTF_8).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }

        return false;
    }
}
