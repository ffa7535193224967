package org.censpec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.OutputDirectory;
import org.censpec.model.UserError;
import org.censpec.model.io.AtomicWrite;
import org.censpec.model.parse.SpecFileException;
import org.censpec.prove.Board;
import org.censpec.prove.GuestPools;
import org.censpec.prove.KernelScripts;
import org.censpec.prove.ProveFormat;
import org.censpec.prove.ProveReport;
import org.censpec.prove.Prover;
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

/**
 * {@code censpec prove}: a spec's module (generated, or an existing {@code censpec generate}
 * output) built for a chosen kernel and architecture and proved in qemu-booted guests.
 */
@Command(
        name = "prove",
        mixinStandardHelpOptions = true,
        description = "Build the spec's kernel module (test build) for a Debian kernel, boot it in qemu (TCG), replay "
                + "every flow execution and counterexample and compare the kernel with the model, run the ABI test and "
                + "each --run program, check dmesg, rmmod and leftovers. Exit 0 all passed, 1 a failure, 2 usage or "
                + "environment (the line names what to install).")
final class ProveCommand implements Callable<Integer> {
    static final String MANIFEST = ".censpec-manifest";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--arch",
            defaultValue = "x86_64",
            paramLabel = "ARCH",
            description = "x86_64 or arm64 (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(
            names = "--kernel",
            defaultValue = "6.1",
            paramLabel = "KERNEL",
            description =
                    "Debian kernel series 6.1, 6.12 or 7.2 (Debian's sid), or a folder with a kernel.env (default ${DEFAULT-VALUE}).")
    String kernel;

    @Option(
            names = "--debug-kernel",
            description = "The x86_64 debug kernel (KASAN, lockdep, DMA-API and dma-buf debug).")
    boolean debugKernel;

    @Option(
            names = "--machine",
            defaultValue = "auto",
            paramLabel = "MACHINE",
            description = "arm64 qemu machine: virt, raspi3b (RAM from physical 0, 1 GiB, the Raspberry Pi's /soc"
                    + " dma-ranges) or auto (default): raspi3b when an allocator of the spec is bounded at or below"
                    + " 1 GiB, where virt has no RAM, else virt.")
    String machine;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            description = "Guest RAM, one boot each (qemu syntax; default 512M, arm64 1024M).")
    List<String> memories = new ArrayList<>();

    @Option(
            names = "--generated",
            paramLabel = "DIR",
            description = "Prove this censpec generate output instead of generating.")
    Path generated;

    @Option(
            names = "--run",
            paramLabel = "PROGRAM",
            description =
                    "A static executable for the guest's architecture, run with the module loaded as PROGRAM <module> <ctl> <heap>...; its exit status counts.")
    List<Path> runs = new ArrayList<>();

    @Option(
            names = "--smp",
            defaultValue = "1",
            paramLabel = "N",
            description = "Guest vCPUs (default ${DEFAULT-VALUE}).")
    int smp;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Where builds, replays and serial logs go (default a new folder under $TMPDIR).")
    Path workDir;

    @Option(
            names = "--abi-opts",
            defaultValue = "",
            paramLabel = "OPTS",
            description = "Extra options of the guest's heap ABI test, after the --expect words prove derives"
                    + " from the spec for each heap (what CPU access to its buffers must give).")
    String abiOptions;

    @Mixin
    BudgetOptions budget;

    @Option(
            names = "--boot-timeout",
            defaultValue = "600",
            paramLabel = "SECS",
            description = "Seconds per boot (default ${DEFAULT-VALUE}).")
    long bootTimeout;

    @Option(
            names = "--engine",
            defaultValue = "alloy",
            description = "Semantic checker for the counterexamples (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(
            names = "--dtb",
            paramLabel = "BOARD.dtb",
            description = "The board's devicetree blob: checked against the spec (match strings, regions, reach,"
                    + " max_size) and, on arm64, carried into the guest (its reserved-memory pools, CMA size, a stand-in"
                    + " importer at each node a match string names). Default: the devicetree the spec was imported from"
                    + " (import-dt's first line), when it is there.")
    Path dtb;

    @Option(
            names = "--no-dtb",
            description = "Prove without a board devicetree (qemu's machine and censpec's extension).")
    boolean noDtb;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); with json or junit the"
                    + " progress lines go to stderr.")
    ProveFormat format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the --format report to FILE (atomically) and the text report to the console.")
    Path output;

    @Option(
            names = "--report",
            paramLabel = "FORMAT=FILE",
            description = "Also write the report in FORMAT to FILE; repeatable.")
    List<String> reports = new ArrayList<>();

    @Parameters(paramLabel = "SPEC", description = "The spec file.")
    Path file;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter console = spec.commandLine().getOut();
        Map<Path, ProveFormat> targets = reportTargets();
        PrintWriter out = format == ProveFormat.text || output != null
                ? console
                : spec.commandLine().getErr();
        String k = checkedKernel();
        KernelScripts scripts;
        try {
            scripts = KernelScripts.locate();
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        CheckedSpec checked;
        try {
            checked = new SpecCheck(engine, budget.budget(), List.of()).check(file);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        if (checked.spec().isEmpty()) {
            out.print(TextFormat.render(List.of(checked)));
            throw new UserError(file + " has errors that leave no model to prove against");
        }
        String name = checked.spec().get().name();
        List<String> boardNotes = new ArrayList<>();
        Optional<Board> user = board(checked.spec().get(), boardNotes);
        Path work = workDir != null
                ? workDir.toAbsolutePath()
                : Files.createTempDirectory("censpec-prove-" + name + "-").toAbsolutePath();
        Path source;
        if (generated != null) {
            source = withRuntime(generatedDir(generated, name), work.resolve("generated"));
        } else {
            source = work.resolve("generated");
            new OutputDirectory(source)
                    .write(new CodeGenerator(Main.VERSION)
                            .generate(checked.spec().get()));
        }
        String board = Prover.machineFor(checked.spec().get(), arch, machine);
        List<String> mems = memories.isEmpty() ? List.of(defaultMemory(board, user)) : memories;
        if (board.equals("raspi3b") && !mems.stream().allMatch(m -> m.equals("1024M") || m.equals("1G"))) {
            throw new UserError("--memory: qemu's raspi3b has 1 GiB of RAM (it is chosen because " + name
                    + " has an allocator bounded at or below 1 GiB)");
        }
        out.println("prove: " + name + " on " + arch + (board.isEmpty() ? "" : " " + board) + " " + k + " (work " + work
                + ")");
        Prover.Target target = new Prover.Target(
                arch,
                board,
                k,
                mems,
                smp,
                runs.stream().map(Path::toAbsolutePath).toList(),
                abiOptions,
                bootTimeout,
                user,
                boardNotes);
        Prover.Outcome o = new Prover(scripts, work, out)
                .prove(checked, source.resolve("kernel").toAbsolutePath(), target);
        if (o.environment() != null) {
            throw new UserError(o.environment());
        }
        out.flush();
        ProveReport report = o.report();
        for (Map.Entry<Path, ProveFormat> t : targets.entrySet()) {
            write(t.getKey(), t.getValue().render(report));
        }
        console.print((output != null ? ProveFormat.text : format).render(report));
        console.flush();
        return report.failed() == 0 ? ExitCode.OK : ExitCode.FINDINGS;
    }

    /** The options checked before anything is built (one-line errors); returns the kernel: a series, debug or a folder. */
    private String checkedKernel() {
        if (!arch.equals("x86_64") && !arch.equals("arm64")) {
            throw new UserError("--arch " + arch + ": x86_64 or arm64");
        }
        if (smp < 1 || smp > 8) {
            throw new UserError("--smp " + smp + ": 1 to 8");
        }
        String k = debugKernel ? "debug" : kernel;
        if (debugKernel && !arch.equals("x86_64")) {
            throw new UserError("--debug-kernel: the debug kernel is x86_64 only");
        }
        if (!Prover.KERNEL_SERIES.contains(k) && !k.equals("debug")) {
            Path p = Path.of(k).toAbsolutePath();
            if (!Files.isRegularFile(p.resolve("kernel.env"))) {
                throw new UserError("--kernel " + k + ": " + String.join(", ", Prover.KERNEL_SERIES)
                        + ", or a folder with a kernel.env (as fetch-kernel.sh writes)");
            }
            k = p.toString();
        }
        for (String m : memories) {
            if (!m.matches("[1-9][0-9]*[MG]")) {
                throw new UserError("--memory " + m + ": a size such as 512M or 5G");
            }
        }
        if (!machine.equals("auto") && !Prover.ARM64_MACHINES.contains(machine)) {
            throw new UserError("--machine " + machine + ": virt, raspi3b or auto");
        }
        if (!machine.equals("auto") && !arch.equals("arm64")) {
            throw new UserError("--machine " + machine + ": only with --arch arm64");
        }
        if (dtb != null && noDtb) {
            throw new UserError("--dtb and --no-dtb: give one");
        }
        Durations.seconds("--boot-timeout", bootTimeout);
        for (Path r : runs) {
            if (!Files.isRegularFile(r)) {
                throw new UserError("--run " + r + ": no such file");
            }
        }
        return k;
    }

    /** The board: --dtb, else (unless --no-dtb) the devicetree the spec was imported from; why none goes to {@code notes}. */
    private Optional<Board> board(org.censpec.model.Spec s, List<String> notes) throws IOException {
        if (dtb != null) {
            return Optional.of(Board.explicit(dtb, s));
        }
        if (noDtb) {
            notes.add("none (--no-dtb)");
            return Optional.empty();
        }
        Optional<Board> b = Board.importedFrom(file, notes);
        b.ifPresent(x -> x.missingRegions(s)
                .forEach(a -> notes.add("region \"" + a.region().get().value()
                        + "\" (allocator " + a.name() + ") is not in "
                        + x.file().getFileName() + "'s /reserved-memory: proved"
                        + " absent (the allocator unusable, buffers fall back past it); on a board whose firmware adds it the"
                        + " spec is not proven")));
        return b;
    }

    /** 1024M (arm64), 512M (x86-64), or on virt what the board's pools need beside the kernel, up to 3 GiB. */
    private String defaultMemory(String machineName, Optional<Board> user) {
        if (!arch.equals("arm64")) {
            return "512M";
        }
        long want = user.map(GuestPools::ramWanted).orElse(0L);
        long mib = machineName.equals("virt") ? Math.min(3072, Math.max(1024, want >> 20)) : 1024;
        return mib + "M";
    }

    /** --output and each --report, checked before the run (one line for a malformed or unwritable one). */
    private Map<Path, ProveFormat> reportTargets() {
        Map<Path, ProveFormat> out = new java.util.LinkedHashMap<>();
        if (output != null) {
            out.put(output, format);
        }
        for (String r : reports) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new UserError("--report expects FORMAT=FILE (e.g. junit=prove.xml), got '" + r + "'");
            }
            ProveFormat f;
            try {
                f = ProveFormat.valueOf(r.substring(0, eq).toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserError("--report: unknown format '" + r.substring(0, eq) + "' (text, json or junit)");
            }
            Path p = Path.of(r.substring(eq + 1));
            if (out.putIfAbsent(p, f) != null) {
                throw new UserError("report file given twice: " + p);
            }
        }
        for (Path p : out.keySet()) {
            String problem = AtomicWrite.problem(p);
            if (problem != null) {
                throw new UserError("cannot write report " + p + ": " + problem);
            }
        }
        return out;
    }

    private static void write(Path p, String text) {
        try {
            AtomicWrite.write(p, text);
        } catch (IOException e) {
            throw new UserError("cannot write report " + p + ": " + AtomicWrite.reason(e));
        }
    }

    /**
     * {@code dir} itself, or, when it was written with {@code --tables-only}, a copy of it in
     * {@code into} completed with the kernel runtime of this censpec.
     */
    static Path withRuntime(Path dir, Path into) throws IOException {
        String manifest = Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
        if (!manifest.contains("\n# " + CodeGenerator.TABLES_ONLY + "\n")) {
            return dir;
        }
        java.util.Map<String, String> files =
                new java.util.TreeMap<>(CodeGenerator.runtime().files());
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile)
                    .filter(p -> !p.endsWith(MANIFEST))
                    .toList()) {
                files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        String banner = manifest.lines().findFirst().orElseThrow().substring(2);
        new OutputDirectory(into)
                .write(OutputDirectory.withManifest(org.censpec.codegen.emit.GeneratedFiles.of(files), banner));
        return into.toAbsolutePath();
    }

    /** DIR if it is censpec generate output of the spec named {@code name}, else a one-line refusal. */
    static Path generatedDir(Path dir, String name) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new UserError("--generated " + dir + ": not censpec output (no " + MANIFEST + ")");
        }
        String first = Files.readAllLines(manifest, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("");
        String prefix = "# generated by censpec ";
        int from = first.indexOf(" from spec ");
        if (!first.startsWith(prefix) || from < 0) {
            throw new UserError("--generated " + dir + ": " + MANIFEST + " is not a censpec manifest");
        }
        String of = first.substring(from + " from spec ".length()).strip();
        if (!of.equals(name)) {
            throw new UserError("--generated " + dir + ": generated from spec " + of + ", not " + name);
        }
        if (!Files.isDirectory(dir.resolve("kernel"))) {
            throw new UserError("--generated " + dir + ": no kernel/ folder");
        }
        return dir.toAbsolutePath();
    }
}
