package org.censpec.prove;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;

/**
 * The corpus of user-like boards (prove/boards): one folder per board with its spec and the
 * devicetree blob it was imported from (reduced to what the spec reads; provenance.tsv says
 * which package's blob). Used by the corpus's tests and its booted proof.
 */
public final class Corpus {

    /** One board: its folder, spec file, blob, and the row of provenance.tsv. */
    public record Board(
            String name, Path dir, Path spec, Path dtb, String packageName, String packagePath, String sha256) {}

    private Corpus() {}

    public static List<Board> boards(Path root) throws IOException {
        List<Board> out = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("provenance.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            Path dir = root.resolve(f[0]);
            Path spec;
            try (Stream<Path> s = Files.list(dir)) {
                spec = s.filter(p -> p.toString().endsWith(".cen")).findFirst().orElseThrow();
            }
            out.add(new Board(f[0], dir, spec, dir.resolve(f[1]), f[2], f[3], f[4]));
        }
        return out;
    }

    public static CheckedSpec check(Path spec) throws Exception {
        return new SpecCheck(Engine.DIRECT, Duration.ofSeconds(120)).check(spec);
    }

    public static Spec spec(Path file) throws Exception {
        return check(file).spec().orElseThrow();
    }

    /** The cache of the fetched kernels (prove/scripts/kernel-env.sh). */
    static Path cache() {
        String c = System.getenv("CENSPEC_CACHE");
        if (c != null && !c.isBlank()) {
            return Path.of(c);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                .resolve("censpec");
    }

    /**
     * The package's full blob in the kernel cache: kernels/arm64-VERSION/root/PATH, or, when that
     * version is not there, the same blob of the arm64 kernel of that series the cache holds
     * (fetch-kernel.sh follows Debian's updates).
     */
    static Path packageBlob(Board b) throws IOException {
        String version = b.packageName().replaceFirst("^linux-image-", "");
        Path exact = cache().resolve("kernels")
                .resolve("arm64-" + version)
                .resolve("root")
                .resolve(b.packagePath());
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        String series = version.replaceFirst("^(\\d+\\.\\d+)\\..*", "$1");
        Path current = cache().resolve("kernels").resolve("arm64-" + series + ".current");
        if (!Files.isRegularFile(current)) {
            return exact;
        }
        Path root = Path.of(Files.readString(current).strip()).resolve("root");
        String rel = b.packagePath().replaceFirst("^usr/lib/linux-image-[^/]+/", "");
        try (Stream<Path> s = Files.list(root.resolve("usr/lib"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("linux-image-"))
                    .map(p -> p.resolve(rel))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(exact);
        }
    }
}
