package dev.wasmhsm.it;

import dev.wasmhsm.it.app.ConnectorServlet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

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
     * The EAR with a test application in it (a WAR at {@code /hsm-it}, {@link ConnectorServlet}), the example
     * application (hsm-example, at {@code /hsm-example}) and the test
     * connection factories beside the product's local one: {@code card} (local, commands NC, CW and CY only),
     * {@code remote} (127.0.0.1:1500), {@code failover} (a dead port, then 1500) and {@code down} (a dead port
     * only), declared the way each server reads them (the RAR's ironjacamar.xml, the EAR's
     * glassfish-resources.xml).
     *
     * @return the archive.
     */
    static EnterpriseArchive earWithConnectorApp() {
        var ear = ear();
        var rar = ear.getAsType(ResourceAdapterArchive.class, "hsm-rar.rar");
        rar.addAsManifestResource(Deployments.class.getResource("/connector/ironjacamar.xml"), "ironjacamar.xml");
        ear.delete("hsm-rar.rar");
        ear.addAsModule(rar);
        ear.addAsManifestResource(Deployments.class.getResource("/connector/glassfish-resources.xml"),
                "glassfish-resources.xml");
        ear.addAsModule(ShrinkWrap.create(WebArchive.class, "hsm-it.war").addClass(ConnectorServlet.class));
        ear.addAsModule(ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("hsm.example.war"))));
        ear.setApplicationXML(Deployments.class.getResource("/connector/application.xml"));

        return ear;
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
