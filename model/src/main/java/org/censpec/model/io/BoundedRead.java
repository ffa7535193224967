package org.censpec.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads an input file the way a hostile path cannot abuse: only a regular file (a symbolic
 * link to one is fine), judged before it is opened, so a FIFO never blocks and a device such
 * as {@code /dev/zero} is never read; at most {@code max} bytes, counted while reading, so a
 * file that grows meanwhile cannot take the heap.
 */
public final class BoundedRead {
    private BoundedRead() {}

    /** The file is longer than the bound; nothing of it is returned. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        private final long max;

        TooLarge(long max) {
            super("larger than " + max + " bytes");
            this.max = max;
        }

        public long max() {
            return max;
        }
    }

    /**
     * The bytes of {@code file}.
     *
     * @throws AtomicWrite.Refused  a directory, device, FIFO or socket (the reason in one line)
     * @throws TooLarge             more than {@code max} bytes
     * @throws IOException          as the operating system says (missing, permission denied)
     */
    public static byte[] regularFile(Path file, int max) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.isDirectory()) {
            throw new AtomicWrite.Refused("is a directory");
        }
        if (!a.isRegularFile()) {
            throw new AtomicWrite.Refused("is not a regular file (a device, FIFO or socket)");
        }
        if (a.size() > max) {
            throw new TooLarge(max);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new TooLarge(max);
            }
            return bytes;
        }
    }
}
