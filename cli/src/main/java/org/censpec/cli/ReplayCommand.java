package org.censpec.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.censpec.model.Spec;
import org.censpec.model.UserError;
import org.censpec.model.io.IoReason;
import org.censpec.model.parse.SpecFileException;
import org.censpec.observe.ImporterEvent;
import org.censpec.observe.LogReplay;
import org.censpec.observe.MatchSuggestions;
import org.censpec.observe.ReplayInputException;
import org.censpec.report.ReportOptions;
import org.censpec.report.ReportSettings;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.SpecCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code censpec replay SPEC LOG}: checks what the drivers really did, recorded on a running
 * system with the generated module's tracepoints ({@code censpec-record}), against the spec.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Check a trace recorded on a running system (censpec-record) against the spec. Exit 0: "
                + "no error finding; 1: error findings (or warnings, with --warnings-as-errors); 2: usage, "
                + "unreadable file, or a log of another spec.")
final class ReplayCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec command;

    @Mixin
    ReportOptions reports;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec the module was generated from.")
    Path specFile;

    @Parameters(index = "1", paramLabel = "LOG", description = "The trace censpec-record wrote.")
    Path log;

    @Option(
            names = "--suggest-matches",
            description = "Instead of the findings, print the match lines for the "
                    + "importers the log shows attaching that the spec does not name (spec text to paste; exit 0).")
    boolean suggestMatches;

    private List<ImporterEvent> importers = List.of();

    @Override
    public Integer call() {
        reports.checkedTargets(List.of(specFile, log));
        CheckedSpec validated;
        try {
            // the spec-level pipeline of check (size limits included), without the flows' proof
            validated = SpecCheck.validate(specFile);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        CheckedSpec result = validated.spec().isEmpty() || validated.hasErrors()
                ? validated
                : replay(validated.spec().get());
        if (suggestMatches && result != validated) {
            MatchSuggestions.of(validated.spec().get(), importers)
                    .forEach(command.commandLine().getOut()::println);
            return ExitCode.OK;
        }
        return reports.report(
                List.of(result),
                new ReportSettings(reports.warningsAsErrors(), false),
                command.commandLine().getOut());
    }

    private CheckedSpec replay(Spec spec) {
        if (Files.isDirectory(log)) {
            throw new UserError(log + ": is a directory, not a trace log");
        }
        try (Reader in = new InputStreamReader(
                Files.newInputStream(log),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            LogReplay.Result r = LogReplay.replay(spec, log.toString(), in);
            importers = r.importers();
            command.commandLine()
                    .getErr()
                    .printf(
                            Locale.ROOT,
                            "censpec replay: %d lines, %d module events, %d buffers%s%n",
                            r.lines(),
                            r.events(),
                            r.buffers(),
                            r.otherEvents() > 0 ? ", " + r.otherEvents() + " other events skipped" : "");
            return new CheckedSpec(log.toString(), Optional.of(spec), r.findings());
        } catch (NoSuchFileException e) {
            throw new UserError(log + ": no such file");
        } catch (IOException e) {
            throw new UserError(log + ": cannot read: " + IoReason.of(e));
        } catch (ReplayInputException e) {
            throw new UserError(e.getMessage());
        }
    }
}
