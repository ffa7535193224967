package org.censpec.cli;

import org.censpec.report.TextFormat;
import org.censpec.report.JsonFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.censpec.model.io.AtomicWrite;
import org.censpec.report.Findings;
import org.censpec.report.JunitReport;
import org.censpec.report.SarifReport;
import org.censpec.report.TraceSvg;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.parse.SpecFileException;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.SpecSet;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec check}: parse, validate and verify specs; report findings. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check spec files and report findings. Exit 0: no errors; 1: errors found "
                + "(or warnings, with --warnings-as-errors); 2: usage or I/O error.")
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json, sarif, junit }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the --format output to FILE (atomically) and the text report to the console.")
    Path output;

    @Option(names = "--report", paramLabel = "FORMAT=FILE",
            description = "Also write a report in FORMAT (text, json, sarif, junit) to FILE; repeatable.")
    List<String> reports = new ArrayList<>();

    @Option(names = "--warnings-as-errors", description = "Exit 1 when there is any warning; JUnit fails on warnings.")
    boolean warningsAsErrors;

    @Option(names = "--trace-svg", paramLabel = "DIR",
            description = "Write one SVG sequence diagram per flow finding into DIR (created if missing).")
    Path traceSvg;

    @Option(names = "--engine", description = "Semantic checker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "alloy")
    Engine engine;

    @Option(names = "--timeout", description = "Seconds one solver command may take (default: ${DEFAULT-VALUE}).",
            defaultValue = "60")
    long timeoutSeconds;

    @Option(names = "--watch", description = "Check, then re-check each file when it is saved and print only "
            + "what changed, until interrupted (the warm checker: unchanged flows keep their verdict).")
    boolean watch;

    @Option(names = "--hide-suppressed-traces",
            description = "In text output, print suppressed findings on one line, without their interleaving.")
    boolean hideSuppressedTraces;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (*.cen).")
    List<Path> files;

    @Override
    public Integer call() {
        if (watch) {
            if (output != null || !reports.isEmpty() || traceSvg != null || format != Format.text) {
                throw new UserError("--watch prints text to the console: it takes no --format, --output, --report "
                        + "or --trace-svg");
            }
            return new WatchLoop(engine, Duration.ofSeconds(timeoutSeconds),
                    files.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList(),
                    spec.commandLine().getOut(), Duration.ofMillis(300)).run();
        }
        Map<Path, Format> targets = targets();
        // Refuse unwritable destinations before the (possibly long) check runs.
        for (Path p : targets.keySet()) {
            String problem = AtomicWrite.problem(p);
            if (problem != null) {
                throw new UserError("cannot write report " + p + ": " + problem);
            }
        }
        if (traceSvg != null && Files.exists(traceSvg) && !Files.isDirectory(traceSvg)) {
            throw new UserError("cannot write trace pictures to " + traceSvg + ": not a directory");
        }

        SpecCheck checker = new SpecCheck(engine, Duration.ofSeconds(timeoutSeconds));
        List<CheckedSpec> results = new ArrayList<>();
        Set<Path> checked = new HashSet<>();
        for (Path file : files) {
            if (!checked.add(file.toAbsolutePath().normalize())) {
                continue; // the same file given twice is checked (and reported) once
            }
            try {
                results.add(checker.check(file));
            } catch (SpecFileException e) {
                throw new UserError(e.getMessage());
            }
        }
        results = SpecSet.crossCheck(SameSpecAcrossFiles.apply(results));

        for (Map.Entry<Path, Format> t : targets.entrySet()) {
            try {
                AtomicWrite.write(t.getKey(), render(t.getValue(), results));
            } catch (IOException e) {
                throw new UserError("cannot write report " + t.getKey() + ": " + reason(e));
            }
        }
        if (traceSvg != null) {
            writeTraces(results);
        }
        Format console = output != null ? Format.text : format;
        spec.commandLine().getOut().print(render(console, results));
        spec.commandLine().getOut().flush();

        boolean errors = results.stream().anyMatch(CheckedSpec::hasErrors);
        boolean warnings = results.stream().flatMap(r -> r.findings().stream()).anyMatch(Finding::warns);
        return errors || (warningsAsErrors && warnings) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /** Every file to write, with its format: --output first, then each --report; one format per file. */
    private Map<Path, Format> targets() {
        Map<Path, Format> out = new LinkedHashMap<>();
        Set<Path> seen = new HashSet<>();
        if (output != null) {
            out.put(output, format);
            seen.add(output.toAbsolutePath().normalize());
        }
        for (String r : reports) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new UserError(
                        "--report expects FORMAT=FILE (e.g. sarif=out.sarif), got '" + r + "'");
            }
            Format f;
            try {
                f = Format.valueOf(r.substring(0, eq).toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("--report: unknown format '" + r.substring(0, eq)
                        + "' (expected one of text, json, sarif, junit)");
            }
            Path p = Path.of(r.substring(eq + 1));
            if (!seen.add(p.toAbsolutePath().normalize())) {
                throw new UserError("report file given twice: " + p);
            }
            out.put(p, f);
        }
        return out;
    }

    private String render(Format f, List<CheckedSpec> results) {
        return switch (f) {
            case text -> TextFormat.render(results, hideSuppressedTraces);
            case json -> JsonFormat.render(results);
            case sarif -> SarifReport.render(results, Main.VERSION);
            case junit -> JunitReport.render(results, warningsAsErrors);
        };
    }

    private void writeTraces(List<CheckedSpec> results) {
        try {
            Files.createDirectories(traceSvg);
        } catch (IOException e) {
            throw new UserError("cannot write trace pictures to " + traceSvg + ": " + reason(e));
        }
        Set<String> names = new HashSet<>();
        for (CheckedSpec r : results) {
            if (r.spec().isEmpty()) {
                continue;
            }
            String specName = r.spec().get().name();
            for (Finding f : r.findings()) {
                if (!Findings.isFlowFinding(f)) {
                    continue;
                }
                Optional<Flow> flow = Findings.flowOf(r.spec().get(), f);
                String name = TraceSvg.fileName(specName, f);
                for (int n = 2; !names.add(name); n++) {
                    name = TraceSvg.fileName(specName, f).replaceFirst("\\.svg$", "-" + n + ".svg");
                }
                Path target = traceSvg.resolve(name);
                try {
                    AtomicWrite.write(target, TraceSvg.render(specName, flow, f));
                } catch (IOException e) {
                    throw new UserError("cannot write trace picture " + target + ": " + reason(e));
                }
            }
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
        return m == null ? kind : kind + " (" + m + ")";
    }
}
