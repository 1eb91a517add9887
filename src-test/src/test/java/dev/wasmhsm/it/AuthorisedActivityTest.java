package dev.wasmhsm.it;

import static dev.wasmhsm.it.Reference.underLmk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host's authorised activities over TCP and JMX, under the legacy profile (single control): the key exchange
 * chain GC, A6 as a DEK, M2 that would give a clear PIN block is refused outside the activity {@code import}; an
 * activity entered through JMX serves, ends when cancelled, and ends by itself when its time is up.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthorisedActivityTest {
    private static final String ZPK = "U1EF828AA8F6B80EB83E19FBC373F3A85";
    private static final String ZMK = underLmk("000", 'U', "0123456789ABCDEFFEDCBA9876543210");
    private static final String TAK = underLmk("003", 'U', "0B681FC20E62C7341C587F1C13924FEF");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @AfterEach
    void leaveEveryActivity() throws IOException, JMException {
        try (var jmx = new ServerJmx()) {
            jmx.cancel("all");
        }
    }

    @Test
    void zpkExportedUnderAZmkCannotComeBackAsADataKeyToDecryptPinBlocks() throws IOException {
        try (var client = new HsmClient()) {
            var gc = client.call("0000GC" + ZMK + ZPK);
            assertTrue(gc.startsWith("0000GD00"), gc);
            var underZmk = gc.substring(8, 8 + 33);

            assertEquals("0000A717", client.call("0000A600B" + ZMK + underZmk + "U"), "GC, then A6 as a DEK");
            assertEquals("0000A717", client.call("0000A600A" + ZMK + underZmk + "U"), "GC, then A6 as a ZEK");
            assertTrue(client.call("0000A6001" + ZMK + underZmk + "U").startsWith("0000A700" + ZPK),
                    "a ZPK comes back as the ZPK it was");
        }
    }

    @Test
    void anActivityEnteredThroughJmxServesUntilItIsCancelled() throws IOException, JMException {
        try (var client = new HsmClient(); var jmx = new ServerJmx()) {
            assertEquals("0000A917", client.call("0000A8003" + ZMK + TAK + "U"));
            var entered = jmx.authorise("export", "PT10M");
            assertTrue(entered.contains("export entered until"), entered);
            assertTrue(List.of((String[]) jmx.authorisedAttribute("Entered")).toString().contains("export until"));

            assertTrue(client.call("0000A8003" + ZMK + TAK + "U").startsWith("0000A900U"));
            assertEquals("0000A117", client.call("0000A00000U"), "export does not let a ZMK be generated");
            jmx.cancel("export");
            assertEquals("0000A917", client.call("0000A8003" + ZMK + TAK + "U"));
        }
    }

    @Test
    void anActivityEndsByItselfWhenItsTimeIsUp() throws IOException, JMException, InterruptedException {
        try (var client = new HsmClient(); var jmx = new ServerJmx()) {
            jmx.authorise("generate.zmk", "PT2S");
            assertTrue(client.call("0000A00000U").startsWith("0000A100U"));
            Thread.sleep(3000);

            assertEquals("0000A117", client.call("0000A00000U"));
            assertEquals(0, ((String[]) jmx.authorisedAttribute("Entered")).length);
        }
    }
}
