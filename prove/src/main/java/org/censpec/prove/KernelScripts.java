package org.censpec.prove;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's kernel scripts (prove/scripts): found under $CENSPEC_HOME (the
 * launcher sets it) or above the running jar, run with a time limit, output to a log.
 */
public final class KernelScripts {
    /** Exit code and combined output of one script run. */
    public record Result(int exit, String output, Path log) {
        /** The last line of the output: the script's one-line verdict. */
        public String lastLine() {
            String[] lines = output.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private final Path dir;

    private KernelScripts(Path dir) {
        this.dir = dir;
    }

    /** The scripts folder, or an exception naming where it was looked for. */
    public static KernelScripts locate() {
        List<Path> tried = new ArrayList<>();
        String home = System.getenv("CENSPEC_HOME");
        if (home != null && !home.isBlank()) {
            tried.add(Path.of(home));
        }
        try {
            Path jar = Path.of(KernelScripts.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = jar.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                tried.add(p);
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // only CENSPEC_HOME then
        }
        for (Path root : tried) {
            Path d = root.resolve("prove/scripts");
            if (Files.isRegularFile(d.resolve("boot-guest.sh"))) {
                return new KernelScripts(d.toAbsolutePath());
            }
        }
        throw new IllegalStateException("prove/scripts not found (set CENSPEC_HOME to the censpec checkout)");
    }

    public Path dir() {
        return dir;
    }

    public Result run(Path log, long timeoutSeconds, Map<String, String> env, String script, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(dir.resolve(script).toString());
        cmd.addAll(args);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Result(124, script + " did not finish within " + timeoutSeconds + " s; log: " + log, log);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }
}
