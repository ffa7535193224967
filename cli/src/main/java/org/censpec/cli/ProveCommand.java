package org.censpec.cli;

import org.censpec.model.UserError;

import org.censpec.report.TextFormat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.censpec.prove.KernelScripts;
import org.censpec.prove.Prover;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.OutputDirectory;
import org.censpec.model.parse.SpecFileException;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code censpec prove}: a spec's module (generated, or an existing {@code censpec generate}
 * output) built for a chosen kernel and architecture and proved in qemu-booted guests.
 */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = "Build the spec's kernel module (test build) for a Debian kernel, boot it in qemu (TCG), replay "
                + "every flow execution and counterexample and compare the kernel with the model, run the ABI test and "
                + "each --run program, check dmesg, rmmod and leftovers. Exit 0 all passed, 1 a failure, 2 usage or "
                + "environment (the line names what to install).")
final class ProveCommand implements Callable<Integer> {
    static final String MANIFEST = ".censpec-manifest";

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH", description = "x86_64 or arm64 (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--kernel", defaultValue = "6.1", paramLabel = "KERNEL",
            description = "Debian kernel series 6.1, 6.12 or 7.2 (Debian's sid), or a folder with a kernel.env (default ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--debug-kernel", description = "The x86_64 debug kernel (KASAN, lockdep, DMA-API and dma-buf debug).")
    boolean debugKernel;

    @Option(names = "--machine", defaultValue = "auto", paramLabel = "MACHINE",
            description = "arm64 qemu machine: virt, raspi3b (RAM from physical 0, 1 GiB, the Raspberry Pi's /soc"
                    + " dma-ranges) or auto (default): raspi3b when an allocator of the spec is bounded at or below"
                    + " 1 GiB, where virt has no RAM, else virt.")
    String machine;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Guest RAM, one boot each (qemu syntax; default 512M, arm64 1024M).")
    List<String> memories = new ArrayList<>();

    @Option(names = "--generated", paramLabel = "DIR", description = "Prove this censpec generate output instead of generating.")
    Path generated;

    @Option(names = "--run", paramLabel = "PROGRAM",
            description = "A static executable for the guest's architecture, run with the module loaded as PROGRAM <module> <ctl> <heap>...; its exit status counts.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--smp", defaultValue = "1", paramLabel = "N", description = "Guest vCPUs (default ${DEFAULT-VALUE}).")
    int smp;

    @Option(names = "--work", paramLabel = "DIR", description = "Where builds, replays and serial logs go (default a new folder under $TMPDIR).")
    Path workDir;

    @Option(names = "--abi-opts", defaultValue = "", paramLabel = "OPTS",
            description = "Extra options of the guest's heap ABI test, after the --expect words prove derives"
                    + " from the spec for each heap (what CPU access to its buffers must give).")
    String abiOptions;

    @Option(names = "--boot-timeout", defaultValue = "600", paramLabel = "SECS", description = "Seconds per boot (default ${DEFAULT-VALUE}).")
    long bootTimeout;

    @Option(names = "--engine", defaultValue = "alloy", description = "Semantic checker for the counterexamples (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Parameters(paramLabel = "SPEC", description = "The spec file.")
    Path file;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
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
        List<String> mems = memories.isEmpty() ? List.of(arch.equals("arm64") ? "1024M" : "512M") : memories;
        for (Path r : runs) {
            if (!Files.isRegularFile(r)) {
                throw new UserError("--run " + r + ": no such file");
            }
        }
        KernelScripts scripts;
        try {
            scripts = KernelScripts.locate();
        } catch (IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        CheckedSpec checked;
        try {
            checked = new SpecCheck(engine, Duration.ofSeconds(120)).check(file);
        } catch (SpecFileException e) {
            throw new UserError(e.getMessage());
        }
        if (checked.spec().isEmpty()) {
            out.print(TextFormat.render(List.of(checked)));
            throw new UserError(file + " has errors that leave no model to prove against");
        }
        String name = checked.spec().get().name();
        Path work = workDir != null ? workDir.toAbsolutePath()
                : Files.createTempDirectory("censpec-prove-" + name + "-").toAbsolutePath();
        Path source;
        if (generated != null) {
            source = withRuntime(generatedDir(generated, name), work.resolve("generated"));
        } else {
            source = work.resolve("generated");
            new OutputDirectory(source).write(new CodeGenerator(Main.VERSION).generate(checked.spec().get()));
        }
        String board = Prover.machineFor(checked.spec().get(), arch, machine);
        if (board.equals("raspi3b") && !mems.stream().allMatch(m -> m.equals("1024M") || m.equals("1G"))) {
            throw new UserError("--memory: qemu's raspi3b has 1 GiB of RAM (it is chosen because " + name
                    + " has an allocator bounded at or below 1 GiB)");
        }
        out.println("prove: " + name + " on " + arch + (board.isEmpty() ? "" : " " + board) + " " + k + " (work " + work + ")");
        Prover.Target target = new Prover.Target(arch, board, k, mems, smp, runs.stream().map(Path::toAbsolutePath).toList(),
                abiOptions, bootTimeout);
        Prover.Outcome o = new Prover(scripts, work, out).prove(checked, source.resolve("kernel").toAbsolutePath(), target);
        if (o.environment() != null) {
            throw new UserError(o.environment());
        }
        out.println(o.passed() + " passed, " + o.failed() + " failed");
        return o.failed() == 0 ? ExitCode.OK : ExitCode.FINDINGS;
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
        java.util.Map<String, String> files = new java.util.TreeMap<>(CodeGenerator.runtime().files());
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.endsWith(MANIFEST)).toList()) {
                files.put(dir.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        String banner = manifest.lines().findFirst().orElseThrow().substring(2);
        new OutputDirectory(into).write(OutputDirectory.withManifest(org.censpec.codegen.GeneratedFiles.of(files), banner));
        return into.toAbsolutePath();
    }

    /** DIR if it is censpec generate output of the spec named {@code name}, else a one-line refusal. */
    static Path generatedDir(Path dir, String name) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new UserError("--generated " + dir + ": not censpec output (no " + MANIFEST + ")");
        }
        String first = Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().findFirst().orElse("");
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
