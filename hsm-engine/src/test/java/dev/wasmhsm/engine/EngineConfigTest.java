package dev.wasmhsm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.host.SecurityProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineConfigTest {
    @Test
    void defaultsServeTheTestLmkAndTheWildFlyDataDirectory() {
        var properties = new Properties();
        properties.setProperty("jboss.server.data.dir", "/srv/data");

        var config = EngineConfig.from(properties);

        assertEquals(Path.of("/srv/data/hsm-commands"), config.registry().commandsDirectory());
        assertEquals("86", config.registry().errorCode());
        assertEquals(Duration.ofMillis(250), config.limits().defaults().callTimeout());
        assertEquals(256, config.limits().defaults().maxMemoryPages());
        assertEquals(64, config.limits().defaults().maxInstances());
        assertEquals(Duration.ofSeconds(5), config.registry().drainTimeout());
        assertFalse(config.registry().watch());
        assertNull(config.host().pluginValues().get("lmk.check"), "the host computes it from the LMK");
        assertEquals(SecurityProfile.PCI, config.host().crypto().profile());
        assertArrayEquals("0007-E000".getBytes(), config.host().pluginValues().get("firmware"));
        assertNull(config.host().crypto().lmkFile());
        assertNull(config.host().crypto().fixedRandom());
    }

    @Test
    void cryptoSettingsComeFromTheirSystemProperties() {
        var properties = new Properties();
        properties.setProperty("hsm.lmk.file", "/etc/hsm/live.lmk");
        properties.setProperty("hsm.crypto.fixedRandom", "CD");

        var config = EngineConfig.from(properties);

        assertEquals(Path.of("/etc/hsm/live.lmk"), config.host().crypto().lmkFile());
        assertEquals((byte) 0xCD, config.host().crypto().fixedRandom());
    }

    @Test
    void systemPropertiesOverrideDefaults() {
        var properties = new Properties();
        properties.setProperty("hsm.commands.dir", "/opt/hsm/commands");
        properties.setProperty("hsm.plugins.errorCode", "68");
        properties.setProperty("hsm.config.firmware", "1234-5678");

        var config = EngineConfig.from(properties);

        assertEquals(Path.of("/opt/hsm/commands"), config.registry().commandsDirectory());
        assertEquals("68", config.registry().errorCode());
        assertArrayEquals("1234-5678".getBytes(), config.host().pluginValues().get("firmware"));
    }

    @Test
    void limitsAreServerWideWithPerCommandOverrides() {
        var properties = new Properties();
        properties.setProperty("hsm.plugins.callTimeoutMillis", "400");
        properties.setProperty("hsm.plugins.maxInstances", "8");
        properties.setProperty("hsm.plugins.CA.callTimeoutMillis", "900");

        var config = EngineConfig.from(properties);

        assertEquals(Duration.ofMillis(400), config.limits().forCommand("NC").callTimeout());
        assertEquals(Duration.ofMillis(900), config.limits().forCommand("CA").callTimeout());
        assertEquals(8, config.limits().forCommand("CA").maxInstances());
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        var properties = new Properties();
        properties.setProperty("hsm.plugins.errorCode", "8");
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.from(properties));

        properties.setProperty("hsm.plugins.errorCode", "86");
        properties.setProperty("hsm.plugins.callTimeoutMillis", "soon");
        var error = assertThrows(IllegalArgumentException.class, () -> EngineConfig.from(properties));
        assertEquals("system property hsm.plugins.callTimeoutMillis is not a number: soon", error.getMessage());
    }

    @Test
    void anUnknownSettingOrABooleanThatIsNotTrueOrFalseStopsTheStart() {
        var typo = new Properties();
        typo.setProperty("hsm.lmk.fil", "/etc/lmk");
        var error = assertThrows(IllegalArgumentException.class, () -> EngineConfig.from(typo));
        assertTrue(error.getMessage().startsWith("system property hsm.lmk.fil is not a setting: the settings are"),
                error.getMessage());
        assertTrue(error.getMessage().contains("hsm.lmk.file"), error.getMessage());

        var yes = new Properties();
        yes.setProperty("hsm.plugins.watch", "yes");
        assertEquals("hsm.plugins.watch must be true or false, was yes",
                assertThrows(IllegalArgumentException.class, () -> EngineConfig.from(yes)).getMessage());
    }
}
