package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Zero-downtime reload: 64 connections send without pause while 50 reloads over JMX alternate two versions of a
 * plugin. No reply may fail, go missing or be malformed, and every reply comes from one of the two versions.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ReloadUnderLoadTest {
    private static final int CONNECTIONS = 64;
    private static final int RELOADS = 50;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void fiftyReloadsUnderSixtyFourConnectionsLoseNoReply() throws Exception {
        Deployments.installTestPlugin("version1", "ZM");
        var stop = new AtomicBoolean();
        var pool = Executors.newFixedThreadPool(CONNECTIONS);
        try (var jmx = new ServerJmx()) {
            jmx.reload("ZM");
            var senders = new ArrayList<Future<Counts>>();
            for (int c = 0; c < CONNECTIONS; c++) {
                senders.add(pool.submit(sender(c, stop)));
            }
            for (int i = 0; i < RELOADS; i++) {
                Deployments.installTestPlugin(i % 2 == 0 ? "version2" : "version1", "ZM");
                var report = jmx.reload("ZM");
                assertTrue(report.contains("replaced [ZM]"), report);
                Thread.sleep(20);
            }
            stop.set(true);
            var total = new Counts(0, 0);
            for (var sender : senders) {
                total = total.plus(sender.get(2, TimeUnit.MINUTES));
            }
            System.out.printf("%d reloads under %d connections: %d replies from version 1, %d from version 2%n",
                    RELOADS, CONNECTIONS, total.version1(), total.version2());
            assertTrue(total.version1() > 0 && total.version2() > 0, total.toString());
            assertEquals(0L, jmx.pluginAttribute("ZM", "Errors"));
            Deployments.removePlugin("ZM");
            jmx.reload("ZM");
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /** Sends {@code ZM} requests until told to stop; any wrong reply fails the test, a lost one times out. */
    private static Callable<Counts> sender(int connection, AtomicBoolean stop) {
        return () -> {
            long version1 = 0;
            long version2 = 0;
            try (var client = new HsmClient()) {
                for (int i = 0; !stop.get(); i++) {
                    var header = String.format("%04X", i & 0xFFFF);
                    var data = String.format("C%02dR%07d", connection, i);
                    var reply = client.call(header + "ZM" + data);
                    if (reply.equals(header + "ZN00V1" + data)) {
                        version1++;
                    } else if (reply.equals(header + "ZN00V2" + data)) {
                        version2++;
                    } else {
                        throw new IOException("connection " + connection + " request " + i + " got " + reply);
                    }
                }
            }

            return new Counts(version1, version2);
        };
    }

    /** Replies counted by the version that gave them. */
    private record Counts(long version1, long version2) {
        Counts plus(Counts other) {
            return new Counts(version1 + other.version1, version2 + other.version2);
        }
    }
}
