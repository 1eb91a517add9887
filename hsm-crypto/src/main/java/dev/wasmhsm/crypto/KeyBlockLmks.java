package dev.wasmhsm.crypto;

import dev.wasmhsm.protocol.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.security.auth.Destroyable;

/**
 * The LMK slots (00 to 99): the variant LMK in one ({@value #DEFAULT_VARIANT_ID} unless configured otherwise) and
 * key-block LMKs in others, with the slot a request uses unless it names another with {@code %nn}.
 *
 * <p>A key-block LMK file ({@link #load}) is UTF-8 text with one line of hex, 64 digits for an AES-256 LMK or 48
 * for a 3DES one (spaces and tabs inside ignored); lines starting with {@code #} and blank lines are ignored.
 */
public final class KeyBlockLmks implements Destroyable {
    /** The variant LMK's slot unless configured otherwise. */
    public static final String DEFAULT_VARIANT_ID = "00";

    private final Map<String, KeyBlockLmk> slots;
    private final String variantId;
    private final String defaultId;

    private KeyBlockLmks(Map<String, KeyBlockLmk> slots, String variantId, String defaultId) {
        this.slots = slots;
        this.variantId = variantId;
        this.defaultId = defaultId;
    }

    /**
     * Makes the slots.
     *
     * @param lmks the key-block LMKs, each in the slot of its identifier.
     * @param variantId the variant LMK's slot.
     * @param defaultId the slot requests use by default: the variant LMK's or a key-block LMK's.
     * @return the slots.
     * @throws IllegalArgumentException when two LMKs share a slot, or the default names an empty slot.
     */
    public static KeyBlockLmks of(Collection<KeyBlockLmk> lmks, String variantId, String defaultId) {
        var slots = new TreeMap<String, KeyBlockLmk>();
        for (var lmk : lmks) {
            if (variantId.equals(lmk.id())) {
                throw new IllegalArgumentException("slot " + variantId + " holds the variant LMK");
            }
            if (slots.put(lmk.id(), lmk) != null) {
                throw new IllegalArgumentException("two key-block LMKs in slot " + lmk.id());
            }
        }
        if (!variantId.equals(defaultId) && !slots.containsKey(defaultId)) {
            throw new IllegalArgumentException("the default LMK " + defaultId + " is not loaded; loaded: "
                    + variantId + " (variant) and " + slots.keySet());
        }

        return new KeyBlockLmks(slots, variantId, defaultId);
    }

    /** @return no key-block LMK, the variant LMK in slot 00 and by default. */
    public static KeyBlockLmks none() {
        return new KeyBlockLmks(Map.of(), DEFAULT_VARIANT_ID, DEFAULT_VARIANT_ID);
    }

    /**
     * Reads a key-block LMK file (format in the class comment).
     *
     * @param id the slot.
     * @param file the file.
     * @return the LMK: a test LMK when the file holds the public AES test key-block LMK, else a live one.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it does not hold one line of 64 or 48 hex digits.
     */
    public static KeyBlockLmk load(String id, Path file) throws IOException {
        String hex = null;
        for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (hex != null) {
                throw new IllegalArgumentException("a key-block LMK file holds one line of hex");
            }
            hex = text.replaceAll("[ \\t]", "");
        }
        if (hex == null || !hex.matches("[0-9A-Fa-f]{64}|[0-9A-Fa-f]{48}")) {
            throw new IllegalArgumentException("a key-block LMK file holds 64 hex digits (AES-256) or 48 (3DES)");
        }
        var key = HexFormat.of().parseHex(hex);
        try {
            return KeyBlockLmk.of(id, key, KeyBlockLmk.isPublicTestKey(key));
        } finally {
            Bytes.wipe(key);
        }
    }

    /** @return the variant LMK's slot. */
    public String variantId() {
        return variantId;
    }

    /** @return the slot requests use unless they name another. */
    public String defaultId() {
        return defaultId;
    }

    /** @return the key-block LMKs by slot, in slot order. */
    public Map<String, KeyBlockLmk> all() {
        return Collections.unmodifiableMap(slots);
    }

    /**
     * Tells whether a slot holds an LMK.
     *
     * @param id two digits.
     * @return whether it is the variant slot or a loaded key-block LMK's.
     */
    public boolean loaded(String id) {
        return variantId.equals(id) || slots.containsKey(id);
    }

    /**
     * Returns the key-block LMK of a slot.
     *
     * @param id the slot.
     * @return the LMK.
     * @throws CryptoException with 13 for an empty slot, A1 for the variant LMK's.
     */
    public KeyBlockLmk keyBlock(String id) throws CryptoException {
        if (variantId.equals(id)) {
            throw new CryptoException(ErrorCode.INCOMPATIBLE_LMK_SCHEMES, "a key block is not under the variant LMK"
                    + " (slot " + variantId + "): select a key-block LMK with %nn");
        }
        var lmk = slots.get(id);
        if (lmk == null) {
            throw new CryptoException(ErrorCode.INVALID_LMK_IDENTIFIER, "no LMK is loaded in slot " + id);
        }

        return lmk;
    }

    @Override
    public void destroy() {
        slots.values().forEach(KeyBlockLmk::destroy);
    }

    @Override
    public boolean isDestroyed() {
        return slots.values().stream().allMatch(KeyBlockLmk::isDestroyed);
    }
}
