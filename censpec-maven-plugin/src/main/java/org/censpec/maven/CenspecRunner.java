package org.censpec.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.censpec.model.Finding;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.Findings;
import org.censpec.report.TextFormat;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.censpec.verify.budget.WorkBudget;

/** Runs censpec's check pipeline in-process (the same one the command line runs) and logs its findings. */
final class CenspecRunner {
    /** Findings already logged in this build (the plugin's classes live for one build): check and generate both check. */
    private static final java.util.Set<String> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CenspecRunner() {}

    /** The check pipeline with the goal's engine and work budget (censpec.timeout, censpec.maxStates). */
    static SpecCheck checker(String engine, long timeoutSeconds, long maxStates) throws MojoExecutionException {
        Engine e;
        try {
            e = Engine.valueOf(engine.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException x) {
            throw new MojoExecutionException("censpec: unknown engine '" + engine + "' (expected alloy or direct)");
        }
        try {
            return new SpecCheck(e, WorkBudget.of(maxStates, timeoutSeconds), List.of());
        } catch (IllegalArgumentException x) {
            throw new MojoExecutionException("censpec: " + x.getMessage());
        }
    }

    /**
     * Runs {@code work} with the plugin's class loader as the context loader (Alloy and the
     * generators load resources through it); a spec that cannot be read is a one-line failure.
     */
    static <T> T run(Callable<T> work) throws MojoExecutionException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CenspecRunner.class.getClassLoader());
        try {
            return work.call();
        } catch (SpecFileException e) {
            throw new MojoExecutionException("censpec: " + e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("censpec: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MojoExecutionException("censpec: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Logs each finding once per build at its severity (a suppressed one as info: it fails
     * nothing), with its interleaving, then the summary line.
     */
    static void log(Log log, List<CheckedSpec> results) {
        for (Finding f : TextFormat.sorted(results)) {
            String text = Findings.text(f).stripTrailing();
            if (!REPORTED.add(text)) {
                log.debug(text);
            } else if (f.isSuppressed()) {
                log.info(text);
            } else if (f.isError()) {
                log.error(text);
            } else {
                log.warn(text);
            }
        }
        log.info(TextFormat.summary(results));
    }

    /** The specs to use: the listed files if any, else every *.cen under the directory, sorted. */
    static List<File> specs(List<File> listed, File directory) throws MojoExecutionException {
        if (listed != null && !listed.isEmpty()) {
            return listed;
        }
        if (directory == null || !directory.isDirectory()) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(directory.toPath())) {
            List<File> out = new ArrayList<>();
            s.filter(p -> p.toString().endsWith(".cen") && Files.isRegularFile(p))
                    .sorted()
                    .forEach(p -> out.add(p.toFile()));
            return out;
        } catch (IOException e) {
            throw new MojoExecutionException("cannot list specs in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The spec's file name without directory and {@code .cen}: the name of its output directory. */
    static String stem(File spec) {
        String n = spec.getName();
        return n.endsWith(".cen") ? n.substring(0, n.length() - 4) : n;
    }
}
