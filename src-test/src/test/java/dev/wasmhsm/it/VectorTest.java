package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the payShield conformance vectors (payshield/vectors.tsv in the test resources)
 * sent over TCP to the deployed EAR with the bundled plugins; each row is its own test, named by its line.
 *
 * <p>The server runs with the standard test LMK and the random source fixed to bytes CD
 * ({@code hsm.crypto.fixedRandom}, arquillian.xml), which the A0 rows need.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VectorTest {
    private static HsmClient client;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @BeforeAll
    static void connect() throws IOException {
        client = new HsmClient();
    }

    @AfterAll
    static void disconnect() throws IOException {
        client.close();
    }

    static List<Vector> vectors() {
        try (var in = VectorTest.class.getResourceAsStream("/payshield/vectors.tsv")) {
            var rows = new ArrayList<Vector>();
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                var columns = lines.get(i).split("\t", -1);
                if (!lines.get(i).startsWith("#") && columns.length >= 3 && !"command".equals(columns[0])) {
                    rows.add(new Vector(i + 1, columns[0], columns[1], columns[2], columns.length > 3 ? columns[3] : ""));
                }
            }

            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rowGetsTheExpectedReply(Vector vector) throws IOException {
        var reply = client.call("V" + String.format("%03d", vector.line()) + vector.command() + vector.request());

        assertEquals("V" + String.format("%03d", vector.line()) + vector.responseCode() + vector.expectedReply(),
                reply, vector.toString());
    }

    /** One row: its line in the file, the command code, the request body, the expected reply body and a note. */
    record Vector(int line, String command, String request, String expected, String note) {
        String responseCode() {
            return command.charAt(0) + String.valueOf((char) (command.charAt(1) + 1));
        }

        /** The expected reply, with the NC row's placeholders replaced by the server's configured values. */
        String expectedReply() {
            return expected.replace("<lmk check value 16H>", "2686040000000000").replace("<firmware 9A>", "0007-E000");
        }

        @Override
        public String toString() {
            return "line " + line + " " + command + " " + note;
        }
    }
}
