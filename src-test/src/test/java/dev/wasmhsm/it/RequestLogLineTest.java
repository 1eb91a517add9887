package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
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
    private static final boolean JSON = "json".equals(System.getProperty("hsm.log.expected"));

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void anEchoIsLoggedOnceWithItsFieldsInTheSelectedFormat() throws IOException, InterruptedException {
        var before = ServerLog.offset();
        var socket = HsmClient.connected(new Socket(), HsmClient.PORT);
        var client = "127.0.0.1:" + socket.getLocalPort();
        try (var hsm = new HsmClient(socket)) {
            assertEquals("0001B300PING", hsm.call("0001B20004PING"));
        }
        // B2 logs its codes only (the bundled plugins' default, log=codes): every data byte is a '*', hex 2A.
        var request = "4232" + "2A".repeat(8);
        var response = "42333030" + "2A".repeat(4);

        var line = ServerLog.lineEventually(before, JSON ? "\"logger\":\"dev.wasmhsm.request\",\"event\":\"request\",\"client_ip\":\""
                + client + "\"" : "[dev.wasmhsm.request] event=request client=" + client + " ");
        if (JSON) {
            assertTrue(line.startsWith("{\"time\":\"") && line.endsWith("}"), line);
            assertTrue(line.contains("\"level\":\"INFO\",\"logger\":\"dev.wasmhsm.request\",\"event\":\"request\","
                    + "\"client_ip\":\"" + client + "\",\"command\":\"B2\",\"description\":\"Echo\","
                    + "\"request_hex\":\"" + request + "\",\"response_hex\":\"" + response + "\","
                    + "\"response_command\":\"B3\",\"error_code\":\"00\",\"active_connections\":"), line);
            assertTrue(line.matches(".*\"micros\":\\d+}"), line);
        } else {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO  \\[dev.wasmhsm.request\\]"
                    + " event=request client=" + client.replace(".", "\\.") + " command=B2 description=\"Echo\""
                    + " request=" + request + " response=" + response + " responseCode=B3 errorCode=00 active=\\d+"
                    + " micros=\\d+"), line);
        }
        assertEquals(1, ServerLog.since(before).lines().filter(l -> l.contains(client) && l.contains("dev.wasmhsm.request"))
                .count());
    }
}
