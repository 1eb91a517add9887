package dev.wasmhsm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example issuer application (hsm-example) in one JTA transaction with the HSM through the local connector:
 * a PIN change stores the new PVV and its audit row together; a PIN that does not verify, or a database failure
 * (an audit row without its channel), leaves nothing stored.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IssuerExampleTest {
    private static final String ZPK_CLEAR = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String ZPK = Reference.underLmk("001", 'U', ZPK_CLEAR);
    private static final String PVK = Reference.underLmk("002", 'U', "0123456789ABCDEFFEDCBA9876543210");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.earWithConnectorApp();
    }

    @Test
    void aPinChangeStoresTheNewPvvAndItsAuditRowTogether() throws Exception {
        var account = "550000000001";
        var enrolled = pin("enrol", account, Map.of("block", block("1234", account)));
        assertEquals(200, enrolled.statusCode(), enrolled.body());

        var changed = pin("change", account, Map.of("current", block("1234", account), "new", block("5678", account),
                "channel", "branch"));
        assertEquals(200, changed.statusCode(), changed.body());
        assertTrue(changed.body().matches("[0-9]{4}"), changed.body());
        assertEquals("pvv=" + changed.body() + " changes=1", pin("state", account, Map.of()).body());
        var again = pin("change", account, Map.of("current", block("5678", account), "new", block("1111", account),
                "channel", "branch"));
        assertEquals(200, again.statusCode(), "the stored PVV verifies the new PIN: " + again.body());
    }

    @Test
    void aPinThatDoesNotVerifyRollsEverythingBack() throws Exception {
        var account = "550000000002";
        var enrolled = pin("enrol", account, Map.of("block", block("1234", account))).body();

        var refused = pin("change", account, Map.of("current", block("9999", account), "new", block("5678", account),
                "channel", "branch"));

        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("does not verify"), refused.body());
        assertEquals("pvv=" + enrolled + " changes=0", pin("state", account, Map.of()).body());
    }

    @Test
    void aDatabaseFailureAfterTheHsmAnsweredLeavesNothingHalfDone() throws Exception {
        var account = "550000000003";
        var enrolled = pin("enrol", account, Map.of("block", block("1234", account))).body();

        var failed = pin("change", account, Map.of("current", block("1234", account), "new", block("5678", account)));

        assertEquals(500, failed.statusCode(), failed.body());
        assertEquals("pvv=" + enrolled + " changes=0", pin("state", account, Map.of()).body(),
                "the PVV update rolled back with the failed audit insert");
    }

    /** @return the ISO format 0 PIN block of a PIN and account under the test ZPK, as hex. */
    private static String block(String pin, String account) {
        var clear = Reference.unhex(("0" + pin.length() + pin + "FFFFFFFFFFFFFF").substring(0, 16));
        var pan = Reference.unhex("0000" + account);
        for (int i = 0; i < clear.length; i++) {
            clear[i] ^= pan[i];
        }

        return Reference.hex(Reference.ecb(Reference.unhex(ZPK_CLEAR), clear, true));
    }

    private static HttpResponse<String> pin(String op, String account, Map<String, String> fields) throws IOException,
            InterruptedException {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("op", op);
        parameters.put("account", account);
        parameters.put("zpk", ZPK);
        parameters.put("pvk", PVK);
        parameters.putAll(fields);
        var query = parameters.entrySet().stream().map(entry -> entry.getKey() + "=" + URLEncoder.encode(
                entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));

        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/hsm-example/pin?" + query))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
