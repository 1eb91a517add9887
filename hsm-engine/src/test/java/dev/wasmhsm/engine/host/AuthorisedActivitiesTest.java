package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.engine.LogCapture;
import dev.wasmhsm.engine.host.AuthorisedState.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authorised activities: dual control, expiry, cancellation, and an audit line for every step. */
class AuthorisedActivitiesTest {
    private final MutableClock clock = new MutableClock();
    private LogCapture capture;
    private List<String> audit;

    @BeforeEach
    void listen() {
        capture = LogCapture.of("dev.wasmhsm.audit");
        audit = capture.lines();
    }

    @AfterEach
    void stopListening() {
        capture.close();
    }

    @Test
    void dualControlNeedsTwoDistinctAuthenticatedPrincipals() throws CryptoException {
        var state = new AuthorisedState(true, Set.of("alice", "bob"), clock);

        assertThrows(SecurityException.class, () -> state.authorise("export", Duration.ofMinutes(5),
                AuthorisedState.ANONYMOUS));
        assertTrue(state.authorise("export", Duration.ofMinutes(5), "alice").contains("requested by alice"));
        assertTrue(state.authorise("export", Duration.ofMinutes(5), "alice").contains("requested by alice"));
        assertThrows(CryptoException.class, () -> state.require(Activity.EXPORT, "A8"));
        assertTrue(state.authorise("export", Duration.ofMinutes(2), "bob").contains("entered until"));
        state.require(Activity.EXPORT, "A8");
        assertEquals(List.of("export until " + clock.instant().plus(Duration.ofMinutes(2)) + " by [alice, bob]"),
                state.describe(), "the shorter of the two durations");
        assertThrows(CryptoException.class, () -> state.require(Activity.IMPORT, "A6"), "one activity only");
        assertTrue(audit.stream().anyMatch(line -> line.startsWith("INFO event=authorised.enter activity=export"
                + " principals=[alice, bob]")), audit.toString());
        assertTrue(audit.stream().anyMatch(line -> line.startsWith("INFO event=authorised.use activity=export")));
        assertTrue(audit.stream().anyMatch(line -> line.startsWith("WARN event=authorised.refused activity=import")));
    }

    @Test
    void onlyNamedOfficersAuthoriseAndDualControlWithoutThemEntersNothing() {
        var officers = new AuthorisedState(true, Set.of("alice", "bob"), clock);
        var nobody = new AuthorisedState(true, Set.of(), clock);
        var single = new AuthorisedState(false, Set.of("alice"), clock);

        var mallory = assertThrows(SecurityException.class, () -> officers.authorise("export", Duration.ofMinutes(5),
                "mallory"));
        assertEquals("mallory is not an officer (hsm.security.officers)", mallory.getMessage());
        assertThrows(SecurityException.class, () -> single.authorise("export", Duration.ofMinutes(5), "mallory"));
        var none = assertThrows(SecurityException.class, () -> nobody.authorise("export", Duration.ofMinutes(5),
                "alice"));
        assertEquals("dual control needs named officers (hsm.security.officers)", none.getMessage());
        assertTrue(single.authorise("export", Duration.ofMinutes(5), "alice").contains("entered"));
        assertTrue(audit.stream().anyMatch(line -> line.startsWith("WARN event=authorised.refused activity=export"
                + " principal=mallory")), audit.toString());
        var properties = new Properties();
        properties.setProperty(AuthorisedState.OFFICERS, " alice, bob ,,");
        assertEquals(Set.of("alice", "bob"), AuthorisedState.officers(properties));
    }

    @Test
    void aFirstRequestWaitsForTheSecondForFiveMinutesOnly() {
        var state = new AuthorisedState(true, Set.of("alice", "bob"), clock);
        state.authorise("import", Duration.ofMinutes(5), "alice");
        clock.advance(AuthorisedState.PENDING.plusSeconds(1));

        assertTrue(state.authorise("import", Duration.ofMinutes(5), "bob").contains("requested by bob"));
        assertTrue(state.describe().isEmpty());
        assertTrue(audit.stream().anyMatch(line -> line.startsWith("INFO event=authorised.request.expired"
                + " activity=import principal=alice")), audit.toString());
        state.cancel("import", "bob");
        assertTrue(audit.contains("INFO event=authorised.request.cancelled activity=import principal=bob"),
                audit.toString());
    }

    @Test
    void anActivityEndsByItselfAndWhenCancelled() throws CryptoException {
        var state = new AuthorisedState(false, clock);
        state.authorise("generate.zmk", Duration.ofSeconds(30), "alice");
        state.require(Activity.GENERATE_ZMK, "A0");
        clock.advance(Duration.ofSeconds(30));
        state.sweep();

        var e = assertThrows(CryptoException.class, () -> state.require(Activity.GENERATE_ZMK, "A0"));
        assertEquals("17", e.errorCode().code());
        assertTrue(audit.contains("INFO event=authorised.exit activity=generate.zmk reason=expired"), audit.toString());
        state.authorise("generate.zmk", Duration.ofMinutes(1), "alice");
        state.cancel("all", "alice");
        assertThrows(CryptoException.class, () -> state.require(Activity.GENERATE_ZMK, "A0"));
        assertTrue(audit.contains("INFO event=authorised.exit activity=generate.zmk principal=alice"
                + " reason=cancelled"), audit.toString());
    }

    @Test
    void durationsAndActivitiesAreChecked() {
        var state = new AuthorisedState(false, clock);

        assertThrows(IllegalArgumentException.class, () -> state.authorise("export", Duration.ofHours(13), "alice"));
        assertThrows(IllegalArgumentException.class, () -> state.authorise("export", Duration.ZERO, "alice"));
        assertThrows(IllegalArgumentException.class, () -> state.authorise("everything", Duration.ofMinutes(1),
                "alice"));
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
