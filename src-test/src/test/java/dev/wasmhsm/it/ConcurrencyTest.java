package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many connections at once, every reply checked, on a real WildFly. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrencyTest {
    private static final int CONNECTIONS = 64;
    private static final int REQUESTS = 2000;
    private static final int IDLE = 1000;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void sixtyFourConnectionsMixingNcAndB2GetEveryReplyRight() throws Exception {
        var pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            var tasks = new ArrayList<Callable<Integer>>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int connection = c;
                tasks.add(() -> exchange(connection));
            }
            int answered = 0;
            for (var result : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
                answered += result.get();
            }
            assertEquals(CONNECTIONS * REQUESTS, answered);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thousandIdleConnectionsDoNotStopANewOneFromBeingAnswered() throws IOException, JMException {
        var idle = new ArrayList<HsmClient>();
        try (var jmx = new ServerJmx()) {
            for (int i = 0; i < IDLE; i++) {
                idle.add(new HsmClient());
            }
            try (var fresh = new HsmClient()) {
                assertEquals("9999B300LAST", fresh.call("9999B20004LAST"));
                assertEquals(IDLE + 1, (Integer) jmx.attribute("ActiveConnections"));
            }
            assertEquals("0001B300IDLE", idle.get(0).call("0001B20004IDLE"));
            assertEquals("0002B300IDLE", idle.get(IDLE - 1).call("0002B20004IDLE"));
        } finally {
            for (var client : idle) {
                client.close();
            }
        }
    }

    private static int exchange(int connection) throws IOException {
        int answered = 0;
        try (var client = new HsmClient()) {
            for (int i = 0; i < REQUESTS; i++) {
                var header = String.format("%04X", (connection * REQUESTS + i) & 0xFFFF);
                if (i % 2 == 0) {
                    var data = String.format("C%03dR%06d", connection, i);
                    assertEquals(header + "B300" + data, client.call(header + "B2000B" + data));
                } else {
                    assertEquals(header + "ND0026860400000000000007-E000", client.call(header + "NC"));
                }
                answered++;
            }
        }

        return answered;
    }
}
