package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.registry.ModuleSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sign} writes a signature the server verifies with the matching public key, over the trust line. */
class SignCommandTest {
    @Test
    void theSignatureVerifiesWithThePublicKeyAndCarriesTheGrant(@TempDir Path directory) throws Exception {
        var keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        var privateKey = Files.writeString(directory.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        var publicKey = Files.writeString(directory.resolve("pub.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        var module = Files.copy(Path.of(ToolRun.bundled("CW")), directory.resolve("CW.wasm"));

        var run = ToolRun.of("sign", module.toString(), privateKey.toString(), "hsm.cvv");

        assertEquals(Main.OK, run.status(), run.err());
        var line = ModuleSignature.verifiedLine(Path.of(module + ".sig"), ModuleSignature.readPublicKey(publicKey));
        assertEquals(ToolRun.of("trust", module.toString(), "hsm.cvv").out().strip(), line);
        assertTrue(line.contains("  hsm.cvv  # CW"), line);
    }
}
