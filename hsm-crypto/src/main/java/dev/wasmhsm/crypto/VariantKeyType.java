package dev.wasmhsm.crypto;

/**
 * The variant-LMK key types by name, with the variant and LMK pair each is encrypted under: the one table of them.
 * Several names can share a code (TMK, TPK and PVK are all {@code 002} under a variant LMK, unless key type 002
 * separation gives the TPK and the TMK codes of their own); code that checks what a key may do names the role it
 * means.
 *
 * <table>
 * <caption>The key types</caption>
 * <tr><th>Name</th><th>Code</th><th>LMK pair</th><th>Variant</th></tr>
 * <tr><td>ZMK</td><td>000</td><td>04-05</td><td>0</td></tr>
 * <tr><td>ZPK</td><td>001</td><td>06-07</td><td>0</td></tr>
 * <tr><td>TMK, TPK, PVK</td><td>002</td><td>14-15</td><td>0</td></tr>
 * <tr><td>CVK</td><td>402</td><td>14-15</td><td>4</td></tr>
 * <tr><td>TAK</td><td>003</td><td>16-17</td><td>0</td></tr>
 * <tr><td>ZAK</td><td>008</td><td>26-27</td><td>0</td></tr>
 * <tr><td>BDK (type 1)</td><td>009</td><td>28-29</td><td>0</td></tr>
 * <tr><td>MK-AC, MK-SMI, MK-SMC, MK-DAC, MK-DN</td><td>109 to 509</td><td>28-29</td><td>1 to 5</td></tr>
 * <tr><td>BDK (type 2)</td><td>609</td><td>28-29</td><td>6</td></tr>
 * <tr><td>MK-CVC3</td><td>709</td><td>28-29</td><td>7</td></tr>
 * <tr><td>ZEK</td><td>00A</td><td>30-31</td><td>0</td></tr>
 * <tr><td>DEK (TEK)</td><td>00B</td><td>32-33</td><td>0</td></tr>
 * <tr><td>TPK, with key type 002 separation</td><td>70D</td><td>36-37</td><td>7</td></tr>
 * <tr><td>TMK, with key type 002 separation</td><td>80D</td><td>36-37</td><td>8</td></tr>
 * </table>
 *
 * <p>A test checks each row against the codes and LMK pairs above.
 */
public enum VariantKeyType {
    /** Zone master key: wraps keys exchanged with another zone. */
    ZMK(0, 0x00, "zone master key"),
    /** Zone PIN key: encrypts PIN blocks between zones. */
    ZPK(0, 0x01, "zone PIN key"),
    /** Terminal master key: wraps keys sent to a terminal. */
    TMK(0, 0x02, "terminal master key"),
    /** Terminal PIN key: encrypts PIN blocks from a terminal. */
    TPK(0, 0x02, "terminal PIN key"),
    /** PIN verification key: computes Visa PVVs and IBM 3624 offsets. */
    PVK(0, 0x02, "PIN verification key"),
    /** Card verification key: computes Visa CVVs. */
    CVK(4, 0x02, "card verification key"),
    /** Terminal authentication key: computes MACs for a terminal. */
    TAK(0, 0x03, "terminal authentication key"),
    /** Zone authentication key: computes MACs between zones. */
    ZAK(0, 0x08, "zone authentication key"),
    /** Base derivation key of DUKPT, type 1. */
    BDK(0, 0x09, "base derivation key, type 1"),
    /** EMV master key for application cryptograms (ARQC, ARPC). */
    MK_AC(1, 0x09, "EMV master key for application cryptograms"),
    /** EMV master key for secure messaging integrity. */
    MK_SMI(2, 0x09, "EMV master key for secure messaging integrity"),
    /** EMV master key for secure messaging confidentiality. */
    MK_SMC(3, 0x09, "EMV master key for secure messaging confidentiality"),
    /** EMV master key for data authentication codes. */
    MK_DAC(4, 0x09, "EMV master key for data authentication codes"),
    /** EMV master key for dynamic numbers. */
    MK_DN(5, 0x09, "EMV master key for dynamic numbers"),
    /** Base derivation key of DUKPT, type 2. */
    BDK_2(6, 0x09, "base derivation key, type 2"),
    /** EMV master key for CVC3. */
    MK_CVC3(7, 0x09, "EMV master key for CVC3"),
    /** Zone encryption key: encrypts data between zones. */
    ZEK(0, 0x0A, "zone encryption key"),
    /** Data encryption key (terminal encryption key): encrypts data. */
    DEK(0, 0x0B, "data encryption key"),
    /** Terminal PIN key under payShield's key type 002 separation (PCI HSM), so that 002 is a PVK only. */
    TPK_SEPARATED(7, 0x0D, "terminal PIN key, with key type 002 separation"),
    /** Terminal master key under payShield's key type 002 separation (PCI HSM), so that 002 is a PVK only. */
    TMK_SEPARATED(8, 0x0D, "terminal master key, with key type 002 separation");

    private final KeyType type;
    private final String description;

    VariantKeyType(int variant, int pairCode, String description) {
        this.type = new KeyType(variant, pairCode);
        this.description = description;
    }

    /** @return the key type code and LMK pair. */
    public KeyType type() {
        return type;
    }

    /** @return what the key is for, in a few words. */
    public String description() {
        return description;
    }
}
