package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.TestPlugins;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporting keys (A8) and generating or importing ZMKs (A0, A6 with key type 000) need the authorised state, as on a
 * payShield: without it any client could export a key under a ZMK it imported itself.
 */
class AuthorisedStateTest {
    private static final String EXPORT = "A8001U4C94ED3CBF0597C848000A85A55C2E54U1EF828AA8F6B80EB83E19FBC373F3A85X";

    @TempDir
    Path directory;
    private RegistryFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        for (var code : new String[] {"A0", "A6", "A8"}) {
            TestPlugins.installBundled(code, directory, code);
        }
        fixture = new RegistryFixture(directory);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void outsideTheAuthorisedStateExportAndZmksAreRefusedWith17() {
        var registry = fixture.start("hsm.plugins.callTimeoutMillis=5000");

        assertEquals("A917", call(registry, EXPORT));
        assertEquals("A117", call(registry, "A00000U"));
        assertEquals("A717", call(registry, "A6000U4C94ED3CBF0597C848000A85A55C2E54X6A4BF2BD845FCBD66A4BF2BD845FCBD6U"));
        assertTrue(call(registry, "A00001U").startsWith("A100U"));
    }

    @Test
    void inTheAuthorisedStateTheyAreServed() {
        var registry = fixture.start("hsm.plugins.callTimeoutMillis=5000", "hsm.config.authorised=true");

        assertTrue(call(registry, EXPORT).startsWith("A900X"), call(registry, EXPORT));
        assertTrue(call(registry, "A00000U").startsWith("A100U"));
    }
}
