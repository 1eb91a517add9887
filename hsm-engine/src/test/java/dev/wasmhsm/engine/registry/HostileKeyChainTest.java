package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.EmvKeys;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KeyField;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile plugins against the key rules, through the registry as a client would reach them. {@code launder} (ZU)
 * runs, in one call, chains of host calls that would put a clear key into guest memory: an untyped key exported,
 * imported back and its copies typed apart (mode 1), the same through the copy's 8-byte halves (mode 2), an EMV
 * session key computed by a MAC under its card key (mode 3), and a KEK's check value imported under the KEK, which
 * gives a key of a value the plugin knows (mode 4). {@code pinkek} (ZW) tries a PIN key or a PVK as a
 * key-encrypting key. Each reply carries the host result of every step ({@code +033}, {@code -029}) and whatever the
 * chain got, so a test sees both where the chain was stopped and whether it got the key.
 *
 * <p>The victims have known clear values, written under the test LMK here. A reply must hold none of their 8-byte
 * parts in hex, whatever case and whatever the parity bits (DES ignores them, so a key with other parity bits is the
 * same key). The registry runs with {@code hsm.security.profile} set, {@code pci} (the default) and {@code legacy}:
 * no profile may let a plugin launder a key.
 */
class HostileKeyChainTest {
    private static final String CLEAR_ZPK = "C7152C20BC2C830EA7EC9E8334ABE3FE";
    private static final String CLEAR_KEK_CANDIDATE = "0123456789ABCDEFFEDCBA9876543210";
    private static final String CLEAR_MASTER_KEY = "0123456789ABCDEFFEDCBA9876543210";
    private static final String CLEAR_ZMK = "89ABCDEF01234567FEDCBA9876543210";
    private static final String PAN_PSN = "4761739001010010";
    private static final String ATC = "0001";
    private static final String PROFILE = "hsm.security.profile=";
    private static final String TIMEOUT = "hsm.plugins.callTimeoutMillis=5000";
    private static final int NOT_PERMITTED = -29;
    private static final long PARITY_MASK = 0xFEFEFEFEFEFEFEFEL;
    private static final Pattern RESULT = Pattern.compile("[+-][0-9]{3}");

