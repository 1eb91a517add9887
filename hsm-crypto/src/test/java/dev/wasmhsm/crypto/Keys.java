package dev.wasmhsm.crypto;

/** Helpers for tests: clear keys and fields from hex text. */
final class Keys {
    static final LmkKeyCipher TEST_LMK = new LmkKeyCipher(LmkSet.testLmk());

    private Keys() {
    }

    static ClearKey clear(String hex) throws CryptoException {
        return ClearKey.of(Hex.decode(hex));
    }

    static String hex(byte[] bytes) {
        return Hex.toText(bytes);
    }

    static String clearHex(ClearKey key) {
        return Hex.toText(key.bytes());
    }

    static ClearKey underLmk(String type, String field) throws CryptoException {
        return TEST_LMK.decrypt(KeyType.parse(type), KeyField.parse(field));
    }

    static String kcv(ClearKey key, int digits) throws CryptoException {
        return new String(KeyCheckValue.hex(key, digits), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
