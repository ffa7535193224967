package org.censpec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.model.UserError;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.ReportOptions;
import org.censpec.report.ReportSettings;
import org.censpec.report.TraceSvgFiles;
import org.censpec.tools.dt.DtbException;
import org.censpec.tools.dt.FdtReader;
import org.censpec.tools.dt.RegionCheck;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.censpec.verify.WarmChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec check}: parse, validate and verify specs; report findings. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Check spec files and report findings. Exit 0: no errors; 1: errors found "
                + "(or warnings, with --warnings-as-errors; a spec whose budget ran out has verify.budget errors); "
                + "2: usage or I/O error.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ReportOptions reports;

    @Option(
            names = "--trace-svg",
            paramLabel = "DIR",
            description = "Write one SVG sequence diagram per flow finding into DIR (created if missing).")
    Path traceSvg;

    @Option(
            names = "--engine",
            description = "Semantic checker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "alloy")
    Engine engine;

    @Mixin
    BudgetOptions budget;

    @Option(
            names = "--include-root",
            paramLabel = "DIR",
            description = "A folder whose .cen files a spec may also"
                    + " include (by default includes stay in the spec's own folder tree); repeatable.")
    List<Path> includeRoots = new java.util.ArrayList<>();

    @Option(
            names = "--watch",
            description = "Check, then re-check each file when it is saved and print only "
                    + "what changed, until interrupted (the warm checker: unchanged flows keep their verdict).")
    boolean watch;

    @Option(
            names = "--hide-suppressed-traces",
            description = "In text output, print suppressed findings on one line, without their interleaving.")
    boolean hideSuppressedTraces;

    @Option(
            names = "--dtb",
            paramLabel = "BOARD.dtb",
            description = "Also check the specs against the board's devicetree (.dtb, or .dts with dtc): every region "
                    + "must be a reusable shared-dma-pool (CMA) under /reserved-memory, of the spec's size.")
    Path dtb;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (*.cen).")
    List<Path> files;

    @Override
    public Integer call() {
        if (watch) {
            return watch();
        }
        // Refuse unwritable destinations before the (possibly long) check runs.
        reports.checkedTargets(files);
        if (traceSvg != null && Files.exists(traceSvg) && !Files.isDirectory(traceSvg)) {
            throw new UserError("cannot write trace pictures to " + traceSvg + ": not a directory");
        }
        List<CheckedSpec> results;
        SpecCheck check = new SpecCheck(engine, budget.budget(), includeRoots);
        if (dtb != null) {
            RegionCheck board = board(dtb);
            check = check.withBoard(board::findings);
        }
        try {
            results = check.checkAll(files);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        if (traceSvg != null) {
            writeTraces(results);
        }
        return reports.report(
                results,
                new ReportSettings(reports.warningsAsErrors(), hideSuppressedTraces),
                spec.commandLine().getOut());
    }

    /** The board's devicetree for --dtb: a located line and exit 2 when it cannot be read. */
    private static RegionCheck board(Path dtb) {
        try {
            return RegionCheck.of(dtb.toString(), FdtReader.read(dtb.toString(), DtbFile.read(dtb)));
        } catch (DtbException e) {
            throw new UserError(e.getMessage());
        }
    }

    private int watch() {
        if (dtb != null) {
            throw new UserError("--watch takes no --dtb");
        }
        if (reports.writesFilesOrFormats() || traceSvg != null) {
            throw new UserError(
                    "--watch prints text to the console: it takes no --format, --output, --report " + "or --trace-svg");
        }
        return new WatchLoop(
                        new WarmChecker(engine, budget.budget(), includeRoots),
                        files.stream()
                                .map(p -> p.toAbsolutePath().normalize())
                                .distinct()
                                .toList(),
                        spec.commandLine().getOut(),
                        Duration.ofMillis(300))
                .run();
    }

    private void writeTraces(List<CheckedSpec> results) {
        try {
            TraceSvgFiles.write(traceSvg, results);
        } catch (IOException e) {
            throw new UserError("cannot write trace pictures to " + traceSvg + ": " + AtomicWrite.reason(e));
        }
    }
}
