package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.client.HsmConnection;
import dev.wasmhsm.client.HsmException;
import dev.wasmhsm.client.HsmSettings;
import dev.wasmhsm.client.PayShieldClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * payShield's health and utilisation commands (JK, J2, J4, J8) and N0 over TCP, their figures checked against the
 * traffic this test sends (layouts in docs/commands.md). Legacy profile: the fixed random source makes N0's bytes
 * known.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StatusCommandsTest {
    private static final int PERIOD = 12 + 6 * 6 + 10;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void theHealthCheckReportsTheListenersTheTestLmkAndNoTamper() throws IOException {
        try (var client = new HsmClient()) {
            var reply = client.call("0001JK").substring(4);

            assertTrue(reply.matches("JL00WASMHSM00001\\d{12}331100101010000[01]\\d\\dV0TTest LMK\u0014\u001500"),
                    reply);
        }
    }

    @Test
    void volumesCountExactlyTheCommandsSentBetweenTwoReadings() throws IOException {
        try (var client = new HsmClient()) {
            var before = volumes(client.call("0001J4").substring(4));
            for (int i = 0; i < 25; i++) {
                assertEquals("0002B300PING", client.call("0002B20004PING"));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals("0003ND", client.call("0003NC").substring(0, 6));
            }
            var after = volumes(client.call("0004J4").substring(4));

            assertEquals(25, after.getOrDefault("B2", 0L) - before.getOrDefault("B2", 0L));
            assertEquals(3, after.getOrDefault("NC", 0L) - before.getOrDefault("NC", 0L));
            assertEquals(1, after.get("J4") - before.getOrDefault("J4", 0L));
        }
    }

    @Test
    void loadingHasTenRangesWhoseSecondsAddUpToTheSecondsSampled() throws IOException, InterruptedException {
        try (var client = new HsmClient()) {
            // Each test class deploys the application anew, and its statistics start with it: wait for a sample.
            var reply = client.call("0001J2").substring(4);
            for (int i = 0; i < 20 && reply.substring(4 + PERIOD - 10, 4 + PERIOD).equals("0000000000"); i++) {
                Thread.sleep(250);
                reply = client.call("0001J2").substring(4);
            }

            assertTrue(reply.startsWith("J300WASMHSM00001"), reply);
            assertEquals(4 + PERIOD + 10 * 17, reply.length(), reply);
            long seconds = Long.parseLong(reply.substring(4 + PERIOD - 10, 4 + PERIOD));
            long sum = 0;
            for (int i = 0; i < 10; i++) {
                var block = reply.substring(4 + PERIOD + 17 * i, 4 + PERIOD + 17 * (i + 1));
                assertEquals(String.format("%03d%03d", 10 * i, 10 * (i + 1)), block.substring(0, 6), block);
                assertTrue(block.endsWith(";"), block);
                sum += Long.parseLong(block.substring(6, 16));
            }
            assertTrue(seconds > 0, reply);
            assertTrue(Math.abs(sum - seconds) <= 1, "ranges " + sum + ", seconds " + seconds);
        }
    }

    @Test
    void healthCountsCountAPinVerificationWithinTheHour() throws IOException, InterruptedException, HsmException {
        try (var client = new HsmClient();
                var connection = HsmConnection.open(HsmSettings.of(HsmClient.HOST, HsmClient.PORT))) {
            var before = client.call("0001J8").substring(4);
            assertEquals(4 + 88, before.length(), before);
            assertTrue(new PayShieldClient(connection).verifyPinPvv(true, "0406FBB23A5214DF",
                    "X367930344805B1FAD6146EF4ED7502B3", "AE7A708F877571A9", "01", "550000025321", '1', "4402"));
            // The host samples once a second.
            Thread.sleep(2_200);
            var after = client.call("0002J8").substring(4);

            assertTrue(after.startsWith("J900WASMHSM00001"), after);
            assertEquals("00000000000000000000", after.substring(4 + 48, 4 + 68), "reboots and tampers");
            int lastMinute = Integer.parseInt(after.substring(4 + 68, 4 + 75));
            int lastHour = Integer.parseInt(after.substring(4 + 75, 4 + 80));
            assertTrue(lastMinute >= 1, after);
            assertTrue(lastHour >= Integer.parseInt(before.substring(4 + 75, 4 + 80)) + 1, before + " / " + after);
            assertEquals("00000000", after.substring(4 + 80), "PIN attacks");
        }
    }

    @Test
    void randomValuesHaveTheLengthAskedForAndBadLengthsTheirErrorCodes() throws IOException {
        try (var client = new HsmClient()) {
            assertEquals("0001N100" + "\u00CD".repeat(8), client.call("0001N0008"));
            assertEquals(4 + 4 + 999, client.call("0002N0999").length());
            assertEquals("0003N101", client.call("0003N0000"));
            assertEquals("0004N115", client.call("0004N0AB1"));
            assertEquals("0005N115", client.call("0005N00081"));
            assertEquals("0006N115", client.call("0006N0"));
        }
    }

    /** @return the counts of a J5 reply by command. */
    private static Map<String, Long> volumes(String reply) {
        assertTrue(reply.startsWith("J500"), reply);
        var counts = new HashMap<String, Long>();
        for (int i = 4 + PERIOD; i + 14 <= reply.length(); i += 14) {
            counts.put(reply.substring(i, i + 2), Long.parseLong(reply.substring(i + 2, i + 14)));
        }
        assertEquals(0, (reply.length() - 4 - PERIOD) % 14, reply);

        return counts;
    }
}
