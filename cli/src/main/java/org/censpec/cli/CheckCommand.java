package org.censpec.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.model.parse.SpecFileException;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code censpec check}: parse, validate and verify specs; report findings. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check spec files and report findings. Exit 0: no errors; 1: errors found; 2: usage or I/O error.")
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    Format format;

    @Option(names = "--engine", description = "Semantic checker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "alloy")
    Engine engine;

    @Option(names = "--timeout", description = "Seconds one solver command may take (default: ${DEFAULT-VALUE}).",
            defaultValue = "60")
    long timeoutSeconds;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (*.cen).")
    List<Path> files;

    @Override
    public Integer call() {
        SpecCheck checker = new SpecCheck(engine, Duration.ofSeconds(timeoutSeconds));
        List<CheckedSpec> results = new ArrayList<>();
        for (Path file : files) {
            try {
                results.add(checker.check(file));
            } catch (SpecFileException e) {
                throw new UserError(e.getMessage());
            }
        }
        String out = format == Format.json ? JsonFormat.render(results) : TextFormat.render(results);
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return results.stream().anyMatch(CheckedSpec::hasErrors) ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
