package dev.wasmhsm.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The product as users deploy it: the EAR the build made, and the commands directory the server reads. */
final class Deployments {
    static final Path COMMANDS = Path.of(System.getProperty("hsm.commands.dir"));
    static final Path PLUGINS = Path.of(System.getProperty("hsm.plugins.dir"));

    private Deployments() {
    }

    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("hsm.ear")));
    }

    /**
     * Copies a test plugin (plugins/test-wasm) into the commands directory as {@code CODE.wasm}.
     *
     * @param name the test module's name.
     * @param code the command code its metadata declares.
     * @throws IOException when the copy fails.
     */
    static void installTestPlugin(String name, String code) throws IOException {
        Files.copy(PLUGINS.resolve("test-wasm").resolve(name + ".wasm"), COMMANDS.resolve(code + ".wasm"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Deletes a plugin's file from the commands directory, if it is there.
     *
     * @param code the command code.
     * @throws IOException when the file cannot be deleted.
     */
    static void removePlugin(String code) throws IOException {
        Files.deleteIfExists(COMMANDS.resolve(code + ".wasm"));
    }
}
