package org.censpec.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The censpec checkout a test runs in (tests run in their module's folder). */
public final class Repository {
    private Repository() {}

    /** The nearest folder at or above the working directory that holds {@code run-tests}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("run-tests")) && Files.isDirectory(d.resolve("prove"))) {
                return d;
            }
        }
        throw new IllegalStateException("not inside a censpec checkout: " + dir);
    }
}
