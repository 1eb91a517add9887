package dev.wasmhsm.rar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.rar.transport.ListenerConfig;
import jakarta.resource.spi.InvalidPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerSettingsTest {
    @AfterEach
    void clearOverrides() {
        System.clearProperty("hsm.listener.port");
        System.clearProperty("hsm.listener.idleTimeoutSeconds");
        System.clearProperty("hsm.listener.allowPlainTcp");
        System.clearProperty("hsm.security.profile");
        System.clearProperty("hsm.listener.secure.port");
        System.clearProperty("hsm.listener.secure.tls.keyStore");
        System.clearProperty("hsm.listener.secure.tls.keyStorePasswordFile");
        System.clearProperty("hsm.listener.secure.tls.clientFingerprintsFile");
        System.clearProperty("hsm.listener.prot");
        System.clearProperty("hsm.listener.secure.tls.keystore");
        System.clearProperty("hsm.listener.secure.lmk");
    }

    @Test
    void eachListenerHasItsOwnDefaultLmk() {
        var spec = new HsmActivationSpec();
        spec.setListenerName("secure");
        assertEquals(null, ListenerSettings.resolve(spec).lmk(), "the server's default");

        System.setProperty("hsm.listener.secure.lmk", "01");
        assertEquals("01", ListenerSettings.resolve(spec).lmk());
        assertEquals(null, ListenerSettings.resolve(new HsmActivationSpec()).lmk(), "another listener's");
        System.setProperty("hsm.listener.secure.lmk", "1");
        assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
    }

    @Test
    void aSettingNoListenerReadsIsRefusedRatherThanIgnored() {
        var spec = new HsmActivationSpec();
        System.setProperty("hsm.listener.secure.port", "1800");
        assertEquals(1500, ListenerSettings.resolve(spec).port(), "another listener's setting is known");

        System.setProperty("hsm.listener.prot", "1700");
        var error = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertTrue(error.getMessage().startsWith("unknown listener setting hsm.listener.prot: the settings are ["),
                error.getMessage());
        System.clearProperty("hsm.listener.prot");
        System.setProperty("hsm.listener.secure.tls.keystore", "/tmp/x.p12");
        assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec), "names are case sensitive");
        System.clearProperty("hsm.listener.secure.tls.keystore");

        System.setProperty("hsm.listener.allowPlainTcp", "yes");
        spec.setBindAddress("0.0.0.0");
        error = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertEquals("hsm.listener.allowPlainTcp must be true or false, was yes", error.getMessage());
    }

    @Test
    void aNamedListenerReadsItsOwnPropertiesOnly() {
        var spec = new HsmActivationSpec();
        spec.setListenerName("secure");
        spec.setPort(1501);
        System.setProperty("hsm.listener.port", "1700");
        assertEquals(1501, ListenerSettings.resolve(spec).port(), "the default listener's override is not its own");
        System.setProperty("hsm.listener.secure.port", "1800");
        assertEquals(1800, ListenerSettings.resolve(spec).port());
    }

    @Test
    void aTlsOnlyListenerStaysOffWithoutAKeyStoreAndNeverSpeaksPlainTcp(@TempDir Path directory)
            throws IOException, InvalidPropertyException {
        var spec = new HsmActivationSpec();
        spec.setListenerName("secure");
        spec.setRequireTls(true);
        assertTrue(ListenerSettings.isOff(spec));
        spec.validate();
        var error = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertEquals("the listener speaks TLS only and hsm.listener.secure.tls.keyStore is not set",
                error.getMessage());

        var fingerprint = "ab".repeat(32);
        var file = Files.writeString(directory.resolve("clients.txt"), "# the test client\n" + fingerprint
                + "  # its certificate\n\n");
        System.setProperty("hsm.listener.secure.tls.keyStore", directory.resolve("server.p12").toString());
        System.setProperty("hsm.listener.secure.tls.keyStorePasswordFile", directory.resolve("pw").toString());
        System.setProperty("hsm.listener.secure.tls.clientFingerprintsFile", file.toString());
        assertFalse(ListenerSettings.isOff(spec));
        assertEquals(List.of(fingerprint), ListenerSettings.resolve(spec).tls().clientFingerprints());
        Files.writeString(file, "# nobody\n");
        assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
    }

    @Test
    void plainTcpOffLoopbackIsRefusedUnderThePciProfile() {
        var spec = new HsmActivationSpec();
        spec.setBindAddress("0.0.0.0");

        var error = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(error.getMessage().startsWith("plain TCP on 0.0.0.0 is refused under the PCI profile"),
                error.getMessage());
        System.setProperty("hsm.listener.allowPlainTcp", "true");
        assertEquals("0.0.0.0", ListenerSettings.resolve(spec).bindAddress());
        System.clearProperty("hsm.listener.allowPlainTcp");
        System.setProperty("hsm.security.profile", "legacy");
        assertEquals("0.0.0.0", ListenerSettings.resolve(spec).bindAddress());
    }

    @Test
    void tlsOffLoopbackNeedsAClientCertificateOrAnAllowlistUnderThePciProfile(@TempDir Path directory)
            throws IOException {
        var spec = new HsmActivationSpec();
        spec.setBindAddress("0.0.0.0");
        spec.setTlsKeyStore(directory.resolve("server.p12").toString());
        spec.setTlsKeyStorePasswordFile(directory.resolve("pw").toString());

        var error = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertTrue(error.getMessage().startsWith("the TLS listener on 0.0.0.0 with no client certificate and no address allowlist"
                + " is refused"), error.getMessage());
        spec.setAllowedClients("10.0.0.0/8");
        assertEquals("0.0.0.0", ListenerSettings.resolve(spec).bindAddress());
        spec.setAllowedClients(null);
        spec.setTlsClientFingerprints("ab".repeat(32));
        assertEquals("0.0.0.0", ListenerSettings.resolve(spec).bindAddress());
    }

    @Test
    void filesOtherUsersCouldChangeOrReadAreRefusedUnderThePciProfile(@TempDir Path directory) throws IOException {
        var clients = Files.writeString(directory.resolve("clients.txt"), "ab".repeat(32) + "\n");
        var password = Files.writeString(directory.resolve("pw"), "secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        var spec = new HsmActivationSpec();
        spec.setTlsKeyStore(directory.resolve("server.p12").toString());
        spec.setTlsKeyStorePasswordFile(password.toString());
        spec.setTlsClientFingerprintsFile(clients.toString());
        assertEquals(1, ListenerSettings.resolve(spec).tls().clientFingerprints().size());

        Files.setPosixFilePermissions(clients, PosixFilePermissions.fromString("rw-rw-r--"));
        var writable = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertTrue(writable.getMessage().contains("tls.clientFingerprintsFile"), writable.getMessage());
        Files.setPosixFilePermissions(clients, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        var readable = assertThrows(IllegalArgumentException.class, () -> ListenerSettings.resolve(spec));
        assertTrue(readable.getMessage().contains("tls.keyStorePasswordFile"), readable.getMessage());
        System.setProperty("hsm.security.profile", "legacy");
        assertEquals(1, ListenerSettings.resolve(spec).tls().clientFingerprints().size());
    }

    @Test
    void unsetPropertiesTakeTheDefaults() {
        assertEquals(ListenerConfig.defaults(), ListenerSettings.resolve(new HsmActivationSpec()));
    }

    @Test
    void activationConfigSetsTheListener() {
        var spec = new HsmActivationSpec();
        spec.setPort(1600);
        spec.setHeaderLength(6);
        spec.setTrailerEnabled(true);

        var config = ListenerSettings.resolve(spec);

        assertEquals(1600, config.port());
        assertEquals(6, config.headerLength());
        assertEquals(true, config.trailerEnabled());
    }

    @Test
    void systemPropertyOverridesTheActivationConfig() {
        var spec = new HsmActivationSpec();
        spec.setPort(1600);
        spec.setIdleTimeoutSeconds(30);
        System.setProperty("hsm.listener.port", "1700");
        System.setProperty("hsm.listener.idleTimeoutSeconds", "0");

        var config = ListenerSettings.resolve(spec);

        assertEquals(1700, config.port());
        assertEquals(Duration.ZERO, config.idleTimeout());
    }

    @Test
    void invalidValuesFailValidationWithTheirName() {
        var spec = new HsmActivationSpec();
        spec.setPort(70000);
        assertThrows(InvalidPropertyException.class, spec::validate);

        System.setProperty("hsm.listener.port", "fifteen");
        var error = assertThrows(InvalidPropertyException.class, new HsmActivationSpec()::validate);
        assertEquals("system property hsm.listener.port is not a number: fifteen", error.getMessage());
    }
}
