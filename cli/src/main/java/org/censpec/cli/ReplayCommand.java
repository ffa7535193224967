package org.censpec.cli;

import org.censpec.report.TextFormat;
import org.censpec.report.JsonFormat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.censpec.model.io.AtomicWrite;
import org.censpec.report.JunitReport;
import org.censpec.report.SarifReport;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
import org.censpec.verify.CheckedSpec;
import org.censpec.observe.LogReplay;
import org.censpec.observe.ReplayInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code censpec replay SPEC LOG}: checks what the drivers really did, recorded on a running
 * system with the generated module's tracepoints ({@code censpec-record}), against the spec.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Check a trace recorded on a running system (censpec-record) against the spec. Exit 0: "
                + "no error finding; 1: error findings (or warnings, with --warnings-as-errors); 2: usage, "
                + "unreadable file, or a log of another spec.")
final class ReplayCommand implements Callable<Integer> {
    enum Format { text, json, sarif, junit }

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Option(names = "--format", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the --format output to FILE (atomically) and the text report to the console.")
    Path output;

    @Option(names = "--warnings-as-errors", description = "Exit 1 when there is any warning.")
    boolean warningsAsErrors;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The spec the module was generated from.")
    Path specFile;

    @Parameters(index = "1", paramLabel = "LOG", description = "The trace censpec-record wrote.")
    Path log;

    @Override
    public Integer call() {
        if (output != null) {
            String problem = AtomicWrite.problem(output);
            if (problem != null) {
                throw new UserError("cannot write report " + output + ": " + problem);
            }
        }
        ParseResult parsed;
        try {
            parsed = new SpecReader().read(specFile);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        List<Finding> specFindings = new ArrayList<>(parsed.findings());
        parsed.spec().ifPresent(s -> specFindings.addAll(SpecValidator.validate(s)));
        List<CheckedSpec> results = new ArrayList<>();
        if (parsed.spec().isEmpty() || specFindings.stream().anyMatch(Finding::isError)) {
            results.add(new CheckedSpec(specFile.toString(), parsed.spec(), specFindings));
        } else {
            results.add(replay(parsed.spec().get()));
        }
        String console = render(output != null ? Format.text : format, results);
        if (output != null) {
            try {
                AtomicWrite.write(output, render(format, results));
            } catch (IOException e) {
                throw new UserError("cannot write report " + output + ": " + e.getMessage());
            }
        }
        command.commandLine().getOut().print(console);
        command.commandLine().getOut().flush();
        boolean errors = results.stream().anyMatch(CheckedSpec::hasErrors);
        boolean warnings = results.stream().flatMap(r -> r.findings().stream()).anyMatch(Finding::warns);
        return errors || (warningsAsErrors && warnings) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private CheckedSpec replay(Spec spec) {
        if (Files.isDirectory(log)) {
            throw new UserError(log + ": is a directory, not a trace log");
        }
        try (Reader in = new InputStreamReader(Files.newInputStream(log), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
            LogReplay.Result r = LogReplay.replay(spec, log.toString(), in);
            command.commandLine().getErr().printf(Locale.ROOT, "censpec replay: %d lines, %d module events, %d buffers%s%n",
                    r.lines(), r.events(), r.buffers(),
                    r.otherEvents() > 0 ? ", " + r.otherEvents() + " other events skipped" : "");
            return new CheckedSpec(log.toString(), Optional.of(spec), r.findings());
        } catch (NoSuchFileException e) {
            throw new UserError(log + ": no such file");
        } catch (IOException e) {
            throw new UserError(log + ": cannot read: " + e.getMessage());
        } catch (ReplayInputException e) {
            throw new UserError(e.getMessage());
        }
    }

    private String render(Format f, List<CheckedSpec> results) {
        return switch (f) {
            case text -> TextFormat.render(results);
            case json -> JsonFormat.render(results);
            case sarif -> SarifReport.render(results, Main.VERSION);
            case junit -> JunitReport.render(results, warningsAsErrors);
        };
    }
}
