package dev.wasmhsm.engine.host;

import static dev.wasmhsm.crypto.VariantKeyType.CVK;
import static dev.wasmhsm.crypto.VariantKeyType.DEK;
import static dev.wasmhsm.crypto.VariantKeyType.MK_AC;
import static dev.wasmhsm.crypto.VariantKeyType.PVK;
import static dev.wasmhsm.crypto.VariantKeyType.TAK;
import static dev.wasmhsm.crypto.VariantKeyType.TMK_SEPARATED;
import static dev.wasmhsm.crypto.VariantKeyType.TPK_SEPARATED;
import static dev.wasmhsm.crypto.VariantKeyType.ZAK;
import static dev.wasmhsm.crypto.VariantKeyType.ZEK;
import static dev.wasmhsm.crypto.VariantKeyType.ZMK;
import static dev.wasmhsm.crypto.VariantKeyType.ZPK;

import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.VariantKeyType;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of what each key type may do: the roles a host function accepts a key in. A type that is not in
 * the table (BDKs, for example) has no role: it may be stored under the LMK and nothing else.
 *
 * <table>
 * <caption>Roles by key type</caption>
 * <tr><th>Type</th><th>Roles</th></tr>
 * <tr><td>000 ZMK</td><td>KEK</td></tr>
 * <tr><td>80D TMK</td><td>KEK</td></tr>
 * <tr><td>001 ZPK, 70D TPK</td><td>PIN key</td></tr>
 * <tr><td>002</td><td>PVK; without key type 002 separation also KEK (TMK) and PIN key (TPK)</td></tr>
 * <tr><td>402 CVK</td><td>CVK</td></tr>
 * <tr><td>003 TAK, 008 ZAK</td><td>MAC key</td></tr>
 * <tr><td>00A ZEK, 00B DEK</td><td>data key</td></tr>
 * <tr><td>109 MK-AC</td><td>EMV master key (the other EMV master keys have no role yet)</td></tr>
 * </table>
 *
 * <p>docs/plugin-abi.md shows the same table, with the host functions that take each role.
 */
final class KeyRoles {
    private static final Map<KeyType, Set<Role>> SEPARATED = table(true);
    private static final Map<KeyType, Set<Role>> SHARED = table(false);
    /** The one role of each key-block usage, whatever type code a plugin names the field with. */
    private static final Map<String, Role> USAGE_ROLES = Map.ofEntries(Map.entry("52", Role.KEK),
            Map.entry("51", Role.KEK), Map.entry("K0", Role.KEK), Map.entry("72", Role.PIN_KEY),
            Map.entry("71", Role.PIN_KEY), Map.entry("P0", Role.PIN_KEY), Map.entry("V1", Role.PVK),
            Map.entry("V2", Role.PVK), Map.entry("C0", Role.CVK), Map.entry("M0", Role.MAC_KEY),
            Map.entry("M1", Role.MAC_KEY), Map.entry("M3", Role.MAC_KEY), Map.entry("D0", Role.DATA_KEY),
            Map.entry("21", Role.DATA_KEY), Map.entry("22", Role.DATA_KEY), Map.entry("E0", Role.EMV_MASTER_KEY));

    /** What a host function uses a key for. */
    enum Role {
        /** Wraps and unwraps other keys. */
        KEK("a KEK"),
        /** Encrypts and decrypts PIN blocks. */
        PIN_KEY("a PIN key"),
        /** Computes and verifies Visa PVVs. */
        PVK("a PVK"),
        /** Computes and verifies Visa CVVs. */
        CVK("a CVK"),
        /** Computes and verifies MACs. */
        MAC_KEY("a MAC key"),
        /** Encrypts and decrypts data. */
        DATA_KEY("a data key"),
        /** Derives EMV card keys. */
        EMV_MASTER_KEY("an EMV master key");

        private final String text;

        Role(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private KeyRoles() {
    }

    /**
     * Returns the roles of a key type.
     *
     * @param type the type.
     * @param profile the security settings (key type 002 separation).
     * @return the roles, empty for a type with none.
     */
    static Set<Role> of(KeyType type, SecurityProfile profile) {
        return (profile.keyType002Separation() ? SEPARATED : SHARED).getOrDefault(type, Set.of());
    }

    /**
     * Returns the role of a key-block usage: a key from a block has this role at most, so a {@code P0} block
     * loaded as type 002 is a PIN key and never a PVK or a KEK.
     *
     * @param usage the block's key usage.
     * @return the role, or null for a usage without one (BDKs, the EMV master keys but MK-AC).
     */
    static Role ofUsage(String usage) {
        return USAGE_ROLES.get(usage);
    }

    private static Map<KeyType, Set<Role>> table(boolean separated) {
        var table = new HashMap<KeyType, Set<Role>>();
        put(table, EnumSet.of(Role.KEK), ZMK, TMK_SEPARATED);
        put(table, EnumSet.of(Role.PIN_KEY), ZPK, TPK_SEPARATED);
        put(table, separated ? EnumSet.of(Role.PVK) : EnumSet.of(Role.PVK, Role.KEK, Role.PIN_KEY), PVK);
        put(table, EnumSet.of(Role.CVK), CVK);
        put(table, EnumSet.of(Role.MAC_KEY), TAK, ZAK);
        put(table, EnumSet.of(Role.DATA_KEY), ZEK, DEK);
        // MK-AC only: the card keys of the others (secure messaging, DAC, DN, CVC3) have no host function, and an
        // ARQC or ARPC function may not take them.
        put(table, EnumSet.of(Role.EMV_MASTER_KEY), MK_AC);

        return Map.copyOf(table);
    }

    private static void put(Map<KeyType, Set<Role>> table, Set<Role> roles, VariantKeyType... types) {
        for (var type : types) {
            table.put(type.type(), Set.copyOf(roles));
        }
    }
}
