package dev.wasmhsm.engine.registry;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.DesParity;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KekKeyCipher;
import dev.wasmhsm.crypto.KeyCheckValue;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.Pin;
import dev.wasmhsm.crypto.PinBlock;
import dev.wasmhsm.crypto.PinBlockFormat;
import dev.wasmhsm.crypto.RandomSource;
import dev.wasmhsm.crypto.VisaCvv;
import dev.wasmhsm.crypto.VisaPvv;
import dev.wasmhsm.engine.TestPlugins;
import dev.wasmhsm.protocol.HsmRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property checks of the bundled card and PIN commands against the Java core: random keys (odd parity, single,
 * double or triple length as the command takes them, in every key form it accepts), PANs, expiry dates, service
 * codes, PINs of 4 to 12 digits and PIN block formats 01, 03, 05 and 47, encrypted under the test LMK with the core;
 * the bundled plugins must agree with the core on every case.
 *
 * <p>The cases come from a {@link Random} seeded with {@value #DEFAULT_SEED}, or with the system property
 * {@value #SEED_PROPERTY}; the system property {@value #ROUNDS_PROPERTY} sets the rounds per property
 * (default {@value #DEFAULT_ROUNDS}). A failure names the seed, the round and the facts of the case (its clear keys
 * are random test keys), so that {@code -Dwasmhsm.property.seed=<seed>} replays it; the cases of a property do not
 * depend on the other properties. The fill of formats 05 and 47 is one random nibble repeated, drawn per block.
 */
class CommandPropertyTest {
    private static final String SEED_PROPERTY = "wasmhsm.property.seed";
    private static final String ROUNDS_PROPERTY = "wasmhsm.property.rounds";
    private static final long DEFAULT_SEED = 0x5EED_C0DEL;
    private static final int DEFAULT_ROUNDS = 200;
    private static final long SEED = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    private static final int ROUNDS = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
    private static final LmkKeyCipher LMK = new LmkKeyCipher(LmkSet.testLmk());
    private static final KeyType ZMK = new KeyType(0, 0);
    private static final KeyType ZPK = new KeyType(0, 1);
    private static final KeyType TPK = new KeyType(0, 2);
    private static final KeyType PVK = new KeyType(0, 2);
    private static final KeyType CVK = new KeyType(4, 2);
    private static final PinBlockFormat[] FORMATS = {
        PinBlockFormat.ISO_0, PinBlockFormat.IBM_3624, PinBlockFormat.ISO_1, PinBlockFormat.ISO_3,
    };
    private static final String[] COMMANDS = {"CW", "CY", "CA", "CC", "DC", "EC", "A6", "BU"};

    @TempDir
    static Path directory;
    private static RegistryFixture fixture;
    private static PluginRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        for (var code : COMMANDS) {
            TestPlugins.installBundled(code, directory, code);
        }
        fixture = new RegistryFixture(directory);
        // The cases are legacy ones (single-length keys, 002 TPKs, 16-digit check values), and A6 imports every type.
        registry = fixture.start("hsm.plugins.callTimeoutMillis=5000", "hsm.security.profile=legacy");
        fixture.authorise("import");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** CW answers the core's CVV, CY verifies it (00) and refuses any other CVV (01). */
    @Test
    void cvvOfCwIsTheCoresAndVerifiesWithCy() {
        forEachRound(0, (random, facts) -> {
            var cvk = randomKey(random, 16);
            var cvkField = cvkField(random, cvk);
            var pan = digits(random, 12 + random.nextInt(8));
            var expiry = String.format("%02d%02d", random.nextInt(100), 1 + random.nextInt(12));
            var serviceCode = digits(random, 3);
            var card = pan + ";" + expiry + serviceCode;
            facts.add("CVK " + hex(cvk) + " as " + cvkField + ", PAN;expiry+service code " + card);
            var expected = VisaCvv.cvv(cvk, pan, expiry, serviceCode);
            var wrong = String.format("%03d", (Integer.parseInt(expected) + 1 + random.nextInt(999)) % 1000);
            facts.add("core CVV " + expected + ", wrong CVV " + wrong);

            assertEquals("CX00" + expected, call("CW" + cvkField + card));
            assertEquals("CZ00", call("CY" + cvkField + expected + card));
            assertEquals("CZ01", call("CY" + cvkField + wrong + card));
        });
    }

    /** CA (TPK to ZPK) then CC (ZPK to another ZPK) keep the PIN; each block decrypts with the core. */
    @Test
    void pinThroughCaThenCcIsThePin() {
        forEachRound(1, (random, facts) -> {
            var tpk = randomKey(random, pinKeyLength(random));
            var zpk = randomKey(random, pinKeyLength(random));
            var zpk2 = randomKey(random, pinKeyLength(random));
            var tpkField = pinKeyField(random, TPK, tpk);
            var zpkField = pinKeyField(random, ZPK, zpk);
            var zpk2Field = pinKeyField(random, ZPK, zpk2);
            var account = account(random);
            var pin = randomPin(random);
            var formats = new PinBlockFormat[] {format(random), format(random), format(random)};
            var block = pinBlock(random, tpk, formats[0], pin, account);
            facts.add("TPK " + hex(tpk) + " as " + tpkField + ", ZPK " + hex(zpk) + " as " + zpkField + ", ZPK' "
                    + hex(zpk2) + " as " + zpk2Field + ", account " + account + ", PIN " + pin + ", formats "
                    + code(formats[0]) + " " + code(formats[1]) + " " + code(formats[2]) + ", block under the TPK "
                    + block);
            var length = String.format("%02d", pin.length());

            var ca = call("CA" + tpkField + zpkField + "12" + block + code(formats[0]) + code(formats[1]) + account);
            facts.add("CA answered " + ca);
            assertEquals("CB00" + length + "<16H>" + code(formats[1]), shape(ca));
            assertEquals(pin, pinOf(zpk, formats[1], ca.substring(6, 22), account));
            var cc = call("CC" + zpkField + zpk2Field + "12" + ca.substring(6, 22) + code(formats[1])
                    + code(formats[2]) + account);
            facts.add("CC answered " + cc);
            assertEquals("CD00" + length + "<16H>" + code(formats[2]), shape(cc));
            assertEquals(pin, pinOf(zpk2, formats[2], cc.substring(6, 22), account));
        });
    }

    /** The core's PVV of the PIN verifies with DC (block under a TPK) and EC (under a ZPK); another PVV fails. */
    @Test
    void pvvOfTheCoreVerifiesWithDcAndEc() {
        forEachRound(2, (random, facts) -> {
            var pvk = randomKey(random, 16);
            var pvkField = pvkField(random, pvk);
            boolean terminal = random.nextBoolean();
            var command = terminal ? "DC" : "EC";
            var pinKey = randomKey(random, pinKeyLength(random));
            var pinKeyField = pinKeyField(random, terminal ? TPK : ZPK, pinKey);
            var account = account(random);
            var pin = randomPin(random);
            int pvki = random.nextInt(10);
            var format = format(random);
            var block = pinBlock(random, pinKey, format, pin, account);
            facts.add(command + ", PVK " + hex(pvk) + " as " + pvkField + ", " + (terminal ? "TPK " : "ZPK ")
                    + hex(pinKey) + " as " + pinKeyField + ", account " + account + ", PIN " + pin + ", format "
                    + code(format) + ", block " + block + ", PVKI " + pvki);
            var pvv = VisaPvv.pvv(pvk, account, pvki, pin(pin));
            var wrong = String.format("%04d", (Integer.parseInt(pvv) + 1 + random.nextInt(9999)) % 10000);
            facts.add("core PVV " + pvv + ", wrong PVV " + wrong);
            var request = command + pinKeyField + pvkField + block + code(format) + account + pvki;
            var response = terminal ? "DD" : "ED";

            assertEquals(response + "00", call(request + pvv));
            assertEquals(response + "01", call(request + wrong));
        });
    }

    /**
     * A6 imports a key with odd or bad parity from a ZMK: 00 or 01 (parity advice), the key under the LMK is the
     * core's encryption of the key with its parity made odd, the check value is the core's, and BU on the key under
     * the LMK answers the same check value.
     */
    @Test
    void a6StoresTheKeyWithOddParityAndBuAgrees() {
        var types = new KeyType[] {ZPK, TPK, CVK};
        forEachRound(3, (random, facts) -> {
            var zmk = randomKey(random, 8 * (1 + random.nextInt(3)));
            var zmkField = LMK.encrypt(ZMK, lmkScheme(random, zmk.length()), zmk).toString();
            boolean badParity = random.nextBoolean();
            var oddKey = randomKey(random, 8 * (1 + random.nextInt(3)));
            var key = badParity ? withBadParity(random, oddKey) : oddKey;
            var keyField = KekKeyCipher.encrypt(zmk, kekScheme(random, key.length(), zmk.length()), key, 0)
                    .toString();
            var type = types[random.nextInt(types.length)];
            var scheme = lmkScheme(random, key.length());
            facts.add("ZMK " + hex(zmk) + " as " + zmkField + ", key " + hex(key) + " as " + keyField + ", type "
                    + type.code() + ", scheme " + scheme.letter());
            var expectedField = LMK.encrypt(type, scheme, oddKey).toString();
            var checkValue = new String(KeyCheckValue.hex(key, 16), US_ASCII);
            var buCode = "" + type.code().charAt(0) + type.code().charAt(2);

            assertEquals("A7" + (badParity ? "01" : "00") + expectedField + checkValue.substring(0, 6),
                    call("A6" + type.code() + zmkField + keyField + scheme.letter()));
            assertEquals("BV00" + checkValue, call("BU" + buCode + (key.length() / 8 - 1) + expectedField));
        });
    }

    /**
     * Runs a property for {@link #ROUNDS} rounds over one random sequence; a failure names the seed, the round and
     * the facts of the case.
     */
    private static void forEachRound(int property, Property check) {
        var random = new Random(SEED + property);
        for (int round = 0; round < ROUNDS; round++) {
            var facts = new ArrayList<String>();
            try {
                check.run(random, facts);
            } catch (AssertionError | CryptoException | RuntimeException e) {
                throw new AssertionError("seed " + SEED + " (-D" + SEED_PROPERTY + "=" + SEED + "), round " + round
                        + ": " + String.join("; ", facts) + ": " + e.getMessage(), e);
            }
        }
    }

    private static String call(String message) {
        return new String(registry.execute(new HsmRequest("test", message.getBytes(ISO_8859_1), 1)), ISO_8859_1);
    }

    /** A random DES key of the length with odd parity. */
    private static ClearKey randomKey(Random random, int length) throws CryptoException {
        var bytes = new byte[length];
        random.nextBytes(bytes);
        DesParity.adjust(bytes);

        return ClearKey.of(bytes);
    }

    /** A copy of an odd-parity key with the parity bit of one or more of its bytes flipped. */
    private static ClearKey withBadParity(Random random, ClearKey key) throws CryptoException {
        var bytes = key.bytes();
        int always = random.nextInt(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (i == always || random.nextInt(4) == 0) {
                bytes[i] ^= 1;
            }
        }

        return ClearKey.of(bytes);
    }

    private static int pinKeyLength(Random random) {
        return 8 * (1 + random.nextInt(3));
    }

    /** A CVK field: bare 32H (as X), U or X. */
    private static String cvkField(Random random, ClearKey cvk) throws CryptoException {
        return switch (random.nextInt(3)) {
            case 0 -> LMK.encrypt(CVK, KeyScheme.X, cvk).toString().substring(1);
            case 1 -> LMK.encrypt(CVK, KeyScheme.U, cvk).toString();
            default -> LMK.encrypt(CVK, KeyScheme.X, cvk).toString();
        };
    }

    /** A PVK pair field: bare 32H (as X), U or X. */
    private static String pvkField(Random random, ClearKey pvk) throws CryptoException {
        var scheme = random.nextBoolean() ? KeyScheme.U : KeyScheme.X;
        var field = LMK.encrypt(PVK, scheme, pvk).toString();

        return scheme == KeyScheme.X && random.nextBoolean() ? field.substring(1) : field;
    }

    /** A TPK or ZPK field: bare 16H for a single key, U or X for a double one, T or Y for a triple one. */
    private static String pinKeyField(Random random, KeyType type, ClearKey key) throws CryptoException {
        return LMK.encrypt(type, lmkScheme(random, key.length()), key).toString();
    }

    /** A scheme under the LMK for a key length: Z, U or X, T or Y. */
    private static KeyScheme lmkScheme(Random random, int length) {
        return switch (length) {
            case 8 -> KeyScheme.Z;
            case 16 -> random.nextBoolean() ? KeyScheme.U : KeyScheme.X;
            default -> random.nextBoolean() ? KeyScheme.T : KeyScheme.Y;
        };
    }

    /** A scheme under a ZMK: as under the LMK, but U and T only under a double or triple ZMK. */
    private static KeyScheme kekScheme(Random random, int length, int kekLength) {
        var scheme = lmkScheme(random, length);
        if (kekLength == 8 && scheme.hasVariant()) {
            return length == 16 ? KeyScheme.X : KeyScheme.Y;
        }

        return scheme;
    }

    private static PinBlockFormat format(Random random) {
        return FORMATS[random.nextInt(FORMATS.length)];
    }

    private static String code(PinBlockFormat format) {
        return String.format("%02d", format.code());
    }

    /** The PIN block under a key, built by the core, its fill from one random byte. */
    private static String pinBlock(Random random, ClearKey key, PinBlockFormat format, String pin, String account)
            throws CryptoException {
        var fill = RandomSource.fixedForConformanceTests((byte) random.nextInt(256));

        return Hex.toText(PinBlock.encrypt(key, format, pin(pin), account, fill));
    }

    private static String pinOf(ClearKey key, PinBlockFormat format, String block, String account)
            throws CryptoException {
        return new String(PinBlock.decrypt(key, format, Hex.decode(block), account).ascii(), US_ASCII);
    }

    private static Pin pin(String digits) throws CryptoException {
        return Pin.ofAscii(digits.getBytes(US_ASCII));
    }

    /** The 12 right-most digits of a random PAN of 13 to 19 digits, without its check digit. */
    private static String account(Random random) {
        var pan = digits(random, 13 + random.nextInt(7));

        return pan.substring(pan.length() - 13, pan.length() - 1);
    }

    private static String digits(Random random, int count) {
        var text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }

        return text.toString();
    }

    private static String randomPin(Random random) {
        return digits(random, Pin.MIN_LENGTH + random.nextInt(Pin.MAX_LENGTH - Pin.MIN_LENGTH + 1));
    }

    /** A CA or CC reply with its PIN block (16 hex digits after the code, error code and PIN length) as 16H. */
    private static String shape(String reply) {
        if (reply.length() != 24 || !reply.substring(6, 22).matches("[0-9A-F]{16}")) {
            return reply;
        }

        return reply.substring(0, 6) + "<16H>" + reply.substring(22);
    }

    private static String hex(ClearKey key) {
        return Hex.toText(key.bytes());
    }

    /** One round of a property: draws a case from the random source, notes its facts, and checks it. */
    @FunctionalInterface
    private interface Property {
        void run(Random random, List<String> facts) throws CryptoException;
    }
}
