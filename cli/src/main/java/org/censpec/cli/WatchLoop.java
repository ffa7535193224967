package org.censpec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.censpec.model.Finding;
import org.censpec.model.UserError;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.Findings;
import org.censpec.report.TextFormat;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.WarmChecker;

/**
 * {@code censpec check --watch}: checks the files once with the warm checker, then re-checks a
 * file whenever it is saved (its size or modification time changes) and prints only what
 * changed: the findings the edit added, and one line per finding it removed. Runs until
 * interrupted; modules whose text did not change keep their verdict (docs/alloy-encoding.md).
 */
final class WatchLoop {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private record Stamp(FileTime modified, long size) {}

    private final WarmChecker warm;
    private final List<Path> files;
    private final PrintWriter out;
    private final Duration poll;
    private final Map<Path, Stamp> seen = new LinkedHashMap<>();

    WatchLoop(WarmChecker warm, List<Path> files, PrintWriter out, Duration poll) {
        this.warm = warm;
        this.files = List.copyOf(files);
        this.out = out;
        this.poll = poll;
    }

    /** Never returns normally; an interrupt ends it. */
    int run() {
        List<CheckedSpec> first = new ArrayList<>();
        for (Path f : files) {
            seen.put(f, stamp(f));
            first.add(check(f).checked());
        }
        out.print(TextFormat.render(first));
        out.println("censpec: watching " + files.size() + (files.size() == 1 ? " file" : " files")
                + "; re-checking on save (Ctrl-C stops)");
        out.flush();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            for (Path f : files) {
                Stamp now = stamp(f);
                if (!Objects.equals(now, seen.get(f))) {
                    seen.put(f, now);
                    report(f, check(f));
                }
            }
        }
        return ExitCode.OK;
    }

    private WarmChecker.Result check(Path f) {
        try {
            return warm.check(f);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void report(Path f, WarmChecker.Result r) {
        long errors = r.checked().findings().stream().filter(Finding::fails).count();
        long warnings = r.checked().findings().stream().filter(Finding::warns).count();
        out.println("censpec: " + LocalTime.now().format(CLOCK) + " " + f + " changed: +"
                + r.added().size() + " -"
                + r.removed().size() + " findings (" + errors + " errors, " + warnings + " warnings; "
                + r.modulesChecked() + " modules checked, " + r.modulesReused() + " reused)");
        for (Finding a : r.added()) {
            out.print(Findings.text(a));
        }
        for (Finding gone : r.removed()) {
            out.println("fixed: " + gone.loc() + ": " + gone.id() + ": " + gone.message());
        }
        out.flush();
    }

    /** Size and modification time, or null while the file is missing (an editor replacing it). */
    private static Stamp stamp(Path f) {
        try {
            return new Stamp(Files.getLastModifiedTime(f), Files.size(f));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
