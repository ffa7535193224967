package org.censpec.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's kernel scripts (prove/scripts) with a time limit. */
final class Scripts {
    static final Path DIR = Path.of("..", "prove", "scripts").toAbsolutePath();

    /** Exit code and combined output of one script run. */
    record Result(int exit, String output) {}

    private Scripts() {}

    static Result run(Path log, long timeoutSeconds, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(DIR.resolve(script).toString());
        cmd.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Result(124, script + " did not finish within " + timeoutSeconds + " s; log: " + log);
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The last line of a script's output: its one-line verdict. */
    static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }
}
