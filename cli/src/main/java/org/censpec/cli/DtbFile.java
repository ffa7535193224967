package org.censpec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.censpec.model.UserError;
import org.censpec.model.io.IoReason;

/** A devicetree file as bytes: a .dtb read (at most 16 MiB), a .dts compiled with dtc. */
final class DtbFile {
    /** Devicetree blobs of real boards are tens of KiB; this bounds what is read. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private DtbFile() {}

    static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a directory");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new UserError(file + ": " + Files.size(file) + " bytes; devicetrees are limited to " + MAX_BYTES);
            }
            if (file.getFileName().toString().endsWith(".dts")) {
                return compileDts(file);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + IoReason.of(e));
        }
    }

    /** Runs {@code dtc -I dts -O dtb} (preprocessed sources only: dtc does not run cpp). */
    private static byte[] compileDts(Path file) throws IOException {
        Path tmp = Files.createTempFile("censpec-dt", ".dtb");
        try {
            Process p;
            try {
                p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp.toString(), file.toString())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UserError(file + ": dtc not found: install Debian's device-tree-compiler, or give a .dtb");
            }
            p.getOutputStream().close();
            byte[] log = p.getInputStream().readNBytes(64 * 1024);
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new UserError(file + ": dtc did not finish within 60 s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new UserError(file + ": interrupted while dtc ran");
            }
            if (p.exitValue() != 0) {
                String first = new String(log, java.nio.charset.StandardCharsets.UTF_8)
                        .lines()
                        .filter(l -> !l.isBlank())
                        .findFirst()
                        .orElse("exit " + p.exitValue());
                throw new UserError(file + ": dtc failed: " + first.strip());
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
