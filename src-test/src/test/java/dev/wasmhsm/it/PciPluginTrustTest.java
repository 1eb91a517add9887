package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Under the PCI profile only trusted modules load: the bundled ones (the manifest inside the EAR) and those the
 * operator's trust file lists, with the host functions it grants. Whoever can write the commands directory cannot
 * run code of their own, nor change a bundled module, nor grant a module more than the operator did.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PciPluginTrustTest {
    private static final Path TRUST_FILE = Path.of(System.getProperty("hsm.trust.file"));
    private static final byte[] EMPTY_CUSTOM_SECTION = {0x00, 0x04, 0x03, 'a', 'b', 'c'};

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @AfterEach
    void restore() throws IOException, JMException {
        Files.deleteIfExists(TRUST_FILE);
        Deployments.removePlugin("ZG");
        Deployments.removePlugin("ZU");
        Files.copy(Deployments.PLUGINS.resolve("wasm/B2.wasm"), Deployments.COMMANDS.resolve("B2.wasm"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (var jmx = new ServerJmx()) {
            jmx.reload();
        }
    }

    @Test
    void aModuleOfNobodysIsRefusedAndAChangedBundledModuleKeepsTheOldVersionServing()
            throws IOException, JMException {
        Deployments.installTestPlugin("echo", "ZG");
        var b2 = Files.readAllBytes(Deployments.COMMANDS.resolve("B2.wasm"));
        var changed = new byte[b2.length + EMPTY_CUSTOM_SECTION.length];
        System.arraycopy(b2, 0, changed, 0, b2.length);
        System.arraycopy(EMPTY_CUSTOM_SECTION, 0, changed, b2.length, EMPTY_CUSTOM_SECTION.length);
        Files.write(Deployments.COMMANDS.resolve("B2.wasm"), changed);
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            var report = jmx.reload();

            assertTrue(report.contains("ZG (untrusted: SHA-256 "), report);
            assertTrue(report.contains("B2 (untrusted: SHA-256 "), report);
            assertEquals("0000ZH86", client.call("0000ZG"));
            assertEquals("0000B300PING", client.call("0000B20004PING"), "the bundled B2 stays in service");
        }
    }

    @Test
    void theOperatorsTrustFileLetsAModuleInWithTheHostFunctionsItGrants() throws IOException, JMException {
        Deployments.installTestPlugin("echo", "ZG");
        Deployments.installTestPlugin("launder", "ZU");
        Files.writeString(TRUST_FILE, sha256("echo") + "  -  # echo, our test build\n"
                + sha256("launder") + "  hsm.key_generate  # granted less than it declares\n");
        Files.setPosixFilePermissions(TRUST_FILE, PosixFilePermissions.fromString("rw-r-----"));
        try (var jmx = new ServerJmx(); var client = new HsmClient()) {
            var report = jmx.reload();

            assertTrue(report.contains("ZG") && !report.contains("ZG ("), report);
            assertTrue(report.contains("ZU (imports beyond the grant of the trust file: [hsm.crypt,"), report);
            assertTrue(client.call("0000ZG").startsWith("0000ZH00"));
        }
    }

    private static String sha256(String testPlugin) throws IOException {
        try {
            var bytes = Files.readAllBytes(Deployments.PLUGINS.resolve("test-wasm").resolve(testPlugin + ".wasm"));

            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
