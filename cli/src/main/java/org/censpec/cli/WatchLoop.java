package org.censpec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Finding;
import org.censpec.model.UserError;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.Findings;
import org.censpec.report.TextFormat;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.WarmChecker;

/**
 * {@code censpec check --watch}: checks the files once with the warm checker, then re-checks a
 * spec whenever it or a file it includes is saved (size, modification time or file identity
 * changed) and prints only what changed: the findings the edit added, and one line per finding
 * it removed. A spec that is missing for a moment (an editor that deletes and rewrites on save)
 * is waited for: said once when it stays missing longer than {@link #MISSING_REPORT_AFTER}, and
 * checked again when it is back. Runs until interrupted; modules whose text did not change keep
 * their verdict (docs/alloy-encoding.md).
 */
final class WatchLoop {
    /** How long a spec may be missing before watch says so (a delete-and-rewrite save takes milliseconds). */
    static final Duration MISSING_REPORT_AFTER = Duration.ofSeconds(1);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private record Stamp(FileTime modified, long size, Object identity) {}

    private final WarmChecker warm;
    private final List<Path> files;
    private final PrintWriter out;
    private final Duration poll;
    /** The stamp of every watched file (specs and what they include) when it was last checked. */
    private final Map<Path, Stamp> seen = new HashMap<>();
    /** Per spec, the files its last check included. */
    private final Map<Path, List<Path>> includes = new HashMap<>();
    /** Per missing spec, when it was first found missing. */
    private final Map<Path, Long> missingSince = new HashMap<>();

    private final Set<Path> reportedMissing = new HashSet<>();

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
            Map<Path, Stamp> before = stampsOf(f);
            WarmChecker.Result r;
            try {
                r = warm.check(f);
            } catch (SpecFileException e) {
                throw new UserError(e.getMessage());
            }
            remember(f, before, r);
            first.add(r.checked());
        }
        out.print(TextFormat.render(first));
        out.println("censpec: watching " + files.size() + (files.size() == 1 ? " file" : " files")
                + " and what they include; re-checking on save (Ctrl-C stops)");
        out.flush();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            files.forEach(this::poll);
        }
        return ExitCode.OK;
    }

    private void poll(Path spec) {
        if (stamp(spec) == null) {
            missing(spec);
            return;
        }
        missingSince.remove(spec);
        if (reportedMissing.remove(spec)) {
            say(spec + " is back");
        }
        Optional<Path> changed = changedInput(spec);
        if (changed.isEmpty()) {
            return;
        }
        Map<Path, Stamp> before = stampsOf(spec);
        try {
            WarmChecker.Result r = warm.check(spec);
            remember(spec, before, r);
            report(spec, changed.get(), r);
        } catch (SpecFileException e) {
            seen.putAll(before); // said once; checked again when it changes
            say(e.getMessage() + "; watching for it to change");
        }
    }

    /** The spec, or else the first file it includes, whose stamp changed since its last check. */
    private Optional<Path> changedInput(Path spec) {
        List<Path> inputs = new ArrayList<>();
        inputs.add(spec);
        inputs.addAll(includes.getOrDefault(spec, List.of()));
        return inputs.stream()
                .filter(p -> !Objects.equals(stamp(p), seen.get(p)))
                .findFirst();
    }

    private void missing(Path spec) {
        long now = System.nanoTime();
        long since = missingSince.computeIfAbsent(spec, p -> now);
        if (now - since >= MISSING_REPORT_AFTER.toNanos() && reportedMissing.add(spec)) {
            say(spec + " is missing; watching for it to come back");
        }
    }

    /** The stamps of the spec and its known includes, taken before a check (an edit during it is seen next poll). */
    private Map<Path, Stamp> stampsOf(Path spec) {
        Map<Path, Stamp> out = new HashMap<>();
        out.put(spec, stamp(spec));
        includes.getOrDefault(spec, List.of()).forEach(p -> out.put(p, stamp(p)));
        return out;
    }

    private void remember(Path spec, Map<Path, Stamp> before, WarmChecker.Result r) {
        List<Path> included = r.checked().included();
        includes.put(spec, included);
        seen.putAll(before);
        for (Path p : included) {
            if (!before.containsKey(p)) {
                seen.put(p, stamp(p)); // newly included: as the check read it, or nearly
            }
        }
    }

    private void report(Path f, Path changed, WarmChecker.Result r) {
        long errors = r.checked().findings().stream().filter(Finding::fails).count();
        long warnings = r.checked().findings().stream().filter(Finding::warns).count();
        String through = changed.equals(f) ? "" : " after an edit to " + changed;
        say(f + " changed: +" + r.added().size() + " -" + r.removed().size() + " findings (" + errors
                + " errors, " + warnings + " warnings; " + r.modulesChecked() + " modules checked, "
                + r.modulesReused() + " reused)" + through);
        for (Finding a : r.added()) {
            out.print(Findings.text(a));
        }
        for (Finding gone : r.removed()) {
            out.println("fixed: " + gone.loc() + ": " + gone.id() + ": " + gone.message());
        }
        out.flush();
    }

    private void say(String what) {
        out.println("censpec: " + LocalTime.now().format(CLOCK) + " " + what);
        out.flush();
    }

    /** Size, modification time and file identity, or null while the file is missing (an editor replacing it). */
    private static Stamp stamp(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return null;
        }
    }
}
