package dev.wasmhsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasmhsm.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plugins' error code headers hold the same table as {@link ErrorCode}: the same names, codes and order, so a
 * C or Rust plugin answers a code under the name the host uses for it; and docs/protocol.md lists that table.
 */
class ErrorCodeHeadersTest {
    private static final Pattern C_DEFINE = Pattern.compile("#define HSM_ERR_([A-Z0-9_]+) \"([0-9A-Z]{2})\"");
    private static final Pattern RUST_CONST = Pattern.compile(
            "pub const ([A-Z0-9_]+): &\\[u8; 2\\] = b\"([0-9A-Z]{2})\";");
    private static final Pattern DOC_ROW = Pattern.compile("\\| ([0-9A-Z]{2}) \\| `([A-Z0-9_]+)` \\|.*");

    @Test
    void theCHeaderHasTheJavaTable() throws IOException {
        assertEquals(javaTable(), table("hsm_errors.h", C_DEFINE));
    }

    @Test
    void theRustIncludeHasTheJavaTable() throws IOException {
        assertEquals(javaTable(), table("hsm_errors.rs", RUST_CONST));
    }

    @Test
    void theProtocolPageListsTheJavaTable() throws IOException {
        var rows = Files.readAllLines(TestPlugins.ROOT.resolve("../docs/protocol.md")).stream()
                .map(DOC_ROW::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(2) + "=" + matcher.group(1))
                .toList();

        assertEquals(javaTable(), rows);
    }

    @Test
    void everyCodeIsAHostFunctionResultThatNoOtherCodeShares() {
        var seen = new HashMap<Integer, String>();
        for (var code : ErrorCode.values()) {
            var numeric = code.code().chars().allMatch(Character::isDigit);
            int expected = numeric ? -Integer.parseInt(code.code()) : -(code.code().charAt(0) << 8
                    | code.code().charAt(1));
            assertEquals(expected, code.hostResult(), code.name());
            var other = seen.putIfAbsent(code.hostResult(), code.code());
            assertTrue(other == null || other.equals(code.code()), code.name());
        }
        assertEquals(-0x4136, ErrorCode.INVALID_KEY_USAGE.hostResult());
    }

    private static List<String> javaTable() {
        return Arrays.stream(ErrorCode.values()).map(code -> code.name() + "=" + code.code()).toList();
    }

    private static List<String> table(String header, Pattern line) throws IOException {
        return Files.readAllLines(TestPlugins.ROOT.resolve("include").resolve(header)).stream()
                .map(line::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1) + "=" + matcher.group(2))
                .toList();
    }
}
