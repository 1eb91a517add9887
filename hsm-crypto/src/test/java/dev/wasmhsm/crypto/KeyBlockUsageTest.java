package dev.wasmhsm.crypto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasmhsm.crypto.KeyBlockUsage.Operation;
import dev.wasmhsm.protocol.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A key block's header decides what the key may be: a PIN key is no data key, a verify-only key generates nothing. */
class KeyBlockUsageTest {
    @Test
    void everyRoleHasUsagesAndADefaultHeaderThatFitsThem() throws CryptoException {
        for (var role : VariantKeyType.values()) {
            var header = KeyBlockUsage.defaultHeader(role, '1', "00");
            KeyBlockUsage.require(header, role, Operation.ENCRYPT);
        }
        assertEquals("72", KeyBlockUsage.defaultHeader(VariantKeyType.ZPK, '1', "00").usage());
        assertEquals("C0", KeyBlockUsage.defaultHeader(VariantKeyType.CVK, '1', "00").usage());
    }

    @Test
    void aPinKeyIsNoDataKeyAndAVerifyOnlyKeyGeneratesNothing() {
        var pinKey = header("P0", 'E');
        assertEquals(ErrorCode.INVALID_KEY_USAGE, assertThrows(CryptoException.class,
                () -> KeyBlockUsage.require(pinKey, VariantKeyType.DEK, Operation.ENCRYPT)).errorCode());
        assertDoesNotThrow(() -> KeyBlockUsage.require(pinKey, VariantKeyType.ZPK, Operation.ENCRYPT));
        assertEquals(ErrorCode.INVALID_MODE_OF_USE, assertThrows(CryptoException.class,
                () -> KeyBlockUsage.require(pinKey, VariantKeyType.ZPK, Operation.DECRYPT)).errorCode(),
                "an encrypt-only PIN key decrypts nothing");

        var verifyOnly = header("C0", 'V');
        assertDoesNotThrow(() -> KeyBlockUsage.require(verifyOnly, VariantKeyType.CVK, Operation.VERIFY));
        assertEquals(ErrorCode.INVALID_MODE_OF_USE, assertThrows(CryptoException.class,
                () -> KeyBlockUsage.require(verifyOnly, VariantKeyType.CVK, Operation.GENERATE)).errorCode());
        assertEquals(ErrorCode.INVALID_KEY_USAGE, assertThrows(CryptoException.class,
                () -> KeyBlockUsage.require(header("K0", 'N'), VariantKeyType.PVK, Operation.GENERATE)).errorCode(),
                "a KEK is no PIN verification key");
    }

    private static KeyBlockHeader header(String usage, char mode) {
        return new KeyBlockHeader('1', usage, 'T', mode, "00", 'E', "00", List.of());
    }
}
