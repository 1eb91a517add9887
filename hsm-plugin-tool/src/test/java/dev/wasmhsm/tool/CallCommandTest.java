package dev.wasmhsm.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallCommandTest {
    @Test
    void b2EchoesTheData() {
        var run = ToolRun.of("call", ToolRun.bundled("B2"), "B20004PING");

        assertEquals(Main.OK, run.status(), run.err());
        var lines = run.outLines();
        assertEquals("request: B20004PING", lines[0]);
        assertEquals("reply:   B300PING", lines[1]);
        assertEquals("hex:     4233303050494E47", lines[2]);
        assertEquals("error:   00", lines[3]);
        assertTrue(lines[4].matches("time: +\\d+ us"), lines[4]);
        assertEquals("", run.err());
    }

    @Test
    void anErrorCodeOtherThan00Exits3() {
        var run = ToolRun.of("call", ToolRun.bundled("B2"), "B2XXXXPING");

        assertEquals(Main.ERROR_REPLY, run.status(), run.err());
        assertTrue(run.out().contains("error:   15"), run.out());
    }

    @Test
    void theRequestCanBeGivenInHexAndNonPrintablesAreEscaped() {
        var run = ToolRun.of("call", ToolRun.bundled("B2"), "--hex", "42323030303201FF");

        assertEquals(Main.OK, run.status(), run.err());
        assertTrue(run.out().contains("request: B20002\\x01\\xFF"), run.out());
        assertTrue(run.out().contains("reply:   B300\\x01\\xFF"), run.out());
        assertTrue(run.out().contains("hex:     4233303001FF"), run.out());
    }

    @Test
    void configValuesChangeTheNcReply() {
        var defaults = ToolRun.of("call", ToolRun.bundled("NC"), "NC");
        var configured = ToolRun.of("call", ToolRun.bundled("NC"), "NC", "--config=firmware=1234-X567");

        assertEquals(Main.OK, defaults.status(), defaults.err());
        assertEquals(Main.OK, configured.status(), configured.err());
        assertTrue(defaults.out().contains("reply:   ND0026860400000000000007-E000"), defaults.out());
        assertTrue(configured.out().contains("reply:   ND0026860400000000001234-X567"), configured.out());
        assertNotEquals(defaults.out(), configured.out());
    }

    @Test
    void aBadConfigValueGivesTheCommandsOwnError() {
        var run = ToolRun.of("call", ToolRun.bundled("NC"), "NC", "--config", "firmware=short");

        assertEquals(Main.ERROR_REPLY, run.status(), run.err());
        assertTrue(run.out().contains("reply:   ND41"), run.out());
    }

    @Test
    void aValueTheHostComputesCannotBeConfigured() {
        var run = ToolRun.of("call", ToolRun.bundled("NC"), "NC", "--config", "lmk.check=0123456789ABCDEF");

        assertEquals(Main.USAGE, run.status(), run.out());
        assertTrue(run.err().contains("lmk.check is set by the host"), run.err());
    }

    @Test
    void aPluginThatTrapsExits1WithTheServersMessage() {
        var run = ToolRun.of("call", ToolRun.testPlugin("trap"), "ZA");

        assertEquals(Main.FAILED, run.status());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("the call failed: the guest failed: "), run.err());
        assertTrue(run.err().contains("the server would answer ZB86"), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    @Test
    void anyFileNameLoads() {
        var run = ToolRun.of("call", ToolRun.testPlugin("echo"), "QQHELLO");

        assertEquals(Main.OK, run.status(), run.err());
        assertTrue(run.out().contains("reply:   QR00HELLO"), run.out());
    }

    @Test
    void aPluginThatDoesNotLoadExits1() {
        var run = ToolRun.of("call", ToolRun.testPlugin("nometa"), "ZS");

        assertEquals(Main.FAILED, run.status());
        assertTrue(run.err().startsWith("the plugin does not load: the module has no hsm.plugin"), run.err());
    }
}
