package org.censpec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.OutputDirectory;
import org.censpec.codegen.emit.GeneratedFiles;
import org.censpec.model.UserError;
import org.censpec.model.parse.SpecFileException;
import org.censpec.report.TextFormat;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec generate}: the kernel module glue and Java bindings of a verified spec. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate the kernel module and Java bindings of a spec into DIR (all files or none). "
                + "With --check, write nothing and exit 1 if DIR differs (the CI drift gate).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "DIR",
            description = "Output directory.")
    Path output;

    @Option(names = "--check", description = "Compare DIR with what the spec generates; write nothing.")
    boolean check;

    @Option(
            names = "--tables-only",
            description = "Write what depends on the spec, not censpec's kernel runtime "
                    + "(for a tree that keeps the runtime once for several boards; censpec prove --generated adds it).")
    boolean tablesOnly;

    @Option(names = "--engine", defaultValue = "alloy", description = "Semantic checker (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Mixin
    BudgetOptions budget;

    @Option(
            names = "--include-root",
            paramLabel = "DIR",
            description = "A folder whose .cen files the spec may also"
                    + " include (by default includes stay in the spec's own folder tree); repeatable.")
    List<Path> includeRoots = new java.util.ArrayList<>();

    @Parameters(paramLabel = "FILE", description = "The spec file.")
    Path file;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        OutputDirectory dir = new OutputDirectory(output);
        // Refuse a bad destination before the (possibly long) check runs.
        String problem = check ? null : dir.problem(file);
        if (problem != null) {
            throw new UserError(problem);
        }
        CheckedSpec checked;
        try {
            checked = new SpecCheck(engine, budget.budget(), includeRoots).check(file);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        if (checked.hasErrors()) {
            out.print(TextFormat.render(List.of(checked)));
            spec.commandLine().getErr().println("censpec: " + file + " has errors; nothing generated");
            return ExitCode.FINDINGS;
        }
        if (!check) {
            out.print(TextFormat.render(List.of(checked)));
        }
        CodeGenerator generator = new CodeGenerator(Main.VERSION);
        GeneratedFiles files = tablesOnly
                ? generator.generateTables(checked.spec().orElseThrow())
                : generator.generate(checked.spec().orElseThrow());
        if (check) {
            List<String> diff = dir.differences(files);
            diff.forEach(out::println);
            out.println(
                    diff.isEmpty()
                            ? output + " is up to date"
                            : output + " differs from what " + file + " generates (" + diff.size()
                                    + " files); run censpec generate");
            return diff.isEmpty() ? ExitCode.OK : ExitCode.FINDINGS;
        }
        try {
            dir.write(files);
        } catch (OutputDirectory.BusyException | OutputDirectory.RefusedException e) {
            throw new UserError(e.getMessage());
        }
        out.println("wrote " + files.files().size() + " files to " + output);
        return ExitCode.OK;
    }
}
