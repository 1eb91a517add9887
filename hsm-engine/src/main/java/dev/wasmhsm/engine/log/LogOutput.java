package dev.wasmhsm.engine.log;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Where the HSM's log handler writes its batches: a file rotated by size, or the process's standard output. */
abstract class LogOutput implements Closeable {
    /**
     * Writes whole lines.
     *
     * @param bytes one or more lines, each ending with a newline.
     * @param length how many of the bytes, from the first.
     * @throws IOException when the destination fails.
     */
    abstract void write(byte[] bytes, int length) throws IOException;

    /**
     * Opens the destination the settings name.
     *
     * @param settings the log settings, with destination file or stdout.
     * @return the output.
     * @throws IOException when the file cannot be opened.
     */
    static LogOutput open(LogSettings settings) throws IOException {
        return settings.destination() == LogSettings.Destination.STDOUT ? new Stdout()
                : new RotatingFile(settings.file(), settings.maxFileBytes(), settings.maxFiles());
    }

    /**
     * The process's standard output, written past {@code System.out} (which servers capture into their own log).
     * Batches go out in writes of at most 4 KiB cut at line ends, so on a pipe shared with the server's console
     * no line is torn by another writer.
     */
    private static final class Stdout extends LogOutput {
        private static final int ATOMIC = 4096;

        private final OutputStream out = new FileOutputStream(FileDescriptor.out);

        @Override
        void write(byte[] bytes, int length) throws IOException {
            int from = 0;
            while (from < length) {
                int to = Math.min(length, from + ATOMIC);
                if (to < length) {
                    int cut = to;
                    while (cut > from && bytes[cut - 1] != '\n') {
                        cut--;
                    }
                    to = cut > from ? cut : to;
                }
                out.write(bytes, from, to - from);
                from = to;
            }
        }

        @Override
        public void close() {
            // Standard output stays open for the server.
        }
    }

    /** A file that is renamed to {@code .1} (and older ones shifted) when it reaches its size. */
    private static final class RotatingFile extends LogOutput {
        private static final Set<PosixFilePermission> OWNER_AND_GROUP_READ = PosixFilePermissions.fromString(
                "rw-r-----");

        private final Path file;
        private final long maxBytes;
        private final int maxFiles;
        private OutputStream out;
        private long size;

        RotatingFile(Path file, long maxBytes, int maxFiles) throws IOException {
            this.file = file;
            this.maxBytes = maxBytes;
            this.maxFiles = maxFiles;
            open();
        }

        @Override
        void write(byte[] bytes, int length) throws IOException {
            if (size > 0 && size + length > maxBytes) {
                rotate();
            }
            out.write(bytes, 0, length);
            size += length;
        }

        /**
         * Renames the file to {@code .1}, older ones up; whatever fails there (the file removed by an operator, a
         * full disk), a new file is opened, so one failed rotation does not stop the log.
         */
        private void rotate() throws IOException {
            out.close();
            try {
                Files.deleteIfExists(numbered(maxFiles));
                for (int i = maxFiles - 1; i >= 1; i--) {
                    if (Files.exists(numbered(i), LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                open();
            }
        }

        private Path numbered(int index) {
            return file.resolveSibling(file.getFileName() + "." + index);
        }

        private void open() throws IOException {
            var parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_AND_GROUP_READ));
            }
            // Never through a link someone put in the log's place; and an existing file no wider than 640.
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("the HSM log " + file + " is not a regular file (a symbolic link?)");
            }
            if (posix) {
                var permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                permissions.retainAll(OWNER_AND_GROUP_READ);
                Files.setPosixFilePermissions(file, permissions);
            }
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS);
            size = Files.size(file);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
