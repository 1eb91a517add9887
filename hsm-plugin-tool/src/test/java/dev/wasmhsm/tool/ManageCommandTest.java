package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManageCommandTest {
    @Test
    void aManagementCommandNeedsItsServerAndTheCodeItActsOn() {
        assertEquals(Main.USAGE, run("reload"));
        assertEquals(Main.USAGE, run("unload", "--jmx", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi"));
        assertEquals(Main.USAGE, run("status", "--jmx", "x", "NC", "B2"));
        assertEquals(Main.USAGE, run("reload", "--jmx", "x", "--password", "secret"));
        assertEquals(Main.USAGE, run("status", "--jmx", "service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi"),
                "JMX over TLS without the server's trust store");
        assertEquals(Main.USAGE, run("status", "--jmx", "service:jmx:remote+http://10.1.2.3:9990"),
                "a password in the clear off loopback");
        assertEquals(Main.USAGE, run("status", "--jmx", "service:jmx:remote+http://127.0.0.1:9990",
                "--password-file", "/tmp/x"), "a password file for no user");
    }

    @Test
    void anUnreachableServerIsOneLineOfErrorAndExitOne() {
        var err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"status", "--jmx", "service:jmx:remote+http://127.0.0.1:1"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(Main.FAILED, status);
        var text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("hsm-plugin-tool: cannot reach the server's JMX at service:jmx:remote+http:"),
                text);
        assertEquals(1, text.lines().count(), text);
    }

    private static int run(String... args) {
        var sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        return Main.run(args, sink, sink);
    }
}
