package dev.wasmhsm.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The HSM's log of the server under test ({@code hsm.server.log}), read from an offset: what a test's calls wrote. */
final class ServerLog {
    static final Path FILE = Path.of(System.getProperty("hsm.server.log", "hsm.log"));

    private ServerLog() {
    }

    /** @return the log's length now, the offset to read from after the calls. */
    static long offset() throws IOException {
        return Files.size(FILE);
    }

    /** @return what the log holds past the offset. */
    static String since(long offset) throws IOException {
        try (var file = new RandomAccessFile(FILE.toFile(), "r")) {
            var length = file.length();
            if (length <= offset) {
                return "";
            }
            var bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);

            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits up to 10 s for the HSM's batched log writes.
     *
     * @return the first line written after the offset that holds the text.
     * @throws AssertionError when no such line came.
     */
    static String lineEventually(long offset, String text) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            var found = since(offset).lines().filter(line -> line.contains(text)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line with " + text + " in " + FILE);
    }
}
