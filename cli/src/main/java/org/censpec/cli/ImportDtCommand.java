package org.censpec.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.censpec.model.Finding;
import org.censpec.model.UserError;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.io.IoReason;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.Printable;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.semantics.Limits;
import org.censpec.tools.dt.DtImporter;
import org.censpec.tools.dt.DtbException;
import org.censpec.tools.dt.FdtReader;
import org.censpec.tools.dt.StarterFlows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code censpec import-dt}: a starting spec from a board's devicetree. */
@Command(
        name = "import-dt",
        mixinStandardHelpOptions = true,
        description =
                "Write a starting spec from a devicetree (.dtb, or .dts compiled with dtc): RAM, the "
                        + "reserved-memory DMA pools, the CMA area, the page allocators and the DMA masters that import "
                        + "dma-bufs, each with its reach and the device that really attaches. Shares and flows are left to you.")
public final class ImportDtCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "FILE",
            description = "The devicetree: FILE.dtb, or FILE.dts (needs dtc, Debian's device-tree-compiler).")
    Path file;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "SPEC.cen",
            description = "Where to write the spec (atomically).")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", description = "The spec name (default: from the file name).")
    String model;

    @Option(
            names = "--ram",
            paramLabel = "SIZE",
            description = "RAM size (e.g. 4G) when the memory node leaves it to the boot loader.")
    String ram;

    @Option(
            names = "--cma",
            paramLabel = "SIZE",
            description =
                    "Size of the kernel's default CMA area when the devicetree declares none (linux,cma-default): "
                            + "the kernel's CONFIG_CMA_SIZE_MBYTES or cma= (default 64M, Debian's arm64 kernels; 0: no CMA).")
    String cma;

    @Option(
            names = "--starter-flows",
            description = "Also write starter shares and flows (devices with an allocator in common share a frame; "
                    + "each flow attaches every device before the first map), for a spec that checks and proves as "
                    + "imported: replace them with what your drivers do.")
    boolean starterFlows;

    @Option(
            names = "--v1",
            description = "Write only the v1 language (for an older censpec): `ram ... at`, `iommu;`, `match`, "
                    + "`region` and `size` become comments.")
    boolean v1;

    @Override
    public Integer call() {
        String name = model != null
                ? model
                : DtImporter.specNameFor(file.getFileName().toString());
        Optional<String> nameProblem = org.censpec.model.check.ReservedNames.specNameProblem(name)
                .or(() -> org.censpec.model.check.GeneratedNames.specNameProblem(name));
        if (nameProblem.isPresent() || name.length() > Limits.MAX_SPEC_NAME) {
            throw new UserError("--model " + Printable.quote(name) + ": "
                    + nameProblem.orElse("is longer than " + Limits.MAX_SPEC_NAME + " characters")
                    + (model == null ? " (give --model NAME)" : ""));
        }
        String problem = AtomicWrite.problem(output, List.of(file));
        if (problem != null) {
            throw new UserError(output + ": " + problem);
        }
        Optional<BigInteger> ramSize = Optional.ofNullable(ram).map(r -> parseSize("--ram", r, false));
        Optional<BigInteger> cmaSize = Optional.ofNullable(cma).map(c -> parseSize("--cma", c, true));
        byte[] dtb = DtbFile.read(file);
        DtImporter.Result result;
        try {
            result = DtImporter.importTree(
                    file.toString(),
                    FdtReader.read(file.toString(), dtb),
                    new DtImporter.Options(name, ramSize, !v1, cmaSize));
        } catch (DtbException e) {
            throw new UserError(e.getMessage());
        }
        String text = starterFlows ? withStarterFlows(result.text()) : result.text();
        selfCheck(text);
        try {
            AtomicWrite.write(output, text);
        } catch (IOException e) {
            throw new UserError(output + ": cannot write: " + IoReason.of(e));
        }
        for (String w : result.warnings()) {
            spec.commandLine().getErr().println("censpec: warning: " + file + ": " + w);
        }
        spec.commandLine().getOut().println("wrote " + output + " from " + file);
        return ExitCode.OK;
    }

    /** The imported text completed by {@link StarterFlows} (import-dt's own output always parses). */
    private String withStarterFlows(String text) {
        ParseResult parsed = new SpecReader().parse(output.toString(), text);
        return parsed.spec().map(s -> StarterFlows.complete(text, s)).orElse(text);
    }

    /**
     * The spec must pass the check's spec-level part before it is written: a devicetree that
     * still leads to one that does not (a bug of import-dt's) is one line and nothing written.
     */
    private void selfCheck(String text) {
        ParseResult parsed = new SpecReader().parse(output.toString(), text);
        List<Finding> errors =
                parsed.findings().stream().filter(Finding::isError).toList();
        if (parsed.spec().isPresent()) {
            errors = SpecValidator.validate(parsed.spec().get()).stream()
                    .filter(Finding::isError)
                    .toList();
        }
        if (!errors.isEmpty()) {
            Finding f = errors.get(0);
            throw new UserError(file + ": the spec import-dt made of it does not pass the check (line "
                    + f.loc().line() + ": " + f.id() + ": " + f.message()
                    + "); nothing written; please report the devicetree");
        }
    }

    private static BigInteger parseSize(String option, String s, boolean zeroAllowed) {
        if (!s.matches("[0-9]+[KMG]?")) {
            throw new UserError(option + " " + s + ": expected a size such as 4G, 512M or 1073741824");
        }
        char unit = s.charAt(s.length() - 1);
        int shift = unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
        BigInteger n = new BigInteger(shift == 0 ? s : s.substring(0, s.length() - 1)).shiftLeft(shift);
        if ((n.signum() == 0 && !zeroAllowed) || n.bitLength() > 63) {
            throw new UserError(
                    option + " " + s + ": must be " + (zeroAllowed ? "" : "greater than 0 and ") + "below 2^63");
        }
        if (n.signum() > 0 && n.compareTo(BigInteger.valueOf(4096)) < 0) {
            throw new UserError(option + " " + s + ": at least 4K");
        }
        return n;
    }
}
