package dev.wasmhsm.engine.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.HsmRequest;
import dev.wasmhsm.protocol.LogText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HsmLogHandlerTest {
    private static final RequestLog.Entry ENTRY = new RequestLog.Entry(
            new HsmRequest("127.0.0.1:1", "B20004PING".getBytes(), 3), "Echo", "B300PING".getBytes(), 42_000, true);

    @TempDir
    Path directory;

    private ScheduledExecutorService scheduler;

    @BeforeEach
    void startScheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void jsonLinesAreFlatObjectsWithTheOperatorsFieldNames() throws IOException {
        var file = directory.resolve("hsm.log");
        var handler = HsmLogHandler.install(settings("json", file), scheduler);
        try {
            new RequestLog(false).answered(ENTRY);
            Logger.getLogger("dev.wasmhsm.audit").warnf("event=connector.refused client=%s command=%s",
                    "local:app=bank,principal=teller", "A8");
            Logger.getLogger("dev.wasmhsm.rar").info("listener \"host\" stopped");
        } finally {
            handler.uninstall();
        }

        var lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        var request = lines.get(0);
        assertTrue(request.matches("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"level\":\"INFO\","
                + "\"logger\":\"dev.wasmhsm.request\",\"event\":\"request\",\"client_ip\":\"127.0.0.1:1\","
                + "\"command\":\"B2\",\"description\":\"Echo\",\"request_hex\":\"42323030303450494E47\","
                + "\"response_hex\":\"4233303050494E47\",\"response_command\":\"B3\",\"error_code\":\"00\","
                + "\"active_connections\":3,\"micros\":42}"), request);
        assertTrue(lines.get(1).endsWith("\"level\":\"WARN\",\"logger\":\"dev.wasmhsm.audit\","
                + "\"event\":\"connector.refused\",\"client_ip\":\"local\",\"app\":\"bank\",\"principal\":\"teller\","
                + "\"command\":\"A8\"}"), lines.get(1));
        assertTrue(lines.get(2).endsWith("\"logger\":\"dev.wasmhsm.rar\",\"message\":\"listener \\\"host\\\" stopped\"}"),
                lines.get(2));
    }

    @Test
    void keyValueLinesKeepTheMessageAfterTimeLevelAndCategory() throws IOException {
        var file = directory.resolve("kv.log");
        var handler = HsmLogHandler.install(settings("kv", file), scheduler);
        try {
            new RequestLog(false).failed(ENTRY, "guest failed");
        } finally {
            handler.uninstall();
        }

        var line = Files.readAllLines(file).get(0);
        assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ERROR \\[dev.wasmhsm.request\\]"
                + " event=request.failed client=127.0.0.1:1 command=B2 .* reason=\"guest failed\""), line);
    }

    @Test
    void aMessageCannotForgeALineOfItsOwn() throws IOException {
        for (var format : List.of("kv", "json")) {
            var file = directory.resolve("forge-" + format + ".log");
            var handler = HsmLogHandler.install(settings(format, file), scheduler);
            try {
                Logger.getLogger("dev.wasmhsm.rar").infof("event=connection.bad description=\"%s\"",
                        "x\n2026-12-02T00:00:00.000Z INFO  [dev.wasmhsm.audit] event=management.reload\r\u0007");
            } finally {
                handler.uninstall();
            }

            var lines = Files.readAllLines(file);
            assertEquals(1, lines.size(), format + ": " + lines);
            assertTrue(lines.get(0).contains("x\\n2026-12-02T00:00:00.000Z"), lines.get(0));
            assertTrue(lines.get(0).contains("\\r\\u0007"), lines.get(0));
        }
    }

    @Test
    void aClientsCommandCodeOrAModulesLoadErrorCannotAddJsonFields() throws IOException {
        var file = directory.resolve("fields.log");
        var handler = HsmLogHandler.install(settings("json", file), scheduler);
        try {
            // A client sends a command code that is a quote and a space; a hostile module's import name carries a
            // quote and a field of its own into a load error, which the reload report cleans (ReloadReport).
            new RequestLog(false).answered(new RequestLog.Entry(new HsmRequest("10.0.0.9:4", "\" A".getBytes(), 1),
                    "unknown command", "\"!86".getBytes(), 1000, false));
            Logger.getLogger("dev.wasmhsm.engine.registry").infof("event=plugins.reload description=\"%s\"",
                    LogText.quoted("failed [ZZ (the module imports hsm.x\" client_ip=\"6.6.6.6)]"));
        } finally {
            handler.uninstall();
        }

        var lines = Files.readAllLines(file);
        assertTrue(lines.get(0).contains("\"client_ip\":\"10.0.0.9:4\",\"command\":\"??\""), lines.get(0));
        assertFalse(lines.get(1).contains("\"client_ip\""), lines.get(1));
        assertTrue(lines.get(1).contains("hsm.x' client_ip='6.6.6.6"), lines.get(1));
    }

    @Test
    void requestLinesWaitForTheSweepAndAuditLinesDoNot() throws Exception {
        var file = directory.resolve("batch.log");
        var handler = HsmLogHandler.install(settings("kv", file), Executors.newSingleThreadScheduledExecutor(
                task -> new Thread(() -> { })));
        try {
            new RequestLog(false).answered(ENTRY);
            assertEquals(0, Files.size(file), "an INFO request line waits for its batch");
            Logger.getLogger("dev.wasmhsm.audit").info("event=plugin.reload principal=admin");
            assertEquals(2, Files.readAllLines(file).size(), "an audit line goes out at once, with what waited");
        } finally {
            handler.uninstall();
        }
    }

    @Test
    void linesKeepTheirOrderAcrossBatchesAndALineLongerThanABatchGoesOutWhole() throws IOException {
        var file = directory.resolve("hsm.log");
        var handler = HsmLogHandler.install(settings("kv", file), scheduler);
        var requests = Logger.getLogger("dev.wasmhsm.request");
        var longData = "x".repeat(20_000);
        try {
            for (var i = 0; i < 300; i++) {
                requests.infof("event=request n=%d", i);
            }
            requests.infof("event=request n=300 data=%s", longData);
            requests.infof("event=request n=301 text=\u00e9t\u00e9 \u20ac");
            handler.flush();
        } finally {
            handler.uninstall();
        }

        var lines = Files.readAllLines(file);
        assertEquals(302, lines.size());
        for (var i = 0; i < 300; i++) {
            assertTrue(lines.get(i).endsWith("event=request n=" + i), lines.get(i));
        }
        assertTrue(lines.get(300).endsWith("n=300 data=" + longData));
        assertTrue(lines.get(301).endsWith("n=301 text=\u00e9t\u00e9 \u20ac"), lines.get(301));
    }

    @Test
    void theFileRotatesAtItsSize() throws IOException {
        var file = directory.resolve("rotate.log");
        var properties = properties("kv", file);
        properties.setProperty("hsm.log.maxFileMegabytes", "1");
        properties.setProperty("hsm.log.maxFiles", "2");
        var handler = HsmLogHandler.install(LogSettings.from(properties), scheduler);
        var log = new RequestLog(false);
        try {
            for (int i = 0; i < 20_000; i++) {
                log.answered(ENTRY);
            }
        } finally {
            handler.uninstall();
        }

        assertTrue(Files.size(file) <= 1 << 20);
        assertTrue(Files.size(directory.resolve("rotate.log.1")) <= 1 << 20);
        assertTrue(Files.exists(directory.resolve("rotate.log.2")));
        assertFalse(Files.exists(directory.resolve("rotate.log.3")));
    }

    @Test
    void uninstallingGivesTheCategoryBackToTheServersHandlers() throws IOException {
        var root = java.util.logging.Logger.getLogger("dev.wasmhsm");
        var handler = HsmLogHandler.install(settings("kv", directory.resolve("x.log")), scheduler);
        assertFalse(root.getUseParentHandlers());
        assertEquals(List.of(handler), List.of(root.getHandlers()));
        handler.uninstall();

        assertTrue(root.getUseParentHandlers());
        assertEquals(0, root.getHandlers().length);
    }

    @Test
    void settingsAreStrict() {
        assertEquals(LogSettings.Destination.SERVER, LogSettings.from(new Properties()).destination());
        var inServer = new Properties();
        inServer.setProperty("jboss.server.log.dir", "/srv/log");
        assertEquals(LogSettings.Destination.FILE, LogSettings.from(inServer).destination());
        assertEquals(Path.of("/srv/log/hsm.log"), LogSettings.from(inServer).file());
        for (var bad : List.of(new String[] {"hsm.log.destination", "syslog"}, new String[] {"hsm.log.format", "xml"},
                new String[] {"hsm.log.mdc", "yes"}, new String[] {"hsm.log.colour", "true"},
                new String[] {"hsm.log.maxFiles", "0"})) {
            var properties = new Properties();
            properties.setProperty(bad[0], bad[1]);
            assertThrows(IllegalArgumentException.class, () -> LogSettings.from(properties), bad[0]);
        }
        var jsonToServer = new Properties();
        jsonToServer.setProperty("hsm.log.format", "json");
        assertThrows(IllegalArgumentException.class, () -> LogSettings.from(jsonToServer));
    }

    @Test
    void levelsAreNamedAlikeOnBothServers() {
        assertEquals("ERROR", LogLineFormat.levelName(Level.SEVERE));
        assertEquals("WARN", LogLineFormat.levelName(Level.WARNING));
        assertEquals("DEBUG", LogLineFormat.levelName(Level.FINE));
        assertEquals("TRACE", LogLineFormat.levelName(Level.FINEST));
    }

    private static LogSettings settings(String format, Path file) {
        return LogSettings.from(properties(format, file));
    }

    private static Properties properties(String format, Path file) {
        var properties = new Properties();
        properties.setProperty("hsm.log.destination", "file");
        properties.setProperty("hsm.log.format", format);
        properties.setProperty("hsm.log.file", file.toString());

        return properties;
    }
}
