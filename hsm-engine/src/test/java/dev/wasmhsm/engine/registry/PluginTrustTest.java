package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.TestPlugins;
import dev.wasmhsm.engine.runtime.WasmPlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only trusted modules load under the PCI profile: those of the bundled manifest, with the host functions their
 * metadata declares, and those of the operator's trust file, with the host functions it grants. A refused
 * replacement keeps the version in service.
 */
class PluginTrustTest {
    private static final byte[] EMPTY_CUSTOM_SECTION = {0x00, 0x04, 0x03, 'a', 'b', 'c'};

    @TempDir
    Path directory;
    @TempDir
    Path operator;

    @Test
    void aModuleNeitherBundledNorInTheTrustFileIsRefusedAndTheOldVersionServes() throws IOException {
        TestPlugins.installBundled("B2", directory, "B2");
        var bundled = Files.readAllBytes(directory.resolve("B2.wasm"));
        var trustFile = Files.writeString(operator.resolve("trust.txt"), PluginTrust.line(WasmPlugin.digest(bundled),
                Set.of(), "B2") + "\n");
        try (var fixture = new RegistryFixture(directory)) {
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile);
            assertEquals("B300PING", call(registry, "B20004PING"));

            Files.write(directory.resolve("B2.wasm"), concat(bundled, EMPTY_CUSTOM_SECTION));
            var report = registry.reload("B2");

            assertTrue(report.failed().get(0).startsWith("B2 (untrusted: SHA-256 "), report.failed().toString());
            assertEquals("B300PING", call(registry, "B20004PING"), "the version in service stays");
        }
    }

    @Test
    void theTrustFileGrantsTheHostFunctionsNotTheModulesMetadata() throws IOException {
        var launder = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/launder.wasm"));
        var trustFile = operator.resolve("trust.txt");
        Files.writeString(trustFile, PluginTrust.line(WasmPlugin.digest(launder), Set.of("hsm.key_generate"),
                "launder, granted less than it declares") + "\n");
        Files.write(directory.resolve("ZU.wasm"), launder);
        try (var fixture = new RegistryFixture(directory)) {
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile);

            var failed = registry.lastReload().failed();
            assertTrue(failed.get(0).startsWith("ZU (imports beyond the grant of the trust file: [hsm.crypt,"),
                    failed.toString());
            assertEquals(List.of(), List.copyOf(registry.plugins().keySet()));
        }
    }

    @Test
    void aTrustFileOthersMayWriteIsRefused() throws IOException {
        var echo = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/echo.wasm"));
        var trustFile = operator.resolve("trust.txt");
        Files.writeString(trustFile, PluginTrust.line(WasmPlugin.digest(echo), Set.of(), "echo") + "\n");
        Files.write(directory.resolve("ZG.wasm"), echo);
        try (var fixture = new RegistryFixture(directory)) {
            assertTrue(fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile).plugins().containsKey("ZG"));

            Files.setPosixFilePermissions(trustFile, PosixFilePermissions.fromString("rw-rw-rw-"));
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile);

            assertTrue(registry.lastReload().failed().get(0).contains("is writable by group or other"),
                    registry.lastReload().failed().toString());
        }
    }

    @Test
    void revokingTheTrustOfAModuleInServiceTakesItOutOfService() throws IOException {
        var echo = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/echo.wasm"));
        var trustFile = operator.resolve("trust.txt");
        Files.writeString(trustFile, PluginTrust.line(WasmPlugin.digest(echo), Set.of(), "echo") + "\n");
        Files.write(directory.resolve("ZG.wasm"), echo);
        try (var fixture = new RegistryFixture(directory)) {
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile);
            assertTrue(registry.plugins().containsKey("ZG"));
            Files.writeString(trustFile, "# nothing is trusted any more\n");

            var report = registry.reload();

            assertTrue(report.failed().get(0).contains("taken out of service"), report.failed().toString());
            assertEquals(List.of(), List.copyOf(registry.plugins().keySet()));
        }
    }

    @Test
    void theBundledManifestTrustsItsModulesWithTheirOwnMetadata() {
        var sha256 = "ab".repeat(32);
        var trust = PluginTrust.read(true, sha256 + "  wasm/NC.wasm\n" + "cd".repeat(32) + "  src/NC.c\n", null);

        assertEquals(null, trust.refusal(sha256, List.of("hsm.config")));
        assertTrue(trust.refusal("cd".repeat(32), List.of()).startsWith("untrusted"), "a source is no module");
    }

    @Test
    void aCommandsDirectoryOthersMayWriteStopsTheStartUnderThePciProfile() throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (var fixture = new RegistryFixture(directory)) {
            var e = assertThrows(IllegalStateException.class, fixture::start);

            assertTrue(e.getMessage().contains("is writable by group or other"), e.getMessage());
            assertTrue(fixture.start("hsm.security.profile=legacy").plugins().isEmpty(), "legacy does not check");
        }
    }

    @Test
    void aModuleSignedByThePinnedKeyLoadsWithTheGrantItsSignatureNames() throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var publicKey = Files.writeString(operator.resolve("signing.pem"), pem("PUBLIC KEY",
                keys.getPublic().getEncoded()));
        var echo = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/echo.wasm"));
        Files.write(directory.resolve("ZG.wasm"), echo);
        var line = PluginTrust.line(WasmPlugin.digest(echo), Set.of(), "echo");
        Files.writeString(directory.resolve("ZG.wasm.sig"), ModuleSignature.sign(line, keys.getPrivate()));
        var launder = Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/launder.wasm"));
        Files.write(directory.resolve("ZU.wasm"), launder);
        var forged = ModuleSignature.sign(PluginTrust.line(WasmPlugin.digest(launder), Set.of("hsm.key_generate"),
                "launder"), KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        Files.writeString(directory.resolve("ZU.wasm.sig"), forged);
        try (var fixture = new RegistryFixture(directory)) {
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=", "hsm.plugins.signingKey=" + publicKey);

            assertEquals("ZH00signed", call(registry, "ZGsigned"), "signed by the pinned key");
            var failed = registry.lastReload().failed();
            assertTrue(failed.get(0).startsWith("ZU (untrusted: ") && failed.get(0).contains("ZU.wasm.sig does not"
                    + " verify with the pinned signing key"), failed.toString());
        }
    }

    @Test
    void theLegacyProfileLoadsEveryModuleAsBefore() throws IOException {
        Files.write(directory.resolve("ZG.wasm"), Files.readAllBytes(TestPlugins.ROOT.resolve("test-wasm/echo.wasm")));
        var trustFile = Files.writeString(operator.resolve("trust.txt"), "");
        try (var fixture = new RegistryFixture(directory)) {
            var registry = fixture.start(PluginTrust.TRUST_FILE + "=" + trustFile, "hsm.security.profile=legacy");

            assertTrue(registry.plugins().containsKey("ZG"));
        }
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + kind
                + "-----\n";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);

        return out;
    }
}
