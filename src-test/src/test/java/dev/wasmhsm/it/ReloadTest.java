package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** Reloading plugins over remote JMX, as an operator does from JConsole, on a real server. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReloadTest {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void newPluginBecomesCallableAfterReloadWithItsOwnBean() throws IOException, JMException {
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            assertEquals("0000ZH86", client.call("0000ZGHELLO"));
            long generation = (Long) jmx.attribute("Generation");
            Deployments.installTestPlugin("echo", "ZG");

            var report = jmx.reload();

            assertTrue(report.contains("loaded [ZG]"), report);
            assertEquals(generation + 1, (Long) jmx.attribute("Generation"));
            assertEquals("0000ZH00HELLO", client.call("0000ZGHELLO"));
            assertTrue(jmx.loadedCommands().stream().anyMatch(c -> c.startsWith("ZG 1.0.0: ")),
                    jmx.loadedCommands().toString());
            assertEquals(report, jmx.attribute("LastReloadOutcome"));
            assertEquals("1.0.0", jmx.pluginAttribute("ZG", "Version"));
            assertEquals(1L, jmx.pluginAttribute("ZG", "Calls"));
            assertEquals(64, ((String) jmx.pluginAttribute("ZG", "ContentHash")).length());
            Deployments.removePlugin("ZG");
            assertTrue(jmx.reload().contains("removed [ZG]"));
            assertFalse(jmx.pluginRegistered("ZG"));
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
            Deployments.removePlugin("C9");
            assertTrue(jmx.reload().contains("failed []"));
        }
    }

    @Test
    void corruptReplacementOfOneCommandKeepsThePreviousVersionServing() throws IOException, JMException {
        Deployments.installTestPlugin("version1", "ZM");
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            assertTrue(jmx.reload("ZM").contains("loaded [ZM]"));
            assertEquals("0000ZN00V1X", client.call("0000ZMX"));
            Files.write(Deployments.COMMANDS.resolve("ZM.wasm"), new byte[] {1, 2, 3});

            var report = jmx.reload("ZM");

            assertTrue(report.contains("failed [ZM ("), report);
            assertEquals("0000ZN00V1X", client.call("0000ZMX"));
            Deployments.removePlugin("ZM");
            assertTrue(jmx.reload("ZM").contains("removed [ZM]"));
            assertEquals("0000ZN86", client.call("0000ZMX"));
        }
    }

    @Test
    void unloadTakesACommandOutOfServiceUntilTheNextReload() throws IOException, JMException {
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            assertTrue(jmx.unload("B2").contains("removed [B2]"));
            assertEquals("0000B386", client.call("0000B20004PING"));

            assertTrue(jmx.reload().contains("loaded [B2]"));
            assertEquals("0000B300PING", client.call("0000B20004PING"));
        }
    }
}
