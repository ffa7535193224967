package org.censpec.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.model.Finding;
import org.censpec.model.UserError;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.io.BoundedRead;
import org.censpec.model.io.InPlaceRewrite;
import org.censpec.model.io.IoReason;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.censpec.tools.fmt.SpecFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec fmt}: rewrite specs in the canonical layout. */
@Command(
        name = "fmt",
        mixinStandardHelpOptions = true,
        description = "Rewrite spec files in the canonical layout (in place, atomically; comments kept; mode, owner, "
                + "group and symbolic links kept; a hard-linked or read-only file is refused). "
                + "Exit 1 with --check when a file would change; 2 when a file cannot be read or does not parse.")
public final class FmtCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--check", description = "Write nothing; list the files that would change and exit 1 if any.")
    boolean check;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Spec files.")
    List<Path> files;

    @Override
    public Integer call() {
        boolean changed = false;
        boolean unformattable = false;
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = BoundedRead.regularFile(file, (int) SpecReader.MAX_BYTES);
            } catch (BoundedRead.TooLarge e) {
                spec.commandLine().getErr().println("censpec: " + file + ": cannot format: " + e.getMessage());
                unformattable = true;
                continue;
            } catch (AtomicWrite.Refused e) {
                throw new UserError(file + ": " + e.getMessage() + ", not a spec file");
            } catch (NoSuchFileException e) {
                throw new UserError(file + ": no such file");
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + IoReason.of(e));
            }
            ParseResult parsed = new SpecReader().parse(file.toString(), bytes);
            List<Finding> syntax = parsed.findings().stream()
                    .filter(f -> f.id().equals("spec.syntax")
                            || f.id().equals("spec.encoding")
                            || f.id().equals("spec.too-large"))
                    .toList();
            if (!syntax.isEmpty()) {
                Finding f = syntax.get(0);
                spec.commandLine().getErr().println("censpec: " + f.loc() + ": cannot format: " + f.message());
                unformattable = true;
                continue;
            }
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            String formatted = SpecFormatter.format(text);
            if (formatted.equals(text)) {
                continue;
            }
            changed = true;
            if (check) {
                spec.commandLine().getOut().println(file);
                continue;
            }
            try {
                InPlaceRewrite.rewrite(file, formatted);
            } catch (IOException e) {
                throw new UserError(file + ": cannot rewrite: " + IoReason.of(e));
            }
        }
        if (unformattable) {
            return ExitCode.USAGE;
        }
        return check && changed ? ExitCode.FINDINGS : ExitCode.OK;
    }
}
