package dev.wasmhsm.it;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.client.HsmConnection;
import dev.wasmhsm.client.HsmSettings;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The request line in the HSM's own log ({@code hsm.log} in the server's log directory, the default destination):
 * key=value under the legacy runs, one flat JSON object a line under the PCI runs, which select it with the
 * environment variable {@code HSM_LOG_FORMAT=json} (so this also shows settings coming from the environment).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestLogLineTest {
    private static final Path LOG = Path.of(System.getProperty("hsm.server.log", "hsm.log"));
    private static final boolean JSON = "json".equals(System.getProperty("hsm.log.expected"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void anEchoIsLoggedOnceWithItsFieldsInTheSelectedFormat() throws IOException, InterruptedException {
        var before = Files.size(LOG);
        // Letters that are not hex digits, so the log's masking of long digit and hex runs leaves them alone.
        var random = new SecureRandom();
        var payload = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            payload.append("GHJKLMNPQRSTUVWXYZ".charAt(random.nextInt(18)));
        }
        var message = ("B2" + "0008" + payload).getBytes(ISO_8859_1);
        try (var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            assertArrayEquals(("B300" + payload).getBytes(ISO_8859_1), connection.execute(message));
        }
        var requestHex = HexFormat.of().withUpperCase().formatHex(message, 2, message.length);

        var line = lineEventually(before, requestHex);
        if (JSON) {
            assertTrue(line.startsWith("{\"time\":\"") && line.endsWith("}"), line);
            assertTrue(line.contains("\"level\":\"INFO\",\"logger\":\"dev.wasmhsm.request\",\"event\":\"request\","
                    + "\"client_ip\":\"127.0.0.1:"), line);
            assertTrue(line.contains("\"command\":\"B2\",\"description\":"), line);
            assertTrue(line.contains("\"request_hex\":\"" + "4232" + requestHex + "\""), line);
            assertTrue(line.contains("\"response_command\":\"B3\",\"error_code\":\"00\",\"active_connections\":"), line);
            assertTrue(line.matches(".*\"micros\":\\d+}"), line);
        } else {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[dev.wasmhsm.request\\]"
                    + " event=request client=127\\.0\\.0\\.1:\\d+ command=B2 description=\".*\" request=4232"
                    + requestHex + " .* responseCode=B3 errorCode=00 active=\\d+ micros=\\d+"), line);
        }
        assertFalse(line.contains("\n"));
        assertEquals(1, logSince(before).lines().filter(l -> l.contains(requestHex)).count());
    }

    /** @return the first line written after the offset that holds the text, waiting up to 10 s for the batch. */
    private static String lineEventually(long offset, String text) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            var found = logSince(offset).lines().filter(l -> l.contains(text)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + text + " in " + LOG);
    }

    private static String logSince(long offset) throws IOException {
        try (var file = new RandomAccessFile(LOG.toFile(), "r")) {
            var length = file.length();
            if (length <= offset) {
                return "";
            }
            var bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);

            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
