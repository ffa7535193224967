package org.censpec.report;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.censpec.model.Finding;
import org.censpec.model.io.AtomicWrite;
import org.censpec.verify.CheckedSpec;

/** One SVG sequence diagram per flow finding of a run, written into a folder ({@code --trace-svg}). */
public final class TraceSvgFiles {
    private TraceSvgFiles() {}

    /**
     * Writes the pictures into {@code dir} (created if missing), each atomically, named after the
     * spec, the finding and its line ({@link TraceSvg#fileName}, {@code -2}, {@code -3}... on a clash).
     *
     * @throws IOException naming the folder or picture that could not be written
     */
    public static void write(Path dir, List<CheckedSpec> results) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new FileSystemException(dir.toString(), null, "not a directory");
        }
        Files.createDirectories(dir);
        Set<String> taken = new HashSet<>();
        for (CheckedSpec r : results) {
            if (r.spec().isEmpty()) {
                continue;
            }
            String specName = r.spec().get().name();
            for (Finding f : r.findings()) {
                if (Findings.isFlowFinding(f)) {
                    String svg =
                            TraceSvg.render(specName, Findings.flowOf(r.spec().get(), f), f);
                    AtomicWrite.write(dir.resolve(uniqueName(taken, specName, f)), svg);
                }
            }
        }
    }

    private static String uniqueName(Set<String> taken, String specName, Finding f) {
        String name = TraceSvg.fileName(specName, f);
        for (int n = 2; !taken.add(name); n++) {
            name = TraceSvg.fileName(specName, f).replaceFirst("\\.svg$", "-" + n + ".svg");
        }
        return name;
    }
}
