package dev.wasmhsm.rar.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.rar.transport.ListenerConfig;
import jakarta.resource.spi.InvalidPropertyException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenerSettingsTest {
    @AfterEach
    void clearOverrides() {
        System.clearProperty("hsm.listener.port");
        System.clearProperty("hsm.listener.idleTimeoutSeconds");
        System.clearProperty("hsm.listener.allowPlainTcp");
        System.clearProperty("hsm.security.profile");
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
