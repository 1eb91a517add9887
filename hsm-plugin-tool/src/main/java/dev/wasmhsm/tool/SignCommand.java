package dev.wasmhsm.tool;

import dev.wasmhsm.engine.registry.ModuleSignature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * {@code sign FILE KEY [GRANT]}: writes {@code FILE.sig}, the trust line of {@code trust FILE [GRANT]} signed with
 * the Ed25519 private key in KEY (PEM, as {@code openssl genpkey -algorithm ed25519} writes it). A server whose
 * {@code hsm.plugins.signingKey} is the matching public key loads the module with that grant, under the PCI
 * profile, when the signature lies beside it in the commands directory.
 */
final class SignCommand {
    private SignCommand() {
    }

    /**
     * Runs the command.
     *
     * @param options the file, the key file and the optional grant.
     * @param out where the signature file's path goes.
     * @return {@link Main#OK}.
     * @throws UsageException when the arguments are wrong.
     * @throws ToolException when a file cannot be read or written, or the key is no Ed25519 private key.
     */
    static int run(Options options, PrintStream out) throws UsageException, ToolException {
        options.requireArguments("FILE KEY [GRANT]", 2, 3);
        options.rejectPluginOptions();
        var file = Path.of(options.argument(0));
        var line = TrustCommand.line(file, options.grant(2));
        var signature = Path.of(file + ModuleSignature.SUFFIX);
        try {
            var key = ModuleSignature.readPrivateKey(Path.of(options.argument(1)));
            Files.writeString(signature, ModuleSignature.sign(line, key), StandardCharsets.UTF_8);
        } catch (IOException | GeneralSecurityException e) {
            throw new ToolException("cannot sign " + file + ": " + e.getMessage(), e);
        }
        out.println(signature);

        return Main.OK;
    }
}
