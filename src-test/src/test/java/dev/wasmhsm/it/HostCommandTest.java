package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Host commands over TCP through the deployed adapter, MDB and plugins, on a real WildFly. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostCommandTest {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void ncAnswersLmkCheckValueAndFirmwareWithHeaderEchoed() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("1234ND0026860400000000000007-E000", client.call("1234NC"));
        }
    }

    @Test
    void b2EchoesDataWithHeaderEchoed() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("HEADB300PING", client.call("HEADB20004PING"));
        }
    }

    @Test
    void binaryHeaderBytesAreEchoedVerbatim() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("\u0000\u0003\u0080\u00ffB300PING", client.call("\u0000\u0003\u0080\u00ffB20004PING"));
        }
    }

    @Test
    void unknownCommandGetsIncrementedCodeAnd86() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("0000XY86", client.call("0000XX"));
            assertEquals("0000Q086", client.call("0000Q9DATA"));
        }
    }

    @Test
    void trappingPluginGetsErrorReplyAndTheConnectionKeepsServing() throws IOException, JMException {
        Deployments.installTestPlugin("trap", "ZA");
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            assertTrue(jmx.reload("ZA").contains("loaded [ZA]"));
            assertEquals("0000ZB86", client.call("0000ZA"));
            assertEquals("0000B300PING", client.call("0000B20004PING"));
            assertEquals("0000ZB86", client.call("0000ZA"));
            assertEquals("0000ND0026860400000000000007-E000", client.call("0000NC"));
            assertEquals(2L, jmx.pluginAttribute("ZA", "Errors"));
            Deployments.removePlugin("ZA");
            jmx.reload("ZA");
        }
    }

    @Test
    void endlessPluginIsStoppedAndTheServerKeepsServing() throws IOException, JMException {
        Deployments.installTestPlugin("loop", "ZE");
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            jmx.reload("ZE");
            assertEquals("0000ZF86", client.call("0000ZE"));
            assertEquals("0000B300PING", client.call("0000B20004PING"));
            assertEquals(1L, jmx.pluginAttribute("ZE", "Timeouts"));
            Deployments.removePlugin("ZE");
            jmx.reload("ZE");
        }
    }

    @Test
    void frameSplitByteByByteIsAnswered() throws IOException, InterruptedException {
        try (var client = new HsmClient()) {
            for (byte b : HsmClient.frame("0007B20004PING")) {
                client.write(new byte[] {b});
                Thread.sleep(2);
            }
            assertEquals("0007B300PING", client.read());
        }
    }

    @Test
    void threeFramesInOneWriteAreAnsweredInOrder() throws IOException {
        try (var client = new HsmClient()) {
            var frames = new ByteArrayOutputStream();
            frames.writeBytes(HsmClient.frame("0001B20004AAAA"));
            frames.writeBytes(HsmClient.frame("0002NC"));
            frames.writeBytes(HsmClient.frame("0003B20004CCCC"));
            client.write(frames.toByteArray());

            assertEquals("0001B300AAAA", client.read());
            assertEquals("0002ND0026860400000000000007-E000", client.read());
            assertEquals("0003B300CCCC", client.read());
        }
    }

    @Test
    void oversizeFrameClosesOnlyThatConnection() throws IOException {
        try (var bystander = new HsmClient(); var offender = new HsmClient()) {
            assertEquals("0000B300PING", bystander.call("0000B20004PING"));

            offender.write(new byte[] {(byte) 0xFF, (byte) 0xF0, '0', '0', '0', '0', 'B', '2'});

            assertTrue(offender.closedByServer());
            assertEquals("0000B300PONG", bystander.call("0000B20004PONG"));
        }
        try (var fresh = new HsmClient()) {
            assertEquals("0000B300PING", fresh.call("0000B20004PING"));
        }
    }

    @Test
    void frameTooShortForHeaderAndCommandClosesTheConnection() throws IOException {
        try (var client = new HsmClient()) {
            client.write(HsmClient.frame("00N"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void activeConnectionsAreExposedOverJmx() throws IOException, JMException {
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            client.call("0000NC");
            int active = (Integer) jmx.attribute("ActiveConnections");
            assertTrue(active >= 1, "active connections " + active);
            assertFalse(jmx.loadedCommands().isEmpty());
        }
    }
}
