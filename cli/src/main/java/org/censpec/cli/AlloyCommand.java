package org.censpec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.model.UserError;
import org.censpec.model.io.IoReason;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.TextFormat;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.censpec.verify.alloy.AlloyChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec alloy}: print the generated Alloy model, to open in the Alloy Analyzer. */
@Command(
        name = "alloy",
        mixinStandardHelpOptions = true,
        description = "Print the Alloy 6 modules censpec checks for a spec: the static module and one slice per flow,"
                + " each after a line naming it (each loads unchanged in the Alloy Analyzer 6.2).")
final class AlloyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(
            names = {"-o", "--output-dir"},
            paramLabel = "DIR",
            description = "Write each module to DIR/NAME.als instead of printing them all.")
    java.nio.file.Path outputDir;

    @Parameters(paramLabel = "FILE", description = "The spec file.")
    java.nio.file.Path file;

    @Override
    public Integer call() {
        CheckedSpec checked;
        try {
            checked = new SpecCheck(Engine.DIRECT, java.time.Duration.ofSeconds(60)).check(file);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        if (checked.spec().isEmpty()
                || checked.findings().stream()
                        .anyMatch(f -> f.isError() && f.rule().isSpecLevel())) {
            spec.commandLine().getOut().print(TextFormat.render(List.of(checked)));
            return ExitCode.FINDINGS;
        }
        List<AlloyChecker.Module> modules =
                new AlloyChecker().alloyModules(checked.spec().get());
        if (outputDir != null) {
            try {
                java.nio.file.Files.createDirectories(outputDir);
                for (AlloyChecker.Module m : modules) {
                    org.censpec.model.io.AtomicWrite.write(outputDir.resolve(m.name() + ".als"), m.text());
                }
            } catch (java.io.IOException e) {
                throw new UserError("cannot write " + outputDir + ": " + IoReason.of(e));
            }
            return ExitCode.OK;
        }
        for (AlloyChecker.Module m : modules) {
            spec.commandLine().getOut().print("-- ==================== module " + m.name() + ".als\n" + m.text());
        }
        return ExitCode.OK;
    }
}
