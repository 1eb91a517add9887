package dev.wasmhsm.engine.registry;

import static dev.wasmhsm.engine.registry.RegistryFixture.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.wasmhsm.crypto.LmkSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NC reports the check value of the LMK the server loaded, computed from it: never a configured constant. */
class LmkCheckValueTest {
    private static final String[] ODD_PARITY_BYTES = {
        "01", "02", "04", "07", "08", "0B", "0D", "0E", "10", "13", "15", "16", "19", "1A", "1C", "1F", "20", "23",
        "25", "26",
    };

    @Test
    void ncAnswersTheCheckValueOfTheLoadedLmk(@TempDir Path directory, @TempDir Path lmkDirectory)
            throws IOException {
        var lines = new ArrayList<String>();
        for (int pair = 0; pair < LmkSet.PAIRS; pair++) {
            lines.add(LmkSet.pairName(pair) + "=1C587F1C13924FEF" + ODD_PARITY_BYTES[pair].repeat(8));
        }
        var file = Files.write(lmkDirectory.resolve("live.lmk"), lines);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        var expected = LmkSet.load(file).checkValue();
        try (var fixture = RegistryFixture.withNcAndB2(directory)) {
            var live = fixture.start("hsm.lmk.file=" + file);
            var test = fixture.start();

            assertEquals("ND00" + expected + "0007-E000", call(live, "NC"));
            assertEquals("ND0026860400000000000007-E000", call(test, "NC"));
            assertNotEquals("2686040000000000", expected);
        }
    }
}
