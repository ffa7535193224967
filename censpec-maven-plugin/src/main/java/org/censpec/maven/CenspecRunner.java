package org.censpec.maven;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.censpec.cli.Main;

/** Runs the censpec command line in-process and hands its output to the Maven log. */
final class CenspecRunner {
    /** What a run printed and how it ended. */
    record Result(int exit, String out, String err) {
    }

    /** Finding lines already logged in this build (the plugin's classes live for one build). */
    private static final java.util.Set<String> REPORTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private CenspecRunner() {
    }

    static Result run(Log log, List<String> args) {
        log.debug("censpec " + String.join(" ", args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        // Alloy and the generators load resources through the context class loader.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CenspecRunner.class.getClassLoader());
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            exit = Main.run(args.toArray(String[]::new), o, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        boolean skipping = false;
        for (String l : out.toString().lines().toList()) {
            boolean finding = l.contains(": error[") || l.contains(": warning[");
            if (finding) {
                // check and generate both print the findings: each is reported once per build
                skipping = !REPORTED.add(l);
            } else if (!l.startsWith(" ")) {
                skipping = false;
            }
            if (skipping) {
                log.debug(l);
            } else if (finding && l.contains(" (suppressed: ")) {
                log.info(l); // a suppressed finding fails nothing: not an [ERROR] inside BUILD SUCCESS
            } else if (l.contains(": error[")) {
                log.error(l);
            } else if (l.contains(": warning[")) {
                log.warn(l);
            } else {
                log.info(l);
            }
        }
        err.toString().lines().forEach(log::error);
        return new Result(exit, out.toString(), err.toString());
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
            s.filter(p -> p.toString().endsWith(".cen") && Files.isRegularFile(p)).sorted()
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
