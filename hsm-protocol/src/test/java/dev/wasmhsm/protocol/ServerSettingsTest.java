package dev.wasmhsm.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {
    @Test
    void aSystemPropertyWinsOverTheEnvironmentWhichFillsTheRest() {
        var system = new Properties();
        system.setProperty("hsm.log.format", "kv");
        var settings = ServerSettings.of(system, Map.of("HSM_LOG_FORMAT", "json", "HSM_PLUGINS_RELOADBURST", "5",
                "HSM_LISTENER_SECURE_TLS_KEYSTORE", "/keys/hsm.p12"));

        assertEquals("kv", settings.getProperty("hsm.log.format"));
        assertEquals("5", settings.getProperty("hsm.plugins.reloadBurst"));
        assertEquals("/keys/hsm.p12", settings.getProperty("hsm.listener.secure.tls.keyStore"));
        assertEquals("10", settings.getProperty("hsm.plugins.reloadsPerMinute", "10"));
        assertNull(settings.getProperty("hsm.lmk.file"));
        var server = ServerSettings.of(new Properties(), Map.of("JBOSS_SERVER_LOG_DIR", "/tmp/elsewhere"));
        assertNull(server.getProperty("jboss.server.log.dir"), "only hsm.* settings come from the environment");
        assertEquals("HSM_PLUGINS_NC_CALLTIMEOUTMILLIS", ServerSettings.environmentName("hsm.plugins.NC.callTimeoutMillis"));
    }
}
