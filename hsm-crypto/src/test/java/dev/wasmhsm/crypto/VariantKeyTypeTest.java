package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class VariantKeyTypeTest {
    @Test
    void eachNamedTypeHasTheCodeAndLmkPairOfThePayShieldTable() {
        var expected = new LinkedHashMap<VariantKeyType, String>();
        expected.put(VariantKeyType.ZMK, "000 04-05");
        expected.put(VariantKeyType.ZPK, "001 06-07");
        expected.put(VariantKeyType.TMK, "002 14-15");
        expected.put(VariantKeyType.TPK, "002 14-15");
        expected.put(VariantKeyType.PVK, "002 14-15");
        expected.put(VariantKeyType.CVK, "402 14-15");
        expected.put(VariantKeyType.TAK, "003 16-17");
        expected.put(VariantKeyType.ZAK, "008 26-27");
        expected.put(VariantKeyType.BDK, "009 28-29");
        expected.put(VariantKeyType.MK_AC, "109 28-29");
        expected.put(VariantKeyType.MK_SMI, "209 28-29");
        expected.put(VariantKeyType.MK_SMC, "309 28-29");
        expected.put(VariantKeyType.MK_DAC, "409 28-29");
        expected.put(VariantKeyType.MK_DN, "509 28-29");
        expected.put(VariantKeyType.BDK_2, "609 28-29");
        expected.put(VariantKeyType.MK_CVC3, "709 28-29");
        expected.put(VariantKeyType.ZEK, "00A 30-31");
        expected.put(VariantKeyType.DEK, "00B 32-33");
        expected.put(VariantKeyType.TPK_SEPARATED, "70D 36-37");
        expected.put(VariantKeyType.TMK_SEPARATED, "80D 36-37");

        var actual = new LinkedHashMap<VariantKeyType, String>();
        for (var named : VariantKeyType.values()) {
            actual.put(named, named.type().code() + " " + named.type().lmkPair());
        }

        assertEquals(expected, actual);
    }
}
