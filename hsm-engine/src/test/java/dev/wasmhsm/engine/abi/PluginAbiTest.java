package dev.wasmhsm.engine.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.wasm.Parser;
import dev.wasmhsm.engine.TestPlugins;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The export rules of the ABI, on real modules and on copies of a real one with a rule broken: the bytes are
 * spliced here, so no WebAssembly toolchain is needed.
 */
class PluginAbiTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    private static final byte[] MEMORY_ONLY = {
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x0A, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
    };
    private static final int START_SECTION = 8;

    @Test
    void aBundledModuleExportsTheWholeAbi() throws IOException {
        var check = PluginAbi.checkExports(Parser.parse(bundled("NC")));

        assertEquals(List.of("alloc", "Execute", "reset"), check.found());
        assertEquals(List.of(), check.problems());
    }

    @Test
    void aModuleWithoutFunctionsMissesBothRequiredExports() {
        var check = PluginAbi.checkExports(Parser.parse(MEMORY_ONLY));

        assertEquals(List.of("the module does not export alloc (i32) -> i32",
                "the module does not export Execute (i32, i32) -> i64"), check.problems());
    }

    @Test
    void aModuleWithAHugeTableIsRefusedBeforeItIsInstantiated() {
        var module = new byte[] {
            0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
            0x04, 0x06, 0x01, 0x70, 0x00, (byte) 0xA0, (byte) 0x9C, 0x01,
            0x05, 0x03, 0x01, 0x00, 0x01,
            0x07, 0x0A, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00,
        };

        var check = PluginAbi.checkExports(Parser.parse(module));

        assertEquals("a table of the module starts with 20000 elements, at most 10000 are allowed",
                check.problems().get(2), check.problems().toString());
    }

    @Test
    void anEmptyModuleHasNoMemoryOfItsOwn() {
        var check = PluginAbi.checkExports(Parser.parse(HEADER));

        assertEquals("the module defines no memory of its own", check.problems().get(2));
    }

    @Test
    void anExportOfTheWrongTypeIsRefusedWithBothTypes() throws IOException {
        var module = bundled("NC");
        rename(module, "alloc", "xxxxx");
        rename(module, "reset", "alloc");

        var check = PluginAbi.checkExports(Parser.parse(module));

        assertEquals(List.of("export alloc has type () -> (), the ABI wants (i32) -> i32"), check.problems());
    }

    @Test
    void aStartFunctionIsRefused() throws IOException {
        var module = bundled("NC");
        var parsed = Parser.parse(module);
        int reset = -1;
        for (int i = 0; i < parsed.exportSection().exportCount(); i++) {
            if (parsed.exportSection().getExport(i).name().equals("reset")) {
                reset = parsed.exportSection().getExport(i).index();
            }
        }

        var check = PluginAbi.checkExports(Parser.parse(withStartSection(module, reset)));

        assertEquals(List.of("the module has a start function, which the ABI does not allow"), check.problems());
    }

    private static byte[] bundled(String code) throws IOException {
        return Files.readAllBytes(TestPlugins.ROOT.resolve("wasm").resolve(code + ".wasm"));
    }

    /** Renames an export in place: the length-prefixed name, so both names must have the same length. */
    private static void rename(byte[] module, String from, String to) {
        var needle = (char) from.length() + from;
        var text = new String(module, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(needle);
        if (at < 0 || from.length() != to.length()) {
            throw new IllegalArgumentException("cannot rename " + from + " to " + to);
        }
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, module, at + 1, to.length());
    }

    /** Inserts a start section naming a function, before the first section that must follow it. */
    private static byte[] withStartSection(byte[] module, int function) {
        var out = new ByteArrayOutputStream();
        out.write(module, 0, HEADER.length);
        int at = HEADER.length;
        boolean inserted = false;
        while (at < module.length) {
            int id = module[at];
            int[] size = leb128(module, at + 1);
            int end = size[1] + size[0];
            if (!inserted && id > START_SECTION) {
                out.write(START_SECTION);
                out.write(1);
                out.write(function);
                inserted = true;
            }
            out.write(module, at, end - at);
            at = end;
        }

        return out.toByteArray();
    }

    /** Returns an unsigned LEB128 value and the offset after it. */
    private static int[] leb128(byte[] bytes, int from) {
        int value = 0;
        int shift = 0;
        int at = from;
        int b;
        do {
            b = bytes[at++] & 0xFF;
            value |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);

        return new int[] {value, at};
    }
}
