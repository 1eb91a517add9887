package dev.wasmhsm.plugins.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {
    @Test
    void defaultsServeTheTestLmkAndTheWildFlyDataDirectory() {
        var properties = new Properties();
        properties.setProperty("jboss.server.data.dir", "/srv/data");

        var config = RegistryConfig.from(properties);

        assertEquals(Path.of("/srv/data/hsm-commands"), config.commandsDirectory());
        assertEquals("86", config.errorCode());
        assertEquals(Duration.ofMillis(250), config.limits().callTimeout());
        assertEquals(256, config.limits().maxMemoryPages());
        assertEquals(64, config.limits().maxInstances());
        assertEquals(Duration.ofSeconds(5), config.drainTimeout());
        assertFalse(config.watch());
        assertArrayEquals("2686040000000000".getBytes(), config.pluginValues().get("lmk.check"));
        assertArrayEquals("0007-E000".getBytes(), config.pluginValues().get("firmware"));
        assertNull(config.crypto().lmkFile());
        assertNull(config.crypto().fixedRandom());
    }

    @Test
    void cryptoSettingsComeFromTheirSystemProperties() {
        var properties = new Properties();
        properties.setProperty("hsm.lmk.file", "/etc/hsm/live.lmk");
        properties.setProperty("hsm.crypto.fixedRandom", "CD");

        var config = RegistryConfig.from(properties);

        assertEquals(Path.of("/etc/hsm/live.lmk"), config.crypto().lmkFile());
        assertEquals((byte) 0xCD, config.crypto().fixedRandom());
    }

    @Test
    void systemPropertiesOverrideDefaults() {
        var properties = new Properties();
        properties.setProperty("hsm.commands.dir", "/opt/hsm/commands");
        properties.setProperty("hsm.plugins.errorCode", "68");
        properties.setProperty("hsm.config.firmware", "1234-5678");

        var config = RegistryConfig.from(properties);

        assertEquals(Path.of("/opt/hsm/commands"), config.commandsDirectory());
        assertEquals("68", config.errorCode());
        assertArrayEquals("1234-5678".getBytes(), config.pluginValues().get("firmware"));
    }

    @Test
    void limitsAreServerWideWithPerCommandOverrides() {
        var properties = new Properties();
        properties.setProperty("hsm.plugins.callTimeoutMillis", "400");
        properties.setProperty("hsm.plugins.maxInstances", "8");
        properties.setProperty("hsm.plugins.CA.callTimeoutMillis", "900");

        var config = RegistryConfig.from(properties);

        assertEquals(Duration.ofMillis(400), config.limitsFor("NC").callTimeout());
        assertEquals(Duration.ofMillis(900), config.limitsFor("CA").callTimeout());
        assertEquals(8, config.limitsFor("CA").maxInstances());
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        var properties = new Properties();
        properties.setProperty("hsm.plugins.errorCode", "8");
        assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(properties));

        properties.setProperty("hsm.plugins.errorCode", "86");
        properties.setProperty("hsm.plugins.callTimeoutMillis", "soon");
        var error = assertThrows(IllegalArgumentException.class, () -> RegistryConfig.from(properties));
        assertEquals("system property hsm.plugins.callTimeoutMillis is not a number: soon", error.getMessage());
    }
}
