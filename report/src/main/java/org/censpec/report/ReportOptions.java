package org.censpec.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.censpec.model.Finding;
import org.censpec.model.UserError;
import org.censpec.model.io.AtomicWrite;
import org.censpec.verify.CheckedSpec;
import picocli.CommandLine.Option;

/**
 * The report options every reporting command shares (a picocli mixin): {@code --format},
 * {@code --output}, {@code --report FORMAT=FILE} and {@code --warnings-as-errors}; it checks the
 * destinations before the run, writes every report of one run's results atomically, prints the
 * console report and gives the exit code of findings.
 */
public final class ReportOptions {
    /** Exit code: no error finding (warnings allowed unless --warnings-as-errors). */
    public static final int OK = 0;
    /** Exit code: at least one error finding (or warning, with --warnings-as-errors). */
    public static final int FINDINGS = 1;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the --format output to FILE (atomically) and the text report to the console.")
    Path output;

    @Option(
            names = "--report",
            paramLabel = "FORMAT=FILE",
            description = "Also write a report in FORMAT (text, json, sarif, junit) to FILE; repeatable.")
    List<String> reports = new ArrayList<>();

    @Option(names = "--warnings-as-errors", description = "Exit 1 when there is any warning; JUnit fails on warnings.")
    boolean warningsAsErrors;

    private List<Path> inputs = List.of();

    public boolean warningsAsErrors() {
        return warningsAsErrors;
    }

    /** Whether any report goes to a file or the console format is not text. */
    public boolean writesFilesOrFormats() {
        return output != null || !reports.isEmpty() || format != ReportFormat.text;
    }

    /**
     * Every file to write with its format, --output first, then each --report; refuses (one line)
     * a malformed --report, a file named twice, a destination that cannot be written (not a
     * regular file: a link, a device, a FIFO) or that is one of the run's {@code inputs}, before
     * the run does any work.
     */
    public Map<Path, ReportFormat> checkedTargets(Collection<Path> inputs) {
        this.inputs = List.copyOf(inputs);
        Map<Path, ReportFormat> out = targets();
        for (Path p : out.keySet()) {
            String problem = AtomicWrite.problem(p, this.inputs);
            if (problem != null) {
                throw unwritable(p, problem);
            }
        }
        return out;
    }

    /**
     * Writes every report file, then prints the console report; returns the exit code of the
     * findings. A report file that is a file the check read (an included one, found only now)
     * is refused, as before the run.
     */
    public int report(List<CheckedSpec> results, ReportSettings settings, PrintWriter console) {
        List<Path> read = new ArrayList<>(inputs);
        results.forEach(r -> read.addAll(r.inputs()));
        for (Map.Entry<Path, ReportFormat> t : targets().entrySet()) {
            String problem = AtomicWrite.problem(t.getKey(), read);
            if (problem != null) {
                throw unwritable(t.getKey(), problem);
            }
            try {
                AtomicWrite.write(t.getKey(), t.getValue().render(results, settings));
            } catch (IOException e) {
                throw unwritable(t.getKey(), AtomicWrite.reason(e));
            }
        }
        ReportFormat onConsole = output != null ? ReportFormat.text : format;
        console.print(onConsole.render(results, settings));
        console.flush();
        return exitCode(results);
    }

    /** {@link #FINDINGS} when a finding fails the run, else {@link #OK}. */
    public int exitCode(List<CheckedSpec> results) {
        boolean errors = results.stream().anyMatch(CheckedSpec::hasErrors);
        boolean warnings = results.stream().flatMap(r -> r.findings().stream()).anyMatch(Finding::warns);
        return errors || (warningsAsErrors && warnings) ? FINDINGS : OK;
    }

    private Map<Path, ReportFormat> targets() {
        Map<Path, ReportFormat> out = new LinkedHashMap<>();
        Set<Path> seen = new HashSet<>();
        if (output != null) {
            out.put(output, format);
            seen.add(output.toAbsolutePath().normalize());
        }
        for (String r : reports) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw usage("--report expects FORMAT=FILE (e.g. sarif=out.sarif), got '" + r + "'");
            }
            ReportFormat f = formatNamed(r.substring(0, eq));
            Path p = Path.of(r.substring(eq + 1));
            if (!seen.add(p.toAbsolutePath().normalize())) {
                throw usage("report file given twice: " + p);
            }
            out.put(p, f);
        }
        return out;
    }

    private ReportFormat formatNamed(String name) {
        try {
            return ReportFormat.valueOf(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--report: unknown format '" + name + "' (expected one of text, json, sarif, junit)");
        }
    }

    private static UserError usage(String message) {
        return new UserError(message);
    }

    private static UserError unwritable(Path p, String reason) {
        return new UserError("cannot write report " + p + ": " + reason);
    }
}
