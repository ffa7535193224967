package org.censpec.cli;

import org.censpec.model.io.IoReason;
import org.censpec.tools.dt.DtImporter;
import org.censpec.tools.dt.FdtReader;
import org.censpec.tools.dt.DtbException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.censpec.cli.ExitCode;
import org.censpec.model.UserError;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.Finding;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.Printable;
import org.censpec.model.parse.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.censpec.model.semantics.Limits;

/** {@code censpec import-dt}: a starting spec from a board's devicetree. */
@Command(name = "import-dt", mixinStandardHelpOptions = true,
        description = {"Write a starting spec from a devicetree (.dtb, or .dts compiled with dtc): RAM, the",
                "reserved-memory DMA pools, the page allocators and every DMA master with its reach.",
                "Shares and flows are left to you."})
public final class ImportDtCommand implements Callable<Integer> {
    /** Devicetree blobs of real boards are tens of KiB; this bounds what is read. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The devicetree: FILE.dtb, or FILE.dts (needs dtc, Debian's device-tree-compiler).")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SPEC.cen", description = "Where to write the spec (atomically).")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", description = "The spec name (default: from the file name).")
    String model;

    @Option(names = "--ram", paramLabel = "SIZE", description = "RAM size (e.g. 4G) when the memory node leaves it to the boot loader.")
    String ram;

    @Option(names = "--v1",
            description = "Write only the v1 language (for an older censpec): `ram ... at`, `iommu;`, `match`, "
                    + "`region` and `size` become comments.")
    boolean v1;

    @Override
    public Integer call() {
        String name = model != null ? model : DtImporter.specNameFor(file.getFileName().toString());
        Optional<String> nameProblem = org.censpec.model.check.ReservedNames.specNameProblem(name)
                .or(() -> org.censpec.model.check.GeneratedNames.specNameProblem(name));
        if (nameProblem.isPresent() || name.length() > Limits.MAX_SPEC_NAME) {
            throw new UserError("--model " + Printable.quote(name) + ": " + nameProblem.orElse("is longer than "
                    + Limits.MAX_SPEC_NAME + " characters") + (model == null ? " (give --model NAME)" : ""));
        }
        String problem = AtomicWrite.problem(output, List.of(file));
        if (problem != null) {
            throw new UserError(output + ": " + problem);
        }
        Optional<BigInteger> ramSize = Optional.ofNullable(ram).map(ImportDtCommand::parseSize);
        byte[] dtb = readBlob();
        DtImporter.Result result;
        try {
            result = DtImporter.importTree(file.toString(), FdtReader.read(file.toString(), dtb),
                    new DtImporter.Options(name, ramSize, !v1));
        } catch (DtbException e) {
            throw new UserError(e.getMessage());
        }
        selfCheck(result.text());
        try {
            AtomicWrite.write(output, result.text());
        } catch (IOException e) {
            throw new UserError(output + ": cannot write: " + IoReason.of(e));
        }
        for (String w : result.warnings()) {
            spec.commandLine().getErr().println("censpec: warning: " + file + ": " + w);
        }
        spec.commandLine().getOut().println("wrote " + output + " from " + file);
        return ExitCode.OK;
    }

    /**
     * The spec must pass the check's spec-level part before it is written: a devicetree that
     * still leads to one that does not (a bug of import-dt's) is one line and nothing written.
     */
    private void selfCheck(String text) {
        ParseResult parsed = new SpecReader().parse(output.toString(), text);
        List<Finding> errors = parsed.findings().stream().filter(Finding::isError).toList();
        if (parsed.spec().isPresent()) {
            errors = SpecValidator.validate(parsed.spec().get()).stream().filter(Finding::isError).toList();
        }
        if (!errors.isEmpty()) {
            Finding f = errors.get(0);
            throw new UserError(file + ": the spec import-dt made of it does not pass the check (line " + f.loc().line()
                    + ": " + f.id() + ": " + f.message() + "); nothing written; please report the devicetree");
        }
    }

    private static BigInteger parseSize(String s) {
        if (!s.matches("[0-9]+[KMG]?")) {
            throw new UserError("--ram " + s + ": expected a size such as 4G, 512M or 1073741824");
        }
        char unit = s.charAt(s.length() - 1);
        int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
        BigInteger n = new BigInteger(shift == 0 ? s : s.substring(0, s.length() - 1)).shiftLeft(shift);
        if (n.signum() == 0 || n.bitLength() > 63) {
            throw new UserError("--ram " + s + ": must be greater than 0 and below 2^63");
        }
        return n;
    }

    private byte[] readBlob() {
        try {
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a directory");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new UserError(file + ": " + Files.size(file) + " bytes; devicetrees are limited to " + MAX_BYTES);
            }
            if (file.getFileName().toString().endsWith(".dts")) {
                return compileDts();
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + IoReason.of(e));
        }
    }

    /** Runs {@code dtc -I dts -O dtb} (preprocessed sources only: dtc does not run cpp). */
    private byte[] compileDts() throws IOException {
        Path tmp = Files.createTempFile("censpec-dt", ".dtb");
        try {
            Process p;
            try {
                p = new ProcessBuilder("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp.toString(), file.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UserError(file + ": dtc not found: install Debian's device-tree-compiler, or give a .dtb");
            }
            p.getOutputStream().close();
            byte[] log = p.getInputStream().readNBytes(64 * 1024);
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new UserError(file + ": dtc did not finish within 60 s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new UserError(file + ": interrupted while dtc ran");
            }
            if (p.exitValue() != 0) {
                String first = new String(log, java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).findFirst().orElse("exit " + p.exitValue());
                throw new UserError(file + ": dtc failed: " + first.strip());
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
