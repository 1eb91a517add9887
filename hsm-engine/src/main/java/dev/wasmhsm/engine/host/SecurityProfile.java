package dev.wasmhsm.engine.host;

import dev.wasmhsm.crypto.KeyType;
import dev.wasmhsm.crypto.VariantKeyType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The security settings the host enforces on every host function, like a payShield's security settings: a named
 * profile ({@code hsm.security.profile}: {@code pci}, the default, or {@code legacy}) and, over it, one system
 * property per setting ({@code hsm.security.<setting>=true|false}). The table of settings is in
 * docs/operations.md.
 *
 * @param name the profile the settings started from, or {@code custom} when a setting overrides it.
 * @param singleLengthKeys whether single-length DES keys are accepted (refused with 27 otherwise).
 * @param restrictCheckValues whether a 16-digit check value is restricted to its 6 most significant digits and ten
 *     zeros.
 * @param variantSchemesOnly whether keys are written under the LMK in schemes U and T only (26 otherwise).
 * @param refuseEqualHalves whether a double or triple-length key whose parts repeat is refused (75).
 * @param keyType002Separation whether key type 002 is a PVK only, the TPK 70D and the TMK 80D.
 * @param restrictPinTranslations whether a PIN bound to the PAN may not become a PIN block that is not (69).
 * @param kekAtLeastAsStrong whether a KEK must be at least as long as the keys it wraps (27 otherwise).
 * @param opaqueChainingValues whether a MAC's chaining value (M6, M8 modes 1 and 2) leaves the host encrypted under
 *     the key, so that no single-DES or partial value of a MAC key is seen.
 * @param trustedPluginsOnly whether only modules of the bundled manifest or the trust file load, with the host
 *     functions granted there.
 * @param strictFilePermissions whether the server refuses to start with an LMK file that group or other may read, or
 *     a commands directory that is a symbolic link or that group or other may write.
 * @param dualControl whether the authorised state needs two management principals.
 */
public record SecurityProfile(String name, boolean singleLengthKeys, boolean restrictCheckValues,
        boolean variantSchemesOnly, boolean refuseEqualHalves, boolean keyType002Separation,
        boolean restrictPinTranslations, boolean kekAtLeastAsStrong, boolean opaqueChainingValues,
        boolean trustedPluginsOnly, boolean strictFilePermissions, boolean dualControl) {
    /** The system property naming the profile. */
    public static final String PROFILE = "hsm.security.profile";

    /** The environment variable naming the profile when the system property is not set (containers, test runs). */
    public static final String PROFILE_ENV = "HSM_SECURITY_PROFILE";

    /** The PCI profile: the default. */
    public static final SecurityProfile PCI = new SecurityProfile("pci", false, true, true, true, true, true, true,
            true, true, true, true);

    /** The legacy profile: what the public conformance vectors need (single-length keys, 16-digit check values). */
    public static final SecurityProfile LEGACY = new SecurityProfile("legacy", true, false, false, false, false,
            false, false, false, false, false, false);

    private static final String PREFIX = "hsm.security.";

    /**
     * Reads the profile ({@code hsm.security.profile}, else the environment variable {@code HSM_SECURITY_PROFILE},
     * else {@code pci}) and the settings over it.
     *
     * @param properties normally the system properties.
     * @return the settings.
     * @throws IllegalArgumentException for an unknown profile, setting or value.
     */
    public static SecurityProfile from(Properties properties) {
        var fallback = System.getenv(PROFILE_ENV);
        var named = properties.getProperty(PROFILE, fallback == null || fallback.isBlank() ? PCI.name : fallback)
                .strip().toLowerCase(Locale.ROOT);
        var base = switch (named) {
            case "pci" -> PCI;
            case "legacy" -> LEGACY;
            default -> throw new IllegalArgumentException(PROFILE + " is pci or legacy, not " + named);
        };
        var settings = base.settings();
        boolean overridden = false;
        for (var property : properties.stringPropertyNames()) {
            if (!property.startsWith(PREFIX) || property.equals(PROFILE) || property.equals(AuthorisedState.OFFICERS)) {
                continue;
            }
            var setting = property.substring(PREFIX.length());
            if (!settings.containsKey(setting)) {
                throw new IllegalArgumentException("system property " + property + " is not a security setting: they"
                        + " are " + PROFILE + ", " + AuthorisedState.OFFICERS + " and " + settings.keySet());
            }
            var value = properties.getProperty(property).strip();
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("system property " + property + " is true or false, not " + value);
            }
            overridden |= settings.put(setting, Boolean.parseBoolean(value)) != Boolean.parseBoolean(value);
        }

        return new SecurityProfile(overridden ? "custom" : base.name, settings.get("singleLengthKeys"),
                settings.get("restrictCheckValues"), settings.get("variantSchemesOnly"),
                settings.get("refuseEqualHalves"), settings.get("keyType002Separation"),
                settings.get("restrictPinTranslations"), settings.get("kekAtLeastAsStrong"),
                settings.get("opaqueChainingValues"), settings.get("trustedPluginsOnly"),
                settings.get("strictFilePermissions"), settings.get("dualControl"));
    }

    /** @return every setting by its property name after {@code hsm.security.}, in the order of the table. */
    public Map<String, Boolean> settings() {
        var settings = new LinkedHashMap<String, Boolean>();
        settings.put("singleLengthKeys", singleLengthKeys);
        settings.put("restrictCheckValues", restrictCheckValues);
        settings.put("variantSchemesOnly", variantSchemesOnly);
        settings.put("refuseEqualHalves", refuseEqualHalves);
        settings.put("keyType002Separation", keyType002Separation);
        settings.put("restrictPinTranslations", restrictPinTranslations);
        settings.put("kekAtLeastAsStrong", kekAtLeastAsStrong);
        settings.put("opaqueChainingValues", opaqueChainingValues);
        settings.put("trustedPluginsOnly", trustedPluginsOnly);
        settings.put("strictFilePermissions", strictFilePermissions);
        settings.put("dualControl", dualControl);

        return settings;
    }

    /** @return the key type of a TPK: 70D with key type 002 separation, else 002. */
    public KeyType tpkType() {
        return (keyType002Separation ? VariantKeyType.TPK_SEPARATED : VariantKeyType.TPK).type();
    }

    /** @return the key type of a TMK: 80D with key type 002 separation, else 002. */
    public KeyType tmkType() {
        return (keyType002Separation ? VariantKeyType.TMK_SEPARATED : VariantKeyType.TMK).type();
    }

    /** @return the settings as one log field value, such as {@code singleLengthKeys=false,...}. */
    @Override
    public String toString() {
        var text = new StringBuilder(name);
        settings().forEach((setting, value) -> text.append(' ').append(setting).append('=').append(value));

        return text.toString();
    }
}
