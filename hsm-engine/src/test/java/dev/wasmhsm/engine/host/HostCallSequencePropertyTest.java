package dev.wasmhsm.engine.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasmhsm.crypto.ClearKey;
import dev.wasmhsm.crypto.CryptoException;
import dev.wasmhsm.crypto.Hex;
import dev.wasmhsm.crypto.KeyBlockLmk;
import dev.wasmhsm.crypto.KeyBlockLmks;
import dev.wasmhsm.crypto.KeyScheme;
import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.LmkKeyCipher;
import dev.wasmhsm.crypto.LmkSet;
import dev.wasmhsm.crypto.Pin;
import dev.wasmhsm.crypto.PinBlock;
import dev.wasmhsm.crypto.PinBlockFormat;
import dev.wasmhsm.crypto.RandomSource;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A property of the whole host API: no sequence of host calls, however hostile, puts a clear key or a clear PIN
 * into guest memory. Each of many random sequences runs in a fresh {@link Guest}: it loads keys of known clear
 * values and several types from the LMK (some sharing 8-byte parts with others), writes PIN blocks of known PINs,
 * then makes up to {@value #MAX_CALLS} calls drawn over every function of {@link CryptoImports#all()}, with
 * arguments mostly valid (handles it holds, key types, schemes and PIN block formats the host knows, outputs into
 * fresh guest buffers) and sometimes not. Every output (key fields under the LMK or a KEK, PIN blocks, check values,
 * cipher text, MACs) is fed back as an input of later calls, hex-decoded for the functions that take binary data and
 * hex-encoded for those that take fields, since chains of that kind are how keys are laundered.
 *
 * <p>After every call the test scans the guest memory it has used (every buffer it wrote or handed out), and at the
 * end of a sequence the whole page, for an 8-byte part of the clear value of any key of the call's table (parity
 * bits ignored, in binary; in hex of either case), a clear PIN block of a known PIN and a known PIN in ASCII. The
 * test encodes no key rule: what the host refuses or allows is its own business, the property is only about memory.
 * The choice of arguments leans on what the test itself did (the type a handle was loaded or written under), which
 * only makes useful sequences likelier. Where the host has security profiles and authorised activities, each
 * sequence draws its profile (pci or legacy) and whether every authorised activity is entered, the widest state a
 * hostile plugin may run in.
 *
 * <p>The sequences come from a {@link Random} seeded with {@value #DEFAULT_SEED}, or the system property
 * {@value #SEED_PROPERTY}; {@value #COUNT_PROPERTY} sets their number. A failure names the sequence's own seed and
 * lists its calls, the shortest of the sequences that failed; {@value #ONE_PROPERTY} set to that seed runs that
 * sequence alone.
 */
class HostCallSequencePropertyTest {
    private static final long DEFAULT_SEED = 20_261_201L;
    private static final String SEED_PROPERTY = "wasmhsm.hostCallSequence.seed";
    private static final String COUNT_PROPERTY = "wasmhsm.hostCallSequence.count";
    private static final String ONE_PROPERTY = "wasmhsm.hostCallSequence.one";
    private static final int DEFAULT_COUNT = 10_000;
    private static final int MAX_CALLS = 12;
    private static final int PAGE = 65_536;
    /** Room for the longest key field: {@code S} and a key block of a 24-byte key (97 characters). */
    private static final int FIELD_CAPACITY = 97;
    private static final String UNTYPED = "untyped";
    private static final String EMV_CARD = "emv-card";
    private static final String EMV_SESSION = "emv-session";
    private static final String[] TYPES = {"000", "001", "002", "70D", "80D", "402", "003", "008", "00A", "00B",
        "109", "FFF"};
    private static final String[] BAD_TYPES = {"0G0", "ABC", "999", "00"};
    private static final int[] SCHEMES = {'Z', 'U', 'T', 'X', 'Y', 'S'};
    private static final String[] LMK_IDS = {"00", "01", "01", "05", "0x"};
    /** The key-block attributes of {@code key_to_lmk_block}: mostly valid, some looser or malformed. */
    private static final String[] ATTRIBUTES = {"72T2B00E00", "P0T2E00N00", "C0T2C00E00", "V1T2V00S00",
        "52T2B00E00", "D0T3B00E00", "M3T2C00E00", "72T3B00E00", "72A3B00E00", "ZZT2B00E00", "72T2Q00E00",
        "72T2B00E01", "K0T2N00E00", "71T2D00E00"};
    private static final int[] BAD_SCHEMES = {'A', 0, 'u', -1};
    private static final int[] FORMATS = {1, 3, 5, 47};
    private static final int[] BAD_FORMATS = {48, 2, 0, -1};
    private static final int[] ALGORITHMS = {1, 3, 13};
    private static final String[] PROFILES = {"pci", "legacy"};
    private static final String[] ACTIVITIES = {"generate.zmk", "import", "export"};
    private static final String[] ACCOUNTS = {"550000025321", "400000123456"};
    private static final String[] PINS = {"907153820641", "386295017428"};
    private static final String PAN = "4123456789012345";
    private static final byte[][] ATCS = {{0x00, 0x01}, {0x12, 0x34}};
    private static final String PAN_PSN = "4761739001010010";
    private static final Set<String> KEKS = Set.of("000", "002", "80D");
    private static final Set<String> PIN_KEYS = Set.of("001", "002", "70D");
    private static final Set<String> PVKS = Set.of("002");
    private static final Set<String> CVKS = Set.of("402");
    private static final Set<String> DATA_KEYS = Set.of("00A", "00B");
    private static final Set<String> MAC_KEYS = Set.of("003", "008", EMV_CARD, EMV_SESSION);
    private static final Set<String> EMV_MASTER_KEYS = Set.of("109");
    private static final Set<String> EMV_CARD_KEYS = Set.of(EMV_CARD);
    private static final Set<String> EMV_KEYS = Set.of(EMV_CARD, EMV_SESSION);
    private static final Set<String> ANY = Set.of();
    private static final Set<String> FRESH = Set.of(UNTYPED);
    private static final byte[] ZEROS = new byte[PAGE];
    private static final long PARITY_MASK = 0xFEFEFEFEFEFEFEFEL;
    private static final long PREFIX_MASK = 0xFFFFFFFFFFFFFF00L;
    private static final long BLOOM_MASK = PARITY_MASK & PREFIX_MASK;

    /**
     * The keys each sequence loads from the LMK, by 8-byte part (each part is given odd parity): a single ZMK whose
     * value is both halves of a DEK, a ZMK whose parts are the first and last of a triple ZEK, ZPKs and TAKs that
     * share parts with keys of their own type (as M6 loads the left half of a TAK), other cross-type shares, and data
     * and MAC keys that share nothing, so that those functions have keys whatever the host refuses of the others.
     */
    private static final Seed[] SEEDS = {
        new Seed("000", KeyScheme.Z, "0123456789ABCDEF"),
        new Seed("00B", KeyScheme.U, "0123456789ABCDEF", "0123456789ABCDEF"),
        new Seed("000", KeyScheme.U, "FEDCBA9876543210", "89ABCDEF01234567"),
        new Seed("00A", KeyScheme.T, "FEDCBA9876543210", "89ABCDEF01234567", "FEDCBA9876543210"),
        new Seed("001", KeyScheme.U, "C7152C20BC2C830E", "A7EC9E8334ABE3FE"),
        new Seed("001", KeyScheme.T, "C7152C20BC2C830E", "A7EC9E8334ABE3FE", "3B5D7F91A2C4E608"),
        new Seed("002", KeyScheme.U, "1F2E3D4C5B6A7988", "D1C2B3A4F5E6978A"),
        new Seed("70D", KeyScheme.U, "2468ACE013579BDF", "5E4D3C2B1A09F8E7"),
        new Seed("80D", KeyScheme.U, "7A6B5C4D3E2F1081", "9B8A7C6D5E4F3021"),
        new Seed("402", KeyScheme.U, "E0F1D2C3B4A59687", "4C5D6E7F8091A2B3"),
        new Seed("003", KeyScheme.U, "6D7C8B9AA9B8C7D6", "AB12CD34EF56A789"),
        new Seed("003", KeyScheme.Z, "6D7C8B9AA9B8C7D6"),
        new Seed("008", KeyScheme.U, "13579BDF2468ACE0", "C7152C20BC2C830E"),
        new Seed("109", KeyScheme.U, "0F1E2D3C4B5A6978", "8796A5B4C3D2E1F0"),
        new Seed("00A", KeyScheme.U, "8796A5B4C3D2E1F0", "1F2E3D4C5B6A7988"),
        new Seed("00A", KeyScheme.U, "5A5B5C5D5E5F6061", "6263646566676869"),
        new Seed("00B", KeyScheme.Z, "A1B2C3D4E5F60718"),
        new Seed("008", KeyScheme.Z, "3C4D5E6F708192A3"),
    };

    /** The PIN blocks each sequence writes: PIN, key (index into SEEDS), format and account (index or -1). */
    private static final int[][] PIN_BLOCKS = {{0, 4, 1, 0}, {1, 4, 3, -1}, {0, 5, 47, 1}, {1, 6, 5, -1},
        {0, 7, 1, 1}};

    private static final List<String> SEED_FIELDS = new ArrayList<>();
    private static final List<String> SEED_PIN_BLOCKS = new ArrayList<>();
    private static final Needles NEEDLES = new Needles();
    private static final Logger AUDIT = Logger.getLogger("dev.wasmhsm.audit");
    private static final Map<String, Generator> GENERATORS = generators();

    static {
        try {
            prepare();
        } catch (CryptoException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void everyHostFunctionHasAnArgumentGenerator() {
        var missing = new TreeSet<>(CryptoImports.all().keySet());
        missing.removeAll(GENERATORS.keySet());

        assertEquals(Set.of(), missing, "every function of CryptoImports.all() needs an argument generator here");
    }

    @Test
    void noSequenceOfHostCallsPutsAClearKeyOrPinIntoGuestMemory() {
        everyHostFunctionHasAnArgumentGenerator();
        // Thousands of sequences enter authorised activities; their audit lines would only slow the test down.
        var auditLevel = AUDIT.getLevel();
        AUDIT.setLevel(Level.WARNING);
        try {
            runSequences();
        } finally {
            AUDIT.setLevel(auditLevel);
        }
    }

    private static void runSequences() {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        int count = Integer.getInteger(COUNT_PROPERTY, DEFAULT_COUNT);
        var names = new ArrayList<>(new TreeSet<>(CryptoImports.all().keySet()));
        var master = new Random(seed);
        var stats = new TreeMap<String, int[]>();
        Sequence shortest = null;
        var failures = new ArrayList<String>();
        int failed = 0;
        long started = System.nanoTime();
        long startedCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        var one = Long.getLong(ONE_PROPERTY);
        if (one != null) {
            count = 1;
        }
        for (int i = 0; i < count; i++) {
            var sequence = new Sequence(i, one != null ? one : master.nextLong());
            sequence.run(names, stats);
            if (sequence.violation != null) {
                failed++;
                if (failures.size() < 20) {
                    var last = sequence.log.get(sequence.log.size() - 1);
                    failures.add("sequence " + i + " (seed " + sequence.seed + ", " + sequence.randomCalls
                            + " random calls): " + sequence.violation + ", by " + last);
                }
                if (shortest == null || sequence.randomCalls < shortest.randomCalls) {
                    shortest = sequence;
                }
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startedCpu) / 1_000_000;
        var summary = new StringBuilder("host call sequences: " + count + " (seed " + seed + ") in " + millis
                + " ms (" + cpuMillis + " ms of CPU), " + failed + " put a clear key or PIN into guest memory;"
                + " calls (non-negative results/all):");
        stats.forEach((name, counts) -> summary.append(' ').append(name).append(' ').append(counts[0]).append('/')
                .append(counts[1]));
        System.out.println(summary);
        failures.forEach(System.out::println);
        if (shortest != null) {
            var report = failed + " of " + count + " sequences put a clear key or PIN into guest memory; the"
                    + " shortest: " + shortest.report();
            System.out.println(report);
            fail(report);
        }
    }

    private static void prepare() throws CryptoException {
        var lmk = new LmkKeyCipher(LmkSet.testLmk());
        var random = RandomSource.secure();
        var clearKeys = new ArrayList<ClearKey>();
        try {
            for (var seed : SEEDS) {
                var key = seed.clearKey();
                clearKeys.add(key);
                SEED_FIELDS.add(lmk.encrypt(KeyType.parse(seed.type), seed.scheme, key).toString());
            }
            for (var block : PIN_BLOCKS) {
                var pin = Pin.ofAscii(PINS[block[0]].getBytes(StandardCharsets.US_ASCII));
                var account = block[3] < 0 ? null : ACCOUNTS[block[3]];
                var format = PinBlockFormat.of(block[2]);
                SEED_PIN_BLOCKS.add(Hex.toText(PinBlock.encrypt(clearKeys.get(block[1]), format, pin, account,
                        random)));
                pin.destroy();
            }
        } finally {
            clearKeys.forEach(ClearKey::destroy);
        }
        for (var text : PINS) {
            var pin = Pin.ofAscii(text.getBytes(StandardCharsets.US_ASCII));
            var ascii = text.getBytes(StandardCharsets.US_ASCII);
            NEEDLES.add(Needle.Kind.LONG, ascii, "the PIN " + text + " in ASCII");
            NEEDLES.add(Needle.Kind.EXACT, Hex.decode("0C" + text + "FF"), "the PIN field of " + text);
            NEEDLES.add(Needle.Kind.EXACT, PinBlock.encode(PinBlockFormat.IBM_3624, pin, null, random),
                    "the clear IBM 3624 PIN block of " + text);
            NEEDLES.add(Needle.Kind.PREFIX, PinBlock.encode(PinBlockFormat.ISO_1, pin, null, random),
                    "the clear ISO 1 PIN block of " + text);
            for (var account : ACCOUNTS) {
                NEEDLES.add(Needle.Kind.EXACT, PinBlock.encode(PinBlockFormat.ISO_0, pin, account, random),
                        "the clear ISO 0 PIN block of " + text + " for " + account);
                NEEDLES.add(Needle.Kind.PREFIX, PinBlock.encode(PinBlockFormat.ISO_3, pin, account, random),
                        "the clear ISO 3 PIN block of " + text + " for " + account);
            }
            pin.destroy();
        }
        NEEDLES.keepAll();
    }

    /**
     * The argument generators, one per host function: each picks arguments for one call, makes it and registers
     * what it wrote. A new host function needs one here, or everyHostFunctionHasAnArgumentGenerator fails; a
     * generator of a function the host does not offer is not used.
     */
    private static Map<String, Generator> generators() {
        var map = new HashMap<String, Generator>();
        map.put("hsm.key_from_lmk", s -> {
            var typed = s.pick(50) ? s.lmkFields.get(s.random.nextInt(s.lmkFields.size())) : null;
            int type = typed != null ? typed.type : s.typeIndex();
            var field = typed != null ? typed.field : s.field();
            int length = s.length(field);
            int result = s.call("key_from_lmk", "type " + s.typeName(type) + ", field " + s.show(field) + ", "
                    + length, s.typeAddress(type), field.address, length);
            s.addHandle(result, type < TYPES.length ? TYPES[type] : "?", keyLength(s, field));
        });
        map.put("hsm.key_from_kek", s -> {
            int kek = s.handle(KEKS);
            var field = s.field();
            int length = s.length(field);
            int atalla = s.atalla();
            int result = s.call("key_from_kek", "kek " + kek + ", field " + s.show(field) + ", " + length
                    + ", atalla " + atalla, kek, field.address, length, atalla);
            s.addHandle(result, UNTYPED, keyLength(s, field));
        });
        map.put("hsm.key_generate", s -> {
            int length = s.pick(85) ? 8 * (1 + s.random.nextInt(3)) : s.choose(0, 7, 32, -1);
            s.addHandle(s.call("key_generate", String.valueOf(length), length), UNTYPED, length);
        });
        map.put("hsm.key_to_lmk", s -> {
            int key = s.handle(FRESH);
            var hint = s.hint(key);
            int type = s.pick(40) && s.typeIndexOf(hint) >= 0 ? s.typeIndexOf(hint) : s.typeIndex();
            int scheme = s.scheme(s.lengthOf(key));
            int out = s.out(FIELD_CAPACITY);
            int cap = s.capacity(FIELD_CAPACITY);
            int result = s.call("key_to_lmk", "key " + key + ", type " + s.typeName(type) + ", scheme "
                    + scheme(scheme) + ", out @" + out + ", cap " + cap, key, s.typeAddress(type), scheme, out, cap);
            if (result > 0) {
                s.hexOutput(out, result);
                if (type < TYPES.length) {
                    s.lmkFields.add(new TypedField(new Region(out, result), type));
                }
                if (UNTYPED.equals(hint) && type < TYPES.length) {
                    s.hints.put(key, TYPES[type]);
                }
            }
        });
        map.put("hsm.lmk_select", s -> {
            var id = s.choose(LMK_IDS);
            s.call("lmk_select", "id " + id, s.put(id));
        });
        map.put("hsm.key_to_lmk_block", s -> {
            if (s.pick(60)) {
                // Most sequences would not have selected the key-block LMK yet.
                s.call("lmk_select", "id 01", s.put("01"));
            }
            if (s.pick(50)) {
                s.addHandle(s.call("key_generate", "16", 16), UNTYPED, 16);
            }
            int key = s.handle(s.pick(50) ? FRESH : ANY);
            var hint = s.hint(key);
            int type = s.pick(40) && s.typeIndexOf(hint) >= 0 ? s.typeIndexOf(hint) : s.typeIndex();
            boolean fromUsage = s.pick(60);
            var attributes = s.choose(ATTRIBUTES);
            int out = s.out(FIELD_CAPACITY);
            int cap = s.capacity(FIELD_CAPACITY);
            int typeAddress = fromUsage ? s.put("FFF") : s.typeAddress(type);
            int result = s.call("key_to_lmk_block", "key " + key + ", type " + (fromUsage ? "FFF" : s.typeName(type))
                    + ", attributes " + attributes + ", out @" + out + ", cap " + cap, key, typeAddress,
                    s.put(attributes), attributes.length(), out, cap);
            if (result > 0) {
                s.hexOutput(out, result);
                // Read back as FFF or as a type: the field's type index is one of TYPES, or FFF's.
                s.lmkFields.add(new TypedField(new Region(out, result), fromUsage ? s.typeIndexOf("FFF") : type));
            }
        });
        map.put("hsm.key_migrate", s -> {
            var typed = s.pick(70) ? s.lmkFields.get(s.random.nextInt(s.lmkFields.size())) : null;
            int type = typed != null ? typed.type : s.typeIndex();
            var field = typed != null ? typed.field : s.field();
            int length = s.length(field);
            var id = s.pick(85) ? "01" : s.choose(LMK_IDS);
            var attributes = s.pick(50) ? "" : s.choose(ATTRIBUTES);
            int out = s.out(FIELD_CAPACITY);
            int cap = s.capacity(FIELD_CAPACITY);
            int result = s.call("key_migrate", "type " + s.typeName(type) + ", field " + s.show(field) + ", " + length
                    + ", lmk " + id + ", attributes '" + attributes + "', out @" + out + ", cap " + cap,
                    s.typeAddress(type), field.address, length, s.put(id), s.put(attributes + " "), attributes.length(),
                    out, cap);
            if (result > 0) {
                s.hexOutput(out, result);
                s.lmkFields.add(new TypedField(new Region(out, result), type));
            }
        });
        map.put("hsm.key_from_tr31", s -> {
            var written = !s.tr31Blocks.isEmpty() && s.pick(70) ? s.tr31Blocks.get(s.random.nextInt(
                    s.tr31Blocks.size())) : null;
            int kek = written != null && s.pick(80) ? written[2] : s.handle(KEKS);
            var field = written != null ? new Region(written[0], written[1]) : s.field();
            int length = written != null ? field.length : s.length(field);
            int type = s.pick(60) ? s.typeIndexOf("FFF") : s.typeIndex();
            int result = s.call("key_from_tr31", "kek " + kek + ", block " + s.show(field) + ", " + length + ", type "
                    + s.typeName(type), kek, field.address, length, s.typeAddress(type));
            s.addHandle(result, UNTYPED, 16);
        });
        map.put("hsm.key_to_tr31", s -> {
            int key = s.handle(ANY);
            int kek = s.handle(KEKS);
            int version = s.pick(85) ? s.choose('B', 'C') : s.choose('D', 'A', '1', 0);
            int out = s.out(FIELD_CAPACITY);
            int cap = s.capacity(FIELD_CAPACITY);
            int result = s.call("key_to_tr31", "key " + key + ", kek " + kek + ", version " + scheme(version)
                    + ", out @" + out + ", cap " + cap, key, kek, version, out, cap);
            if (result > 0) {
                s.hexOutput(out, result);
                s.tr31Blocks.add(new int[] {out + 1, result - 1, kek});
            }
        });
        map.put("hsm.key_to_kek", s -> {
            int key = s.handle(ANY);
            int kek = s.handle(KEKS);
            int scheme = s.scheme(s.lengthOf(key));
            int atalla = s.atalla();
            int out = s.out(FIELD_CAPACITY);
            int cap = s.capacity(FIELD_CAPACITY);
            int result = s.call("key_to_kek", "key " + key + ", kek " + kek + ", scheme " + scheme(scheme)
                    + ", atalla " + atalla + ", out @" + out + ", cap " + cap, key, kek, scheme, atalla, out, cap);
            if (result > 0) {
                s.hexOutput(out, result);
            }
        });
        map.put("hsm.key_check_value", s -> {
            int key = s.handle(ANY);
            int digits = s.pick(85) ? s.choose(6, 16) : s.choose(0, 5, 17);
            int out = s.out(17);
            int result = s.call("key_check_value", "key " + key + ", out @" + out + ", " + digits, key, out,
                    digits);
            if (result == 16) {
                s.hexOutput(out, result);
            }
        });
        map.put("hsm.key_length", s -> {
            int key = s.handle(ANY);
            s.call("key_length", "key " + key, key);
        });
        map.put("hsm.key_parity_ok", s -> {
            int key = s.handle(ANY);
            s.call("key_parity_ok", "key " + key, key);
        });
        map.put("hsm.cvv", s -> {
            int cvk = s.handle(CVKS);
            int length = s.pick(90) ? PAN.length() : s.choose(11, 20);
            int out = s.out(3);
            int result = s.call("cvv", "cvk " + cvk + ", pan, " + length + ", expiry, service, out @" + out, cvk,
                    s.pan, length, s.expiry, s.service, out);
            if (result == 3) {
                s.cvvs.add(new Region(out, 3));
            }
        });
        map.put("hsm.cvv_verify", s -> {
            int cvk = s.handle(CVKS);
            int length = s.pick(90) ? PAN.length() : s.choose(11, 20);
            var cvv = s.cvvs.get(s.random.nextInt(s.cvvs.size()));
            s.call("cvv_verify", "cvk " + cvk + ", pan, " + length + ", expiry, service, cvv " + s.show(cvv), cvk,
                    s.pan, length, s.expiry, s.service, cvv.address);
        });
        map.put("hsm.pin_translate", s -> {
            var use = s.pinUse();
            int destination = s.handle(PIN_KEYS);
            int to = s.format();
            int out = s.out(16);
            int result = s.call("pin_translate", s.describe(use) + ", key " + destination + ", format " + to
                    + ", out @" + out, use.key, use.block.address, use.format, s.accounts[use.account], destination,
                    to, out);
            if (result > 0) {
                s.pinBlock(out, destination, to, use.account);
            }
        });
        map.put("hsm.pin_to_lmk", s -> {
            var use = s.pinUse();
            int out = s.out(16);
            int cap = s.capacity(16);
            int result = s.call("pin_to_lmk", s.describe(use) + ", out @" + out + ", cap " + cap, use.key,
                    use.block.address, use.format, s.accounts[use.account], out, cap);
            if (result > 0) {
                s.pinsUnderLmk.add(new Region(out, 16));
                s.hexOutput(out, 16);
            }
        });
        map.put("hsm.pin_from_lmk", s -> {
            var pin = s.pinUnderLmk();
            int length = s.pick(90) ? 16 : s.choose(15, 17);
            int key = s.handle(PIN_KEYS);
            int format = s.format();
            int account = s.accountIndex();
            int out = s.out(16);
            int result = s.call("pin_from_lmk", "pin " + s.show(pin) + ", " + length + ", key " + key + ", format "
                    + format + ", account " + ACCOUNTS[account] + ", out @" + out, pin.address, length, key, format,
                    s.accounts[account], out);
            if (result > 0) {
                s.pinBlock(out, key, format, account);
            }
        });
        map.put("hsm.pvv_from_block", s -> {
            int pvk = s.handle(PVKS);
            var use = s.pinUse();
            int pvki = s.pvki();
            int out = s.out(4);
            int result = s.call("pvv_from_block", "pvk " + pvk + ", " + s.describe(use) + ", pvki " + pvki
                    + ", out @" + out, pvk, use.key, use.block.address, use.format, s.accounts[use.account], pvki, out);
            if (result == 4) {
                s.pvvs.add(new Region(out, 4));
            }
        });
        map.put("hsm.pvv_verify", s -> {
            int pvk = s.handle(PVKS);
            var use = s.pinUse();
            int pvki = s.pvki();
            var pvv = s.pvvs.get(s.random.nextInt(s.pvvs.size()));
            s.call("pvv_verify", "pvk " + pvk + ", " + s.describe(use) + ", pvki " + pvki + ", pvv " + s.show(pvv),
                    pvk, use.key, use.block.address, use.format, s.accounts[use.account], pvki, pvv.address);
        });
        map.put("hsm.pvv_from_lmk", s -> {
            int pvk = s.handle(PVKS);
            var pin = s.pinUnderLmk();
            int length = s.pick(90) ? 16 : s.choose(15, 17);
            int account = s.accountIndex();
            int pvki = s.pvki();
            int out = s.out(4);
            int result = s.call("pvv_from_lmk", "pvk " + pvk + ", pin " + s.show(pin) + ", " + length
                    + ", account " + ACCOUNTS[account] + ", pvki " + pvki + ", out @" + out, pvk, pin.address, length,
                    s.accounts[account], pvki, out);
            if (result == 4) {
                s.pvvs.add(new Region(out, 4));
            }
        });
        map.put("hsm.crypt", s -> {
            int key = s.handle(DATA_KEYS);
            int encrypt = s.pick(90) ? s.random.nextInt(2) : s.choose(2, -1);
            int mode = s.pick(90) ? s.random.nextInt(2) : s.choose(2, -1);
            int iv = s.iv();
            var data = s.data();
            int length = s.pick(85) ? Math.max(8, data.length / 8 * 8) : s.choose(7, 0, data.length + 8);
            int out = s.out(Math.max(8, length));
            int result = s.call("crypt", "key " + key + ", encrypt " + encrypt + ", mode " + mode + ", iv @" + iv
                    + ", in " + s.show(data) + ", " + length + ", out @" + out, key, encrypt, mode, iv, data.address,
                    length, out);
            if (result > 0) {
                s.binaryOutput(out, result);
                if (iv != 0) {
                    s.binaries.add(new Region(iv, 8));
                }
            }
        });
        map.put("hsm.mac", s -> {
            int key = s.handle(MAC_KEYS);
            int algorithm = s.pick(90) ? s.choose(ALGORITHMS) : s.choose(0, 2);
            int padding = s.pick(90) ? s.random.nextInt(3) : 3;
            int iv = s.pick(60) ? 0 : s.iv();
            var data = s.data();
            int length = s.pick(85) ? data.length : s.choose(0, 7, data.length + 1);
            int out = s.out(8);
            int result = s.call("mac", "key " + key + ", algorithm " + algorithm + ", padding " + padding + ", iv @"
                    + iv + ", data " + s.show(data) + ", " + length + ", out @" + out, key, algorithm, padding, iv,
                    data.address, length, out);
            if (result > 0) {
                s.binaryOutput(out, result);
            }
        });
        map.put("hsm.mac_verify", s -> {
            int key = s.handle(MAC_KEYS);
            int algorithm = s.pick(90) ? s.choose(ALGORITHMS) : s.choose(0, 2);
            int padding = s.pick(90) ? s.random.nextInt(3) : 3;
            int iv = s.pick(60) ? 0 : s.iv();
            var data = s.data();
            int length = s.pick(85) ? data.length : s.choose(0, 7, data.length + 1);
            var mac = s.data();
            int macLength = s.pick(90) ? s.choose(4, 8) : s.choose(0, 5, 9);
            s.call("mac_verify", "key " + key + ", algorithm " + algorithm + ", padding " + padding + ", iv @" + iv
                    + ", data " + s.show(data) + ", " + length + ", mac " + s.show(mac) + ", " + macLength, key,
                    algorithm, padding, iv, data.address, length, mac.address, macLength);
        });
        map.put("hsm.emv_arqc_verify", s -> {
            int key = s.handle(EMV_KEYS);
            var data = s.data();
            int length = s.pick(85) ? data.length : s.choose(0, -1, PAGE);
            var arqc = s.data();
            s.call("emv_arqc_verify", "key " + key + ", data " + s.show(data) + ", " + length + ", arqc "
                    + s.show(arqc), key, data.address, length, arqc.address);
        });
        map.put("hsm.emv_card_key", s -> {
            int key = s.handle(EMV_MASTER_KEYS);
            var panPsn = s.pick(60) ? s.panPsn : s.data();
            int result = s.call("emv_card_key", "key " + key + ", pan and psn " + s.show(panPsn), key,
                    panPsn.address);
            s.addHandle(result, EMV_CARD, 16);
        });
        map.put("hsm.emv_session_key", s -> {
            int key = s.handle(EMV_CARD_KEYS);
            var atc = s.pick(70) ? s.atcs.get(s.random.nextInt(s.atcs.size())) : s.data();
            int result = s.call("emv_session_key", "key " + key + ", atc " + s.show(atc), key, atc.address);
            s.addHandle(result, EMV_SESSION, 16);
        });
        map.put("hsm.emv_arpc", s -> {
            int key = s.handle(EMV_KEYS);
            var arqc = s.data();
            var arc = s.pick(80) ? s.arc : s.data();
            int out = s.out(8);
            int result = s.call("emv_arpc", "key " + key + ", arqc " + s.show(arqc) + ", arc " + s.show(arc)
                    + ", out @" + out, key, arqc.address, arc.address, out);
            if (result > 0) {
                s.binaryOutput(out, result);
            }
        });
        map.put("hsm.random", s -> {
            int length = s.pick(85) ? 8 * (1 + s.random.nextInt(3)) : s.choose(0, -1, PAGE);
            int out = s.out(Math.max(8, Math.min(length, 24)));
            int result = s.call("random", "out @" + out + ", " + length, out, length);
            if (result > 0) {
                s.binaryOutput(out, result);
            }
        });

        return Map.copyOf(map);
    }

    /** Opens a guest of a security profile, with every authorised activity entered or none. */
    private static Guest openGuest(String profile, boolean authorised) {
        var properties = new Properties();
        properties.setProperty(SecurityProfile.PROFILE, profile);
        var securityProfile = SecurityProfile.from(properties);
        // The variant test LMK in slot 00 and the AES test key-block LMK in 01, for lmk_select to switch between.
        var guest = new Guest(new CryptoContext(LmkSet.testLmk(), RandomSource.secure(), securityProfile,
                new AuthorisedState(securityProfile.dualControl(), Set.of("officer-1", "officer-2"),
                Clock.systemUTC()), KeyBlockLmks.of(List.of(KeyBlockLmk.aesTest("01")), "00", "00")));
        if (authorised) {
            guest.authorise(ACTIVITIES.clone());
        }

        return guest;
    }

    /** The key length a field stands for, by its scheme letter or hex length, for the choice of later schemes. */
    private static int keyLength(Sequence s, Region field) {
        if (field.length < 1) {
            return 16;
        }
        int first = s.guest.bytes(field.address, 1)[0];

        return switch (first) {
            case 'U', 'X' -> 16;
            case 'T', 'Y' -> 24;
            case 'Z' -> 8;
            default -> Math.max(8, Math.min(24, field.length / 2 / 8 * 8));
        };
    }

    private static String scheme(int scheme) {
        return scheme > ' ' && scheme < 127 ? "'" + (char) scheme + "'" : String.valueOf(scheme);
    }

    private static long toLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }

        return value;
    }

    /** One host function's argument generator. */
    @FunctionalInterface
    private interface Generator {
        void call(Sequence sequence);
    }

    /** A key loaded from the LMK at the start of each sequence: type, scheme and its 8-byte parts in hex. */
    private record Seed(String type, KeyScheme scheme, String... parts) {
        ClearKey clearKey() throws CryptoException {
            var bytes = Hex.decode(String.join("", parts));
            var key = ClearKey.of(bytes);
            Arrays.fill(bytes, (byte) 0);
            try {
                return key.withOddParity();
            } finally {
                key.destroy();
            }
        }
    }

    /** A stretch of guest memory the test wrote or handed out. */
    private record Region(int address, int length) {
    }

    /** A key field under the LMK, with the type it was written under (an index into TYPES). */
    private record TypedField(Region field, int type) {
    }

    /** The PIN arguments of a call: a key handle, a PIN block, its format and account (an index into ACCOUNTS). */
    private record PinUse(int key, Region block, int format, int account) {
    }

    /** What the scan looks for: 8 bytes, and for LONG needles the bytes that follow them. */
    private record Needle(Kind kind, long value, byte[] tail, String label) {
        /** How a window of guest memory matches. */
        enum Kind {
            /** A part of a clear key: 8 bytes, parity bits ignored. */
            KEY_PART,
            /** A clear PIN block or PIN field: 8 bytes exactly. */
            EXACT,
            /** A clear PIN block with a random last byte: the first 7 bytes. */
            PREFIX,
            /** Text of 8 bytes or more: hex of a key part, a PIN in ASCII. */
            LONG
        }

        boolean matches(long window, byte[] memory, int offset, int end) {
            return switch (kind) {
                case KEY_PART -> (window & PARITY_MASK) == (value & PARITY_MASK);
                case EXACT -> window == value;
                case PREFIX -> (window & PREFIX_MASK) == (value & PREFIX_MASK);
                case LONG -> window == value && offset + 8 + tail.length <= end
                        && Arrays.equals(memory, offset + 8, offset + 8 + tail.length, tail, 0, tail.length);
            };
        }
    }

    /**
     * What a scan looks for, with two Bloom filters of 2^20 bits: one over the exact 8 bytes (PIN fields and blocks,
     * text), one over the bits the other kinds compare (key parts without their parity bits, PIN blocks without their
     * random last byte), so that a window of memory costs two multiplications and bit tests unless it may match.
     * The PIN needles stay for the whole test; the key needles are added as keys appear and wiped at the end of a
     * sequence.
     */
    private static final class Needles {
        private static final int BITS = 20;

        private final long[] exactBloom = new long[1 << (BITS - 6)];
        private final long[] maskedBloom = new long[1 << (BITS - 6)];
        private final List<Needle> exact = new ArrayList<>();
        private final List<Needle> masked = new ArrayList<>();
        private int permanentExact;
        private int permanentMasked;

        /** Makes the needles added so far stay through {@link #clearKeys()}. */
        void keepAll() {
            permanentExact = exact.size();
            permanentMasked = masked.size();
        }

        void add(Needle.Kind kind, byte[] bytes, String label) {
            var tail = kind == Needle.Kind.LONG ? Arrays.copyOfRange(bytes, 8, bytes.length) : new byte[0];
            var needle = new Needle(kind, toLong(bytes, 0), tail, label);
            if (isExact(kind)) {
                exact.add(needle);
                set(exactBloom, bit(needle.value));
            } else {
                masked.add(needle);
                set(maskedBloom, bit(needle.value & BLOOM_MASK));
            }
        }

        /** Removes and wipes the needles added since {@link #keepAll()}. */
        void clearKeys() {
            clear(exact, permanentExact, exactBloom, false);
            clear(masked, permanentMasked, maskedBloom, true);
        }

        /** Returns the needle a window of memory at offset matches, or null. */
        Needle find(long window, byte[] memory, int offset, int end) {
            if (isSet(exactBloom, bit(window))) {
                for (var needle : exact) {
                    if (needle.matches(window, memory, offset, end)) {
                        return needle;
                    }
                }
            }
            if (isSet(maskedBloom, bit(window & BLOOM_MASK))) {
                for (var needle : masked) {
                    if (needle.matches(window, memory, offset, end)) {
                        return needle;
                    }
                }
            }

            return null;
        }

        private static void clear(List<Needle> needles, int permanent, long[] bloom, boolean isMasked) {
            for (int i = needles.size() - 1; i >= permanent; i--) {
                var needle = needles.remove(i);
                bloom[bit(isMasked ? needle.value & BLOOM_MASK : needle.value) >>> 6] = 0;
                Arrays.fill(needle.tail, (byte) 0);
            }
            for (var needle : needles) {
                set(bloom, bit(isMasked ? needle.value & BLOOM_MASK : needle.value));
            }
        }

        private static boolean isExact(Needle.Kind kind) {
            return kind == Needle.Kind.EXACT || kind == Needle.Kind.LONG;
        }

        private static void set(long[] bloom, int bit) {
            bloom[bit >>> 6] |= 1L << bit;
        }

        private static boolean isSet(long[] bloom, int bit) {
            return (bloom[bit >>> 6] & 1L << bit) != 0;
        }

        private static int bit(long value) {
            return (int) ((value * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
        }
    }

    /** One random sequence in its own guest: the state the generators draw on, and the log of its calls. */
    private static final class Sequence {
        private final int index;
        private final long seed;
        private final Random random;
        private final List<String> log = new ArrayList<>();
        private final List<Integer> handles = new ArrayList<>();
        private final Map<Integer, String> hints = new HashMap<>();
        private final Map<Integer, Integer> lengths = new HashMap<>();
        private final List<Region> fields = new ArrayList<>();
        private final List<Region> binaries = new ArrayList<>();
        private final List<Region> pinBlocks = new ArrayList<>();
        private final List<Region> pinsUnderLmk = new ArrayList<>();
        private final List<Region> atcs = new ArrayList<>();
        private final List<Region> cvvs = new ArrayList<>();
        /** TR-31 blocks the host wrote (without their R), each with the KEK it wrote them under. */
        private final List<int[]> tr31Blocks = new ArrayList<>();
        private final List<Region> pvvs = new ArrayList<>();
        private final List<TypedField> lmkFields = new ArrayList<>();
        private final List<PinUse> pinUses = new ArrayList<>();
        private final int[] seedHandles = new int[SEEDS.length];
        private final int[] typeAddresses = new int[TYPES.length + BAD_TYPES.length];
        private final int[] accounts = new int[ACCOUNTS.length];
        private Guest guest;
        private int end;
        private int pan;
        private int expiry;
        private int service;
        private Region panPsn;
        private Region arc;
        private String setting;
        private boolean settingUp;
        private int randomCalls;
        private int lastResult;
        private int keysWatched;
        private int at;
        private String violation;

        Sequence(int index, long seed) {
            this.index = index;
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run(List<String> names, Map<String, int[]> stats) {
            var profile = PROFILES[random.nextInt(PROFILES.length)];
            boolean authorised = random.nextBoolean();
            try (var opened = openGuest(profile, authorised)) {
                setting = "profile " + profile + (authorised ? ", every authorised activity entered"
                        : ", not authorised");
                guest = opened;
                setUp();
                int calls = 1 + random.nextInt(MAX_CALLS);
                for (int i = 0; i < calls && violation == null; i++) {
                    var name = names.get(random.nextInt(names.size()));
                    randomCalls++;
                    GENERATORS.get(name).call(this);
                    var counts = stats.computeIfAbsent(name, n -> new int[2]);
                    counts[1]++;
                    if (lastResult >= 0) {
                        counts[0]++;
                    }
                }
                if (violation == null) {
                    scan(Math.min(PAGE, end + 64), "in the whole page at the end of the sequence", true);
                }
            } finally {
                NEEDLES.clearKeys();
            }
        }

        String report() {
            var text = new StringBuilder("sequence " + index + " (its seed " + seed + ", " + setting + ", "
                    + randomCalls + " random calls after the set-up): " + violation + "; calls:");
            for (int i = 0; i < log.size(); i++) {
                text.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(log.get(i));
            }

            return text.toString();
        }

        /**
         * Writes the fixed inputs, loads the seed keys, writes the seed PIN blocks and PINs under the LMK, then scans
         * once: memory only grows during the set-up and every key stays, so one scan at its end sees all that a scan
         * after each of its calls would.
         */
        private void setUp() {
            settingUp = true;
            for (int i = 0; i < TYPES.length; i++) {
                typeAddresses[i] = put(TYPES[i]);
            }
            for (int i = 0; i < BAD_TYPES.length; i++) {
                typeAddresses[TYPES.length + i] = put(BAD_TYPES[i] + "0");
            }
            for (int i = 0; i < ACCOUNTS.length; i++) {
                accounts[i] = put(ACCOUNTS[i]);
            }
            pan = put(PAN);
            expiry = put("8701");
            service = put("101");
            panPsn = region(parseHex(PAN_PSN));
            var inverted = parseHex(PAN_PSN);
            for (int i = 0; i < inverted.length; i++) {
                inverted[i] = (byte) ~inverted[i];
            }
            binaries.add(panPsn);
            binaries.add(region(inverted));
            arc = region(new byte[] {0x30, 0x30});
            cvvs.add(region("123".getBytes(StandardCharsets.US_ASCII)));
            pvvs.add(region("1234".getBytes(StandardCharsets.US_ASCII)));
            for (var atc : ATCS) {
                atcs.add(region(atc));
                for (int half = 0; half < 2; half++) {
                    var block = new byte[8];
                    block[0] = atc[0];
                    block[1] = atc[1];
                    block[2] = (byte) (half == 0 ? 0xF0 : 0x0F);
                    binaries.add(region(block));
                }
            }
            binaries.add(region(randomBytes(16)));
            binaries.add(region(randomBytes(24)));
            for (int i = 0; i < SEEDS.length && violation == null; i++) {
                var field = put(SEED_FIELDS.get(i));
                var region = new Region(field, SEED_FIELDS.get(i).length());
                int type = typeIndexOf(SEEDS[i].type);
                int result = call("key_from_lmk", "type " + SEEDS[i].type + ", field " + show(region) + ", "
                        + region.length + " (set-up)", typeAddresses[type], field, region.length);
                addHandle(result, SEEDS[i].type, 8 * SEEDS[i].parts.length);
                seedHandles[i] = result;
                hexOutput(field, region.length);
                lmkFields.add(new TypedField(region, type));
            }
            for (int i = 0; i < SEED_PIN_BLOCKS.size(); i++) {
                var spec = PIN_BLOCKS[i];
                pinBlock(put(SEED_PIN_BLOCKS.get(i)), seedHandles[spec[1]], spec[2], Math.max(0, spec[3]));
            }
            for (int i = 0; i < SEED_PIN_BLOCKS.size() && violation == null; i++) {
                var use = pinUses.get(i);
                int out = buffer(16);
                int result = call("pin_to_lmk", describe(use) + ", out @" + out + ", cap 16 (set-up)", use.key,
                        use.block.address, use.format, accounts[use.account], out, 16);
                if (result > 0) {
                    pinsUnderLmk.add(new Region(out, 16));
                    hexOutput(out, 16);
                }
            }
            settingUp = false;
            scan(Math.min(PAGE, end + 32), "after the set-up", false);
        }

        /** Calls a host function, logs it, and scans the memory used so far. */
        int call(String name, String arguments, long... args) {
            int result = guest.call(name, args);
            lastResult = result;
            log.add(name + "(" + arguments + ") = " + result);
            if (violation == null && !settingUp) {
                scan(Math.min(PAGE, end + 32), "after call " + log.size(), false);
            }

            return result;
        }

        /**
         * Scans guest memory up to limit for the needles (the known PINs, and the parts of the keys the call holds
         * now). With wholePage, the rest of the page too: when it is all zeros, as it is unless something wrote past
         * the buffers the test handed out, checking one zero window stands for all of its windows.
         */
        private void scan(int limit, String when, boolean wholePage) {
            var entries = guest.keys().entries();
            for (int i = keysWatched; i < entries.size(); i++) {
                var bytes = entries.get(i).key().bytes();
                try {
                    for (int part = 0; part + 8 <= bytes.length; part += 8) {
                        var slice = Arrays.copyOfRange(bytes, part, part + 8);
                        var zero = (toLong(slice, 0) & PARITY_MASK) == 0 ? ", all zeros but for parity" : "";
                        var label = "8 bytes (part " + part / 8 + ") of the clear key of handle " + (i + 1)
                                + " (" + hints.getOrDefault(i + 1, "new in call " + log.size()) + zero + ")";
                        NEEDLES.add(Needle.Kind.KEY_PART, slice, label);
                        var upper = Hex.encode(slice);
                        var lower = new String(upper, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT)
                                .getBytes(StandardCharsets.US_ASCII);
                        NEEDLES.add(Needle.Kind.LONG, upper, label + " in hex");
                        NEEDLES.add(Needle.Kind.LONG, lower, label + " in lower-case hex");
                        Arrays.fill(slice, (byte) 0);
                        Arrays.fill(upper, (byte) 0);
                        Arrays.fill(lower, (byte) 0);
                    }
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
            keysWatched = entries.size();
            var memory = guest.bytes(0, wholePage ? PAGE : limit);
            try {
                int scanned = limit;
                if (wholePage && !Arrays.equals(memory, limit - 8, PAGE, ZEROS, 0, PAGE - limit + 8)) {
                    scanned = PAGE;
                }
                var found = scanWindows(memory, scanned);
                if (found == null && wholePage) {
                    found = NEEDLES.find(0, memory, limit - 8, PAGE);
                }
                if (found != null) {
                    violation = found.label + " is in guest memory at " + at + ", " + when;
                }
            } finally {
                Arrays.fill(memory, (byte) 0);
            }
        }

        /** Returns the first needle found in a window of memory[0, limit), setting {@link #at}, or null. */
        private Needle scanWindows(byte[] memory, int limit) {
            long window = 0;
            for (int offset = 0; offset < 7; offset++) {
                window = window << 8 | memory[offset] & 0xFF;
            }
            for (int offset = 7; offset < limit; offset++) {
                window = window << 8 | memory[offset] & 0xFF;
                var found = NEEDLES.find(window, memory, offset - 7, limit);
                if (found != null) {
                    at = offset - 7;

                    return found;
                }
            }
            at = limit - 8;

            return null;
        }

        void addHandle(int result, String hint, int length) {
            if (result > 0) {
                handles.add(result);
                hints.put(result, hint);
                lengths.put(result, length);
            }
        }

        /** Registers hex text the host wrote: as a field, its 16H parts and bare hex, and hex-decoded as data. */
        void hexOutput(int address, int length) {
            var text = guest.text(address, length);
            fields.add(new Region(address, length));
            int start = length % 16 == 1 ? 1 : 0;
            if (start == 1) {
                fields.add(new Region(address + 1, length - 1));
            }
            if (length - start > 16) {
                for (int offset = start; offset + 16 <= length; offset += 16) {
                    fields.add(new Region(address + offset, 16));
                }
            }
            try {
                binaries.add(region(Hex.decode(text.substring(start))));
            } catch (CryptoException e) {
                // Not hex after all (the host wrote something else): it stays a field only.
            }
        }

        /** Registers binary data the host wrote: as data, and hex-encoded as a field of its length. */
        void binaryOutput(int address, int length) {
            binaries.add(new Region(address, length));
            if (length == 8 || length == 16 || length == 24) {
                var hex = new String(Hex.encode(guest.bytes(address, length)), StandardCharsets.US_ASCII);
                var text = length == 8 ? hex : (length == 16 ? "X" : "Y") + hex;
                int field = put(text);
                fields.add(new Region(field, text.length()));
                if (length > 8) {
                    fields.add(new Region(field + 1, text.length() - 1));
                }
            }
        }

        boolean pick(int percent) {
            return random.nextInt(100) < percent;
        }

        int choose(int... values) {
            return values[random.nextInt(values.length)];
        }

        String choose(String... values) {
            return values[random.nextInt(values.length)];
        }

        /** A handle: mostly one held (the latest, or one of a preferred role), sometimes none. */
        int handle(Set<String> preferred) {
            int roll = random.nextInt(100);
            if (handles.isEmpty() || roll < 8) {
                return choose(0, -1, handles.size() + 1, 300, Integer.MAX_VALUE);
            }
            if (roll < 30) {
                return handles.get(handles.size() - 1);
            }
            if (roll < 75 && !preferred.isEmpty()) {
                var candidates = handles.stream().filter(h -> preferred.contains(hints.get(h))).toList();
                if (!candidates.isEmpty()) {
                    return candidates.get(random.nextInt(candidates.size()));
                }
            }

            return handles.get(random.nextInt(handles.size()));
        }

        String hint(int handle) {
            return hints.getOrDefault(handle, "?");
        }

        int lengthOf(int handle) {
            return lengths.getOrDefault(handle, 16);
        }

        int typeIndex() {
            return pick(90) ? random.nextInt(TYPES.length) : TYPES.length + random.nextInt(BAD_TYPES.length);
        }

        int typeIndexOf(String type) {
            for (int i = 0; i < TYPES.length; i++) {
                if (TYPES[i].equals(type)) {
                    return i;
                }
            }

            return -1;
        }

        int typeAddress(int index) {
            return typeAddresses[index];
        }

        String typeName(int index) {
            return index < TYPES.length ? TYPES[index] : "'" + BAD_TYPES[index - TYPES.length] + "0'";
        }

        /** A scheme: mostly one that fits the key's length, sometimes any, rarely none. */
        int scheme(int keyLength) {
            int roll = random.nextInt(100);
            if (roll < 65) {
                return switch (keyLength) {
                    case 8 -> 'Z';
                    case 24 -> choose('T', 'Y');
                    default -> choose('U', 'X');
                };
            }

            return roll < 95 ? choose(SCHEMES) : choose(BAD_SCHEMES);
        }

        int atalla() {
            return pick(85) ? 0 : choose(1, 2, 31, 32, -1);
        }

        int format() {
            return pick(90) ? choose(FORMATS) : choose(BAD_FORMATS);
        }

        int accountIndex() {
            return random.nextInt(accounts.length);
        }

        int pvki() {
            return pick(90) ? random.nextInt(10) : choose(10, -1);
        }

        /** A field: mostly the latest or any hex text the test holds, sometimes garbage. */
        Region field() {
            int roll = random.nextInt(100);
            if (roll < 35) {
                return fields.get(fields.size() - 1);
            }
            if (roll < 90) {
                return fields.get(random.nextInt(fields.size()));
            }
            if (roll < 95) {
                return binaries.get(random.nextInt(binaries.size()));
            }
            var text = new StringBuilder(choose(SCHEMES) == 'Z' ? "" : "U");
            for (int i = 0; i < 32; i++) {
                text.append(Character.forDigit(random.nextInt(16), 16));
            }

            return new Region(put(text.toString()), text.length());
        }

        int length(Region region) {
            return pick(90) ? region.length : choose(0, region.length - 1, region.length + 1);
        }

        /** Registers a PIN block the host wrote, with the key, format and account it is under. */
        void pinBlock(int address, int key, int format, int account) {
            var block = new Region(address, 16);
            pinBlocks.add(block);
            pinUses.add(new PinUse(key, block, format, account));
            hexOutput(address, 16);
        }

        /**
         * A PIN key, a PIN block, its format and account: mostly a block with the key, format and account it was
         * made under (the latest, or any), else each drawn on its own (a block, or any hex text).
         */
        PinUse pinUse() {
            int roll = random.nextInt(100);
            if (roll < 25) {
                return pinUses.get(pinUses.size() - 1);
            }
            if (roll < 60) {
                return pinUses.get(random.nextInt(pinUses.size()));
            }
            var block = pick(70) ? pinBlocks.get(random.nextInt(pinBlocks.size())) : field();

            return new PinUse(handle(PIN_KEYS), block, format(), accountIndex());
        }

        /** A PIN under the LMK: mostly one the host wrote, else any hex text. */
        Region pinUnderLmk() {
            return !pinsUnderLmk.isEmpty() && pick(70) ? pinsUnderLmk.get(random.nextInt(pinsUnderLmk.size()))
                    : field();
        }

        /** Data: mostly the latest or any binary the test holds, sometimes text. */
        Region data() {
            int roll = random.nextInt(100);
            if (roll < 35) {
                return binaries.get(binaries.size() - 1);
            }
            var pool = roll < 90 ? binaries : fields;

            return pool.get(random.nextInt(pool.size()));
        }

        /** An IV: mostly 8 fresh random bytes, sometimes data the test holds, sometimes the null pointer. */
        int iv() {
            int roll = random.nextInt(100);
            if (roll < 80) {
                return put(randomBytes(8));
            }

            return roll < 90 ? 0 : put(guest.bytes(data().address, 8));
        }

        /** An output buffer: mostly fresh, rarely outside memory. */
        int out(int capacity) {
            return pick(95) ? buffer(capacity) : choose(PAGE - 4, -1, PAGE);
        }

        int capacity(int needed) {
            int roll = random.nextInt(100);

            return roll < 85 ? needed : roll < 95 ? needed - 1 : 0;
        }

        String describe(PinUse use) {
            return "key " + use.key + ", block " + show(use.block) + ", format " + use.format + ", account "
                    + ACCOUNTS[use.account];
        }

        String show(Region region) {
            if (region.address < 0 || region.length <= 0 || region.address + region.length > PAGE) {
                return "@" + region.address;
            }
            var bytes = guest.bytes(region.address, Math.min(region.length, 49));
            boolean text = true;
            for (var b : bytes) {
                text &= b >= 0x20 && b < 0x7F;
            }
            var shown = text ? "'" + new String(bytes, StandardCharsets.ISO_8859_1) + "'"
                    : "x" + Hex.toText(bytes);

            return "@" + region.address + " " + shown;
        }

        private Region region(byte[] bytes) {
            return new Region(put(bytes), bytes.length);
        }

        private int put(String text) {
            return put(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        private int put(byte[] bytes) {
            int address = guest.put(bytes);
            end = Math.max(end, address + bytes.length + 8);

            return address;
        }

        private int buffer(int length) {
            int address = guest.buffer(length);
            end = Math.max(end, address + length + 8);

            return address;
        }

        private byte[] randomBytes(int length) {
            var bytes = new byte[length];
            random.nextBytes(bytes);

            return bytes;
        }

        private static byte[] parseHex(String hex) {
            try {
                return Hex.decode(hex);
            } catch (CryptoException e) {
                throw new IllegalArgumentException("not hex: " + hex, e);
            }
        }
    }
}
