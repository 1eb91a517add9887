package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that sends requests and never reads its replies holds its connection's thread only until the write
 * deadline (the test servers run with {@code hsm.listener.writeTimeoutSeconds=2}); other clients are served
 * meanwhile.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowReaderTest {
    private static final String PAYLOAD = "x".repeat(30_000);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void aClientThatNeverReadsIsDisconnectedAtTheWriteDeadline() throws Exception {
        var request = HsmClient.frame("0000B2" + String.format("%04X", PAYLOAD.length()) + PAYLOAD);
        try (var greedy = new HsmClient(); var other = new HsmClient()) {
            long start = System.nanoTime();
            var writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 100_000; i++) {
                        greedy.write(request);
                    }
                } catch (IOException e) {
                    // The server closed the connection: what the test waits for.
                }
            });
            Thread.sleep(500);
            long before = System.nanoTime();
            assertEquals("0001B300PING", other.call("0001B20004PING"), "another client is served meanwhile");
            long otherMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            writer.get(30, TimeUnit.SECONDS);
            long closedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(closedAfterMillis < 20_000, "the never-reading client was closed after " + closedAfterMillis
                    + " ms");
            assertTrue(otherMillis < 1000, "the other client waited " + otherMillis + " ms");
        }
    }
}