    @TempDir
    Path directory;
    private RegistryFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new RegistryFixture(directory);
        fixture.installTest("launder", "ZU");
        fixture.installTest("pinkek", "ZW");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0} profile, mode \"{1}\"")
    @CsvSource({"pci, ''", "pci, 2", "legacy, ''", "legacy, 2"})
    void launderingChainNeverRevealsTheVictimsClearKey(String profile, String mode) throws CryptoException {
        var registry = fixture.start(TIMEOUT, PROFILE + profile);
        var request = "ZU" + mode + underLmk("001", CLEAR_ZPK);

        var reply = call(registry, request);

        assertTrue(reply.startsWith("ZV00"), reply);
        assertNoClearKey(reply, request, "the victim ZPK", Hex.decode(CLEAR_ZPK));
        assertSomeStepRefused(reply, request);
    }

    @ParameterizedTest(name = "{0} profile")
    @CsvSource({"pci", "legacy"})
    void aCardKeyDoesNotMacItsSessionKeyIntoTheClear(String profile) throws CryptoException {
        var registry = fixture.start(TIMEOUT, PROFILE + profile);
        var request = "ZU3" + underLmk("109", CLEAR_MASTER_KEY);
        var masterKey = ClearKey.of(Hex.decode(CLEAR_MASTER_KEY));
        var cardKey = EmvKeys.cardKey(masterKey, Hex.decode(PAN_PSN));
        var sessionKey = EmvKeys.sessionKey(cardKey, Hex.decode(ATC));

        try {
            var reply = call(registry, request);

            assertTrue(reply.startsWith("ZV00"), reply);
            assertNoClearKey(reply, request, "the EMV card key", cardKey.bytes());
            assertNoClearKey(reply, request, "the EMV session key", sessionKey.bytes());
            assertSomeStepRefused(reply, request);
        } finally {
            masterKey.destroy();
            cardKey.destroy();
            sessionKey.destroy();
        }
    }

    @ParameterizedTest(name = "{0} profile")
    @CsvSource({"pci", "legacy"})
    void aKeksCheckValueDoesNotImportAsAKeyOfKnownValue(String profile) throws CryptoException {
        var registry = fixture.start(TIMEOUT, PROFILE + profile);
        var request = "ZU4" + underLmk("000", CLEAR_ZMK);

        var reply = call(registry, request);

        assertTrue(reply.startsWith("ZV00"), reply);
        assertNoClearKey(reply, request, "the ZMK", Hex.decode(CLEAR_ZMK));
        var results = results(reply);
        var field = reply.substring(4 + 4 * results.size());
        if (!field.isEmpty()) {
            var key = new LmkKeyCipher(LmkSet.testLmk()).decrypt(KeyType.parse("001"), KeyField.parse(field));
            var bytes = key.bytes();
            key.destroy();
            boolean zero = (toLong(bytes, 0) & PARITY_MASK) == 0;
            Arrays.fill(bytes, (byte) 0);
            assertFalse(zero, "the ZMK's check value imported under the ZMK is the all-zero key, which the plugin"
                    + " then holds as a ZPK under the LMK: " + describe(request, reply));
        }
    }

    @ParameterizedTest(name = "{0} profile, key type {1}")
    @CsvSource({"pci, 002", "pci, 70D", "pci, 001", "legacy, 70D", "legacy, 001"})
    void aPinKeyOrPvkIsRefusedAsAKek(String profile, String type) throws CryptoException {
        var registry = fixture.start(TIMEOUT, PROFILE + profile);
        var request = "ZW" + type + underLmk(type, CLEAR_KEK_CANDIDATE) + underLmk("001", CLEAR_ZPK);

        var reply = call(registry, request);

        assertTrue(reply.startsWith("ZX00"), reply);
        var results = results(reply);
        assertEquals(4, results.size(), describe(request, reply));
        assertTrue(results.get(0) > 0, "the key of type " + type + " did not load: " + describe(request, reply));
        assertTrue(results.get(1) > 0, "the victim did not load: " + describe(request, reply));
        assertEquals(NOT_PERMITTED, results.get(2), "key_to_kek under a key of type " + type + ": "
                + describe(request, reply));
        assertEquals(NOT_PERMITTED, results.get(3), "key_from_kek under a key of type " + type + ": "
                + describe(request, reply));
        assertNoClearKey(reply, request, "the victim ZPK", Hex.decode(CLEAR_ZPK));
    }

    private static String underLmk(String type, String clearHex) throws CryptoException {
        var key = ClearKey.of(Hex.decode(clearHex));
        try {
            return new LmkKeyCipher(LmkSet.testLmk()).encrypt(KeyType.parse(type), KeyScheme.U, key).toString();
        } finally {
            key.destroy();
        }
    }

    /**
     * Asserts that no 16 hex characters of the reply, in either case, are an 8-byte part of the clear key with any
     * parity bits; wipes the key bytes.
     */
    private static void assertNoClearKey(String reply, String request, String what, byte[] clear) {
        try {
            var upper = reply.toUpperCase(Locale.ROOT);
            for (int at = 0; at + 16 <= upper.length(); at++) {
                var window = upper.substring(at, at + 16);
                if (!window.matches("[0-9A-F]{16}")) {
                    continue;
                }
                long value = Long.parseUnsignedLong(window, 16);
                for (int part = 0; part + 8 <= clear.length; part += 8) {
                    assertFalse((value & PARITY_MASK) == (toLong(clear, part) & PARITY_MASK), "8 bytes of " + what
                            + " (part " + part / 8 + ") are in the reply at " + at + ": " + describe(request, reply));
                }
            }
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static void assertSomeStepRefused(String reply, String request) {
        assertTrue(results(reply).stream().anyMatch(result -> result < 0),
                "no step of the chain was refused: " + describe(request, reply));
    }

    /** The step results of a reply, after its 4 characters of codes. */
    private static List<Integer> results(String reply) {
        var results = new ArrayList<Integer>();
        var matcher = RESULT.matcher(reply);
        int at = 4;
        while (matcher.find(at) && matcher.start() == at) {
            results.add(Integer.parseInt(matcher.group()));
            at = matcher.end();
        }

        return results;
    }

    private static long toLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }

        return value;
    }

    private static String describe(String request, String reply) {
        return "request " + request + ", reply " + reply;
    }
}
