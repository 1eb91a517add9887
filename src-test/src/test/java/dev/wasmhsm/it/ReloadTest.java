package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reloading plugins over remote JMX, as an operator does from JConsole, on a real WildFly. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReloadTest {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void newPluginBecomesCallableAfterReload() throws IOException, JMException {
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            assertEquals("0000E186", client.call("0000E0HELLO"));
            long generation = (Long) jmx.attribute("Generation");
            Deployments.installTestPlugin("echo", "E0");

            var report = jmx.reload();

            assertTrue(report.contains("loaded [E0]"), report);
            assertEquals(generation + 1, (Long) jmx.attribute("Generation"));
            assertEquals("0000E100HELLO", client.call("0000E0HELLO"));
            assertTrue(jmx.loadedCommands().stream().anyMatch(c -> c.startsWith("E0: Echo under any command code")),
                    jmx.loadedCommands().toString());
            assertEquals(report, jmx.attribute("LastReloadOutcome"));
        }
    }

    @Test
    void corruptModuleIsReportedAsFailedWhileTheOthersKeepServing() throws IOException, JMException {
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            Files.write(Deployments.COMMANDS.resolve("C9.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 7, 7});

            var report = jmx.reload();

            assertTrue(report.contains("failed [C9 ("), report);
            assertEquals("0000C086", client.call("0000C9"));
            assertEquals("0000ND0026860400000000000007-E000", client.call("0000NC"));
            assertEquals("0000B300PING", client.call("0000B20004PING"));
            Files.delete(Deployments.COMMANDS.resolve("C9.wasm"));
            assertTrue(jmx.reload().contains("failed []"));
        }
    }

    @Test
    void corruptReplacementKeepsThePreviousVersionServing() throws IOException, JMException {
        Deployments.installTestPlugin("echo", "E5");
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            jmx.reload();
            assertEquals("0000E600X", client.call("0000E5X"));
            Files.write(Deployments.COMMANDS.resolve("E5.wasm"), new byte[] {1, 2, 3});

            var report = jmx.reload();

            assertTrue(report.contains("failed [E5 ("), report);
            assertEquals("0000E600X", client.call("0000E5X"));
            Files.delete(Deployments.COMMANDS.resolve("E5.wasm"));
            assertTrue(jmx.reload().contains("removed [E5]"));
            assertEquals("0000E686", client.call("0000E5X"));
        }
    }
}
