package dev.wasmhsm.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.engine.metrics.MetricsAccess.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsAccessTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void byDefaultOnlyLoopbackClientsScrapeAndNoTokenIsAsked() {
        var access = MetricsAccess.from(new Properties());

        assertFalse(access.tokenRequired());
        assertEquals(Decision.ALLOWED, access.decide("127.0.0.1", null));
        assertEquals(Decision.ALLOWED, access.decide("0:0:0:0:0:0:0:1", null));
        assertEquals(Decision.CLIENT_REFUSED, access.decide("10.1.2.3", null));
        assertEquals(Decision.CLIENT_REFUSED, access.decide("127.0.0.2", null));
        assertEquals(Decision.CLIENT_REFUSED, access.decide("localhost", null), "names are never looked up");
        assertEquals(Decision.CLIENT_REFUSED, access.decide(null, null));
    }

    @Test
    void theAllowedClientsAreLiteralsOrAny() {
        assertEquals(Decision.ALLOWED, with("hsm.metrics.allowedClients", "10.1.2.3, 10.1.2.4").decide("10.1.2.4",
                null));
        assertEquals(Decision.CLIENT_REFUSED, with("hsm.metrics.allowedClients", "10.1.2.3").decide("127.0.0.1",
                null));
        assertEquals(Decision.ALLOWED, with("hsm.metrics.allowedClients", "*").decide("192.0.2.7", null));
        var error = assertThrows(IllegalArgumentException.class, () -> with("hsm.metrics.allowedClients",
                "prometheus.example"));
        assertTrue(error.getMessage().contains("IP addresses"), error.getMessage());
    }

    @Test
    void withATokenFileAScrapeMustPresentThatBearerToken() throws IOException {
        var access = with("hsm.metrics.tokenFile", tokenFile(TOKEN, "rw-------").toString());

        assertTrue(access.tokenRequired());
        assertEquals(Decision.ALLOWED, access.decide("127.0.0.1", "Bearer " + TOKEN));
        assertEquals(Decision.ALLOWED, access.decide("127.0.0.1", "bearer " + TOKEN));
        assertEquals(Decision.TOKEN_REFUSED, access.decide("127.0.0.1", null));
        assertEquals(Decision.TOKEN_REFUSED, access.decide("127.0.0.1", "Bearer"));
        assertEquals(Decision.TOKEN_REFUSED, access.decide("127.0.0.1", "Bearer " + TOKEN.substring(1)));
        assertEquals(Decision.TOKEN_REFUSED, access.decide("127.0.0.1", "Bearer " + TOKEN + "x"));
        assertEquals(Decision.TOKEN_REFUSED, access.decide("127.0.0.1", "Basic " + TOKEN));
        assertEquals(Decision.CLIENT_REFUSED, access.decide("10.1.2.3", "Bearer " + TOKEN),
                "the token does not let a client in that the address rule keeps out");
    }

    @Test
    void aTokenFileOpenToOthersOrTooShortStopsTheStart() throws IOException {
        var open = tokenFile(TOKEN, "rw-r--r--").toString();
        var error = assertThrows(IllegalArgumentException.class, () -> with("hsm.metrics.tokenFile", open));
        assertTrue(error.getMessage().contains("owner only"), error.getMessage());
        var shortToken = tokenFile("short", "rw-------").toString();
        assertThrows(IllegalArgumentException.class, () -> with("hsm.metrics.tokenFile", shortToken));
        assertThrows(IllegalArgumentException.class, () -> with("hsm.metrics.tokenFile",
                dir.resolve("missing").toString()));
    }

    private Path tokenFile(String token, String permissions) throws IOException {
        var file = Files.createTempFile(dir, "token", ".txt");
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        return file;
    }

    private static MetricsAccess with(String name, String value) {
        var settings = new Properties();
        settings.setProperty(name, value);

        return MetricsAccess.from(settings);
    }
}
