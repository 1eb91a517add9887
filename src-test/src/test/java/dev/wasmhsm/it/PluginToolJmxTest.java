package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.tool.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Notification;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hsm-plugin-tool reload|unload|status --jmx URL} against the running server, as a script would run it:
 * with the management user's password in a file, printing the report, failing on a module that does not load.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PluginToolJmxTest {
    private static final String RELOAD = "dev.wasmhsm.plugins.reload";

    @TempDir
    Path directory;

    /** What one run of the tool gave. */
    private record Run(int status, String out, String err) {
    }

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void statusListsThePluginsInService() throws IOException {
        var run = tool("status");

        assertEquals(Main.OK, run.status(), run.err());
        assertTrue(run.out().startsWith("generation "), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("NC ")), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("B2 ")), run.out());
    }

    @Test
    void reloadPrintsTheReportAndFailsWhenAModuleDoesNotLoad() throws IOException {
        var good = tool("reload", "NC");
        assertEquals(Main.OK, good.status(), good.err());
        assertTrue(good.out().contains("failed []"), good.out());

        Deployments.installTestPlugin("garbage", "Q1");
        try {
            var bad = tool("reload", "Q1");
            assertEquals(Main.FAILED, bad.status(), bad.out());
            assertTrue(bad.out().contains("failed [Q1"), bad.out());
        } finally {
            Deployments.removePlugin("Q1");
            tool("reload", "Q1");
        }
    }

    @Test
    void unloadTakesACommandOutOfServiceUntilItsReload() throws IOException {
        var unload = tool("unload", "NO");
        assertEquals(Main.OK, unload.status(), unload.err());
        try {
            var status = tool("status", "NO");
            assertTrue(status.out().contains("NO   not loaded"), status.out());
        } finally {
            assertEquals(Main.OK, tool("reload", "NO").status());
        }
    }

    @Test
    void operationsAreDescribedAndEveryReloadIsNotified() throws Exception {
        try (var jmx = new ServerJmx()) {
            var info = jmx.registryInfo();
            var unload = Arrays.stream(info.getOperations()).filter(op -> op.getName().equals("unload")).findFirst()
                    .orElseThrow();
            assertTrue(unload.getDescription().startsWith("Take one command out of service"), unload.getDescription());
            assertEquals("command", unload.getSignature()[0].getName());
            assertEquals("the command code, such as NC", unload.getSignature()[0].getDescription());
            assertEquals(RELOAD, info.getNotifications()[0].getNotifTypes()[0]);

            var received = new LinkedBlockingQueue<Notification>();
            jmx.listenToRegistry((notification, handback) -> received.add(notification));
            var report = jmx.reload("NC");
            var notification = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(notification, "no notification after a reload");
            assertEquals(RELOAD, notification.getType());
            assertEquals(report, notification.getMessage());
        }
    }

    @Test
    void aWrongPasswordFailsWithAMessageNotAStackTrace() throws IOException {
        var file = Files.createFile(directory.resolve("wrong"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, "not-the-password");
        var run = run(List.of("status", "--jmx", System.getProperty("hsm.jmx.url"), "--user", ServerJmx.ADMIN,
                "--password-file", file.toString()));

        assertEquals(Main.FAILED, run.status(), run.out());
        assertTrue(run.err().startsWith("hsm-plugin-tool: "), run.err());
        assertTrue(run.err().lines().count() == 1, run.err());
        assertTrue(run.err().contains("cannot reach") || run.err().contains("refused"), run.err());
    }

    private Run tool(String... args) throws IOException {
        var file = directory.resolve("password");
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, System.getProperty("hsm.admin.password"));
        }
        var command = new ArrayList<>(List.of(args[0], "--jmx", System.getProperty("hsm.jmx.url"), "--user",
                ServerJmx.ADMIN, "--password-file", file.toString()));
        command.addAll(List.of(args).subList(1, args.length));

        return run(command);
    }

    private static Run run(List<String> args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
