package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which key blocks may serve as a key of each role: the key usages of the block's header (TR-31 codes, and the
 * Thales numeric codes for the types TR-31 lacks), and the modes of use each operation needs. The host checks a
 * block's header with {@link #require} before any operation with the key, so a {@code P0} key is never a data key
 * nor a {@code V} (verify only) key a generating one, whatever a plugin asks; and it writes the block of a new key
 * of a role with {@link #defaultHeader}.
 */
public final class KeyBlockUsage {
    /** Usage codes by role, the one the product writes first. */
    private static final Map<VariantKeyType, Set<String>> USAGES = usages();
    private static final Map<VariantKeyType, String> WRITTEN = written();
    private static final Map<String, VariantKeyType> ROLE_OF_USAGE = Map.ofEntries(
            Map.entry("52", VariantKeyType.ZMK), Map.entry("K0", VariantKeyType.ZMK),
            Map.entry("51", VariantKeyType.TMK), Map.entry("72", VariantKeyType.ZPK),
            Map.entry("P0", VariantKeyType.ZPK), Map.entry("71", VariantKeyType.TPK),
            Map.entry("V1", VariantKeyType.PVK), Map.entry("V2", VariantKeyType.PVK),
            Map.entry("C0", VariantKeyType.CVK), Map.entry("M0", VariantKeyType.ZAK),
            Map.entry("M1", VariantKeyType.ZAK), Map.entry("M3", VariantKeyType.ZAK),
            Map.entry("B0", VariantKeyType.BDK), Map.entry("E0", VariantKeyType.MK_AC),
            Map.entry("E1", VariantKeyType.MK_SMC), Map.entry("E2", VariantKeyType.MK_SMI),
            Map.entry("E3", VariantKeyType.MK_DAC), Map.entry("E4", VariantKeyType.MK_DN),
            Map.entry("E6", VariantKeyType.MK_CVC3), Map.entry("22", VariantKeyType.ZEK),
            Map.entry("D0", VariantKeyType.ZEK), Map.entry("21", VariantKeyType.DEK));

    private KeyBlockUsage() {
    }

    /** What an operation does with a key, and the modes of use that allow it. */
    public enum Operation {
        /** Encrypts (or wraps, for a KEK). */
        ENCRYPT("BEN"),
        /** Decrypts (or unwraps). */
        DECRYPT("BDN"),
        /** Generates a MAC, a CVV, a PVV or an offset. */
        GENERATE("CGN"),
        /** Verifies a MAC, a CVV, a PVV or an offset. */
        VERIFY("CVN"),
        /** Derives other keys (DUKPT, EMV session keys). */
        DERIVE("XN");

        private final String modes;

        Operation(String modes) {
            this.modes = modes;
        }

        /** @return the modes of use that allow it. */
        public String modes() {
            return modes;
        }
    }

    /**
     * Refuses a block that cannot serve as the key a command field asks for.
     *
     * @param header the block's header, verified.
     * @param role the role the command's field names.
     * @param operation what the command does with the key.
     * @throws CryptoException with A6 when the usage is not the role's, A8 when the mode of use forbids the
     *     operation.
     */
    public static void require(KeyBlockHeader header, VariantKeyType role, Operation operation)
            throws CryptoException {
        var allowed = USAGES.get(role);
        if (allowed == null || !allowed.contains(header.usage())) {
            throw new CryptoException(ErrorCode.INVALID_KEY_USAGE, "a key of usage " + header.usage() + " is not a "
                    + role.description());
        }
        requireMode(header, operation);
    }

    /**
     * Refuses an operation the block's mode of use does not allow.
     *
     * @param header the block's header, verified.
     * @param operation what the command does with the key.
     * @throws CryptoException with A8 when the mode of use forbids it.
     */
    public static void requireMode(KeyBlockHeader header, Operation operation) throws CryptoException {
        if (operation.modes().indexOf(header.modeOfUse()) < 0) {
            throw new CryptoException(ErrorCode.INVALID_MODE_OF_USE, "mode of use " + header.modeOfUse()
                    + " does not allow " + operation.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Tells whether a mode of use allows no operation that another does not: {@code E} is narrower than {@code B},
     * {@code B} than {@code N}.
     *
     * @param mode the mode asked for.
     * @param than the mode it may not be wider than.
     * @return whether every operation the first allows the second allows too.
     */
    public static boolean narrower(char mode, char than) {
        for (var operation : Operation.values()) {
            if (operation.modes().indexOf(mode) >= 0 && operation.modes().indexOf(than) < 0) {
                return false;
            }
        }

        return true;
    }

    /**
     * Returns the role a block's usage gives its key when the command names no key type ({@code FFF}): the
     * Thales numeric codes name theirs, and a TR-31 code its zone role ({@code P0} a ZPK, {@code K0} a ZMK,
     * {@code M0} to {@code M3} a ZAK, {@code D0} a ZEK).
     *
     * @param usage the block's key usage.
     * @return the role, or null for a usage no role has.
     */
    public static VariantKeyType roleOf(String usage) {
        return ROLE_OF_USAGE.get(usage);
    }

    /**
     * Returns the header a new key of a role gets when the command asks for no attributes: its usage, algorithm
     * {@code T} (3DES, the variant keys' algorithm), no mode restriction ({@code N}), key version {@code 00},
     * exportable under a trusted key ({@code E}), no optional blocks.
     *
     * @param role the role.
     * @param version the block version of the LMK or KEK it goes under.
     * @param lmkId the LMK identifier, or {@code 00} under a KEK.
     * @return the header.
     */
    public static KeyBlockHeader defaultHeader(VariantKeyType role, char version, String lmkId) {
        return new KeyBlockHeader(version, WRITTEN.get(role), 'T', 'N', "00", 'E', lmkId, List.of());
    }

    private static Map<VariantKeyType, Set<String>> usages() {
        var map = new EnumMap<VariantKeyType, Set<String>>(VariantKeyType.class);
        map.put(VariantKeyType.ZMK, Set.of("52", "K0"));
        map.put(VariantKeyType.TMK, Set.of("51", "K0"));
        map.put(VariantKeyType.TMK_SEPARATED, Set.of("51", "K0"));
        map.put(VariantKeyType.ZPK, Set.of("72", "P0"));
        map.put(VariantKeyType.TPK, Set.of("71", "P0"));
        map.put(VariantKeyType.TPK_SEPARATED, Set.of("71", "P0"));
        map.put(VariantKeyType.PVK, Set.of("V1", "V2"));
        map.put(VariantKeyType.CVK, Set.of("C0"));
        map.put(VariantKeyType.TAK, Set.of("M0", "M1", "M3"));
        map.put(VariantKeyType.ZAK, Set.of("M0", "M1", "M3"));
        map.put(VariantKeyType.BDK, Set.of("B0"));
        map.put(VariantKeyType.BDK_2, Set.of("B0"));
        map.put(VariantKeyType.MK_AC, Set.of("E0"));
        map.put(VariantKeyType.MK_SMC, Set.of("E1"));
        map.put(VariantKeyType.MK_SMI, Set.of("E2"));
        map.put(VariantKeyType.MK_DAC, Set.of("E3"));
        map.put(VariantKeyType.MK_DN, Set.of("E4"));
        map.put(VariantKeyType.MK_CVC3, Set.of("E6"));
        map.put(VariantKeyType.ZEK, Set.of("22", "D0"));
        map.put(VariantKeyType.DEK, Set.of("21", "D0"));

        return map;
    }

    private static Map<VariantKeyType, String> written() {
        var map = new EnumMap<VariantKeyType, String>(VariantKeyType.class);
        for (var role : VariantKeyType.values()) {
            var codes = USAGES.get(role);
            // The Thales numeric code where there is one (a payShield writes it), else the TR-31 code.
            map.put(role, codes.stream().filter(code -> Character.isDigit(code.charAt(0))).findFirst()
                    .orElseGet(() -> codes.stream().sorted().findFirst().orElseThrow()));
        }

        return map;
    }
}
