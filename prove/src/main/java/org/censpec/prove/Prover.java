package org.censpec.prove;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.codegen.kernel.KernelModuleGenerator;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;

/**
 * Proves one spec's generated module in booted kernels: builds the module's test build and
 * the ABI test for the chosen kernel, replays every flow execution and counterexample
 * ({@link ReplayPlan}) in one qemu boot per memory size, compares each kernel result with the
 * model's prediction, and counts the ABI test, the {@code --run} programs, dmesg, rmmod and
 * leftover nodes through the guest's verdict; then one data-visible boot of the production
 * module ({@link DataBoot}).
 */
public final class Prover {
    /**
     * What to prove on: architecture, its qemu machine (arm64; "" on x86_64), kernel (6.1, 6.12,
     * 7.2, debug or a folder), boots, and the user's board when there is one (reproduced in the
     * arm64 guest; its devicetree checked against the spec on every architecture), with what
     * the report must say about it (why there is none, how it was chosen).
     */
    public record Target(
            String arch,
            String machine,
            String kernel,
            List<String> memories,
            int smp,
            List<Path> runs,
            String abiOptions,
            long bootTimeoutSeconds,
            Optional<Board> board,
            List<String> boardNotes) {
        public Target {
            memories = List.copyOf(memories);
            runs = List.copyOf(runs);
            boardNotes = List.copyOf(boardNotes);
        }
    }

    /** Debian's kernel series prove fetches (fetch-kernel.sh): 7.2 from Debian's sid. */
    public static final List<String> KERNEL_SERIES = List.of("6.1", "6.12", "7.2");

    /** Where qemu's arm64 virt machine starts its RAM: an allocator bounded at or below it has no memory there. */
    static final long VIRT_RAM_BASE = 1L << 30;

    /**
     * The arm64 machine for a spec: raspi3b (RAM from physical 0) when an allocator is bounded at or
     * below {@link #VIRT_RAM_BASE}, else virt; "" for x86_64. An explicit {@code requested} machine wins.
     */
    public static String machineFor(Spec spec, String arch, String requested) {
        if (!arch.equals("arm64")) {
            return "";
        }
        if (!requested.equals("auto")) {
            return requested;
        }
        boolean low = spec.allocators().stream().anyMatch(a -> Long.compareUnsigned(a.below(), VIRT_RAM_BASE) <= 0);
        return low ? "raspi3b" : "virt";
    }

    /** The report; {@code environment} is non-null (and the report null) when a tool or package is missing or the guest cannot start. */
    public record Outcome(ProveReport report, String environment) {}

    /** A script said the machine lacks something (exit 2): the line says what to install. */
    static final class EnvironmentProblem extends Exception {
        private static final long serialVersionUID = 1L;

        EnvironmentProblem(String message) {
            super(message);
        }
    }

    static final int LIMIT_PER_FLOW = 400;
    /** The arm64 guest's default CMA area, a reusable shared-dma-pool (boot-guest.sh --cma), in MiB. */
    static final int ARM64_CMA_MIB = 128;
    /**
     * The named reserved-memory region of the arm64 guests' devicetrees (guest/arm64-extra.dtsi,
     * guest/raspi3b-extra.dtsi), sized by boot-guest.sh --pool, in MiB.
     */
    static final String ARM64_POOL = "censpec-pool";
    /** The extension's default CMA pool (guest/arm64-extra.dtsi, raspi3b-extra.dtsi). */
    static final String ARM64_CMA_POOL = "linux,cma";

    static final int ARM64_POOL_MIB = 32;
    /** The qemu machines prove boots arm64 on; "auto" picks one per spec ({@link #machineFor}). */
    public static final List<String> ARM64_MACHINES = List.of("virt", "raspi3b");

    /**
     * The CMA area prove gives an x86-64 kernel with DMA_CMA (Debian's 7.2: CMA_SIZE_MBYTES=0, so
     * without {@code cma=} on the command line there is none), in MiB.
     */
    static final int X86_CMA_MIB = 128;

    /**
     * The target's memory in a boot with {@code mem} of RAM, without a board: the arm64 guests'
     * devicetree pools (guest/arm64-extra.dtsi, guest/raspi3b-extra.dtsi) and RAM (virt from 1 GiB,
     * raspi3b from 0); on x86-64 the kernel's own default area ({@code kernelCma}, {@link #proofKernelCma}:
     * the debug kernel's CMA area, the area of {@code cma=}{@value #X86_CMA_MIB}M on a kernel with
     * DMA_CMA (7.2), one buddy block on Debian's 6.1 and 6.12, which have no DMA_CMA) and no
     * regions (no devicetree).
     */
    static TargetMemory targetMemory(Target t, String mem, TargetMemory.Contiguous kernelCma) {
        if (t.arch().equals("arm64")) {
            String dts = t.machine().equals("raspi3b") ? "guest/raspi3b-extra.dtsi" : "guest/arm64-extra.dtsi";
            long base = t.machine().equals("raspi3b") ? 0 : VIRT_RAM_BASE;
            // the default CMA area is the pool linux,cma, which a spec's region "linux,cma" names (the runtime
            // finds a region by node name), as on a board whose default pool it is
            return new TargetMemory(
                    TargetMemory.Contiguous.cma((long) ARM64_CMA_MIB << 20, dts + " linux,cma"),
                    Map.of(
                            ARM64_CMA_POOL,
                            new TargetMemory.Region(
                                    ARM64_CMA_POOL,
                                    (long) ARM64_CMA_MIB << 20,
                                    true,
                                    dts + " /reserved-memory/" + ARM64_CMA_POOL + " (the default CMA area)"),
                            ARM64_POOL,
                            new TargetMemory.Region(
                                    ARM64_POOL,
                                    (long) ARM64_POOL_MIB << 20,
                                    true,
                                    dts + " /reserved-memory/" + ARM64_POOL)),
                    new TargetMemory.Ram(base, base + bytes(mem)));
        }
        return new TargetMemory(kernelCma, Map.of(), TargetMemory.Ram.fromZero());
    }

    /** The kernel command line words a boot of {@code t} needs: the x86-64 CMA area where DMA_CMA has none. */
    static String kernelArgs(Target t, KernelFacts facts) {
        boolean cmaArea = t.arch().equals("x86_64") && facts.dmaCma() && facts.cmaSizeMib() == 0;
        return cmaArea ? "cma=" + X86_CMA_MIB + "M" : "";
    }

    /** Bytes of a qemu memory size such as 512M or 5G. */
    static long bytes(String mem) {
        long n = Long.parseLong(mem.substring(0, mem.length() - 1));
        return mem.endsWith("G") ? n << 30 : n << 20;
    }

    private final KernelScripts scripts;
    private final Path work;
    private final PrintWriter out;

    public Prover(KernelScripts scripts, Path work, PrintWriter out) {
        this.scripts = scripts;
        this.work = work;
        this.out = out;
    }

    /** What the builds gave: the test modules, the test importer (arm64: module and program), the ABI test, upstream's. */
    private record Built(
            List<String> kos,
            List<String> importer,
            Path abi,
            Path selftest,
            Path production,
            java.util.Set<String> builtIn) {}

    /** Proves the module in {@code kernelSource} (a generated kernel/ folder) of {@code checked}. */
    public Outcome prove(CheckedSpec checked, Path kernelSource, Target t) throws IOException, InterruptedException {
        Spec spec = checked.spec().orElseThrow();
        Map<String, String> env = Map.of("CENSPEC_ARCH", t.arch(), "CENSPEC_KERNEL", t.kernel());
        List<ProveReport.Failure> specFailures = new ArrayList<>(SpecFailures.of(checked));
        try {
            KernelFacts facts = kernelFacts(env);
            TargetMemory.Contiguous kernelCma = proofKernelCma(t, facts, env);
            if (t.board().isPresent()) {
                specFailures.addAll(BoardChecks.of(t.board().get(), spec, boardKernelCma(t, env, kernelCma)));
            }
            for (Path run : t.runs()) {
                KernelScripts.Result r = scripts.run(
                        work.resolve("logs/check-run.log"),
                        60,
                        env,
                        "check-guest-program.sh",
                        List.of(t.arch(), run.toString()));
                if (r.exit() != 0) {
                    throw new EnvironmentProblem("--run " + r.lastLine());
                }
            }
            long t0 = System.nanoTime();
            Optional<Built> built = build(spec, kernelSource, t, env, specFailures);
            if (built.isEmpty()) {
                return new Outcome(report(checked, t, specFailures, List.of()), null);
            }
            out.printf("prove: built %s for %s %s in %d s%n", spec.name(), t.arch(), t.kernel(), secondsSince(t0));
            List<ProveReport.Boot> boots = new ArrayList<>();
            for (String mem : t.memories()) {
                boots.add(bootOne(new Boot(checked, built.get(), kernelSource, facts, kernelCma), t, mem, env));
            }
            // the production module, moving real data through real DMA (DataBoot)
            boots.add(new DataBoot(scripts, work, out)
                    .run(spec, built.get().production().toString(), t, kernelCma, env, facts));
            return new Outcome(report(checked, t, specFailures, boots), null);
        } catch (EnvironmentProblem e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private ProveReport report(
            CheckedSpec checked, Target t, List<ProveReport.Failure> specFailures, List<ProveReport.Boot> boots)
            throws IOException {
        String board = t.board().map(Board::describe).orElse("none");
        Spec spec = checked.spec().orElseThrow();
        return new ProveReport(
                spec.name(),
                checked.file(),
                board,
                t.boardNotes(),
                specFailures,
                boots,
                UnnamedImporters.of(spec, boots));
    }

    /** The builds, or empty when the module does not build (a spec-level failure then says so). */
    private Optional<Built> build(
            Spec spec, Path kernelSource, Target t, Map<String, String> env, List<ProveReport.Failure> failures)
            throws IOException, InterruptedException, EnvironmentProblem {
        KernelScripts.Result b = scripts.run(
                work.resolve("logs/build-module.log"),
                900,
                env,
                "build-module.sh",
                List.of(kernelSource.toString(), work.resolve("build").toString(), "--test"));
        if (b.exit() != 0 && b.exit() != 2) {
            out.printf(
                    "prove: FAIL building %s for %s %s: %s (log %s)%n",
                    spec.name(), t.arch(), t.kernel(), b.lastLine(), b.log());
            failures.add(new ProveReport.Failure(
                    "building the module",
                    "build-module.sh --test",
                    "",
                    "builds W=1-clean",
                    b.lastLine() + " (log " + b.log() + ")",
                    ProveReport.Cause.MODULE,
                    ""));
            return Optional.empty();
        }
        check(b, "building the module");
        List<String> kos = b.output()
                .lines()
                .filter(l -> l.endsWith(".ko") && !l.contains(" "))
                .toList();
        if (kos.isEmpty()) {
            throw new IllegalStateException("build-module.sh printed no .ko (log " + b.log() + ")");
        }
        List<String> importer = List.of();
        if (t.arch().equals("arm64")) {
            // The devicetree test importer: its nodes' devices carry OF-derived DMA constraints.
            KernelScripts.Result ti = scripts.run(
                    work.resolve("logs/build-test-importer.log"),
                    900,
                    env,
                    "build-test-importer.sh",
                    List.of(work.resolve("test-importer").toString()));
            check(ti, "building the test importer");
            List<String> paths = ti.output()
                    .lines()
                    .filter(l -> l.startsWith("/") && !l.contains(" "))
                    .toList();
            if (paths.size() < 2) {
                throw new IllegalStateException(
                        "build-test-importer.sh printed no module and program (log " + ti.log() + ")");
            }
            importer = paths.subList(paths.size() - 2, paths.size());
        }
        Path abi = work.resolve("build-abi/heap_abi_test");
        check(
                scripts.run(
                        work.resolve("logs/build-abi-test.log"),
                        300,
                        env,
                        "build-abi-test.sh",
                        List.of("--arch", t.arch(), abi.toString())),
                "building the ABI test");
        Path selftest = work.resolve("build-selftest/dmabuf-heap");
        check(
                scripts.run(
                        work.resolve("logs/build-heap-selftest.log"),
                        900,
                        env,
                        "build-heap-selftest.sh",
                        List.of("--arch", t.arch(), HeapSelftest.seriesFor(t.kernel()), selftest.toString())),
                "building the kernel's heap selftest");
        return Optional.of(
                new Built(kos, importer, abi, selftest, buildProduction(kernelSource, env), builtIn(spec, t, env)));
    }

    /** The spec's match strings that a driver built into the guest's kernel may claim (kernel-config.sh --claims). */
    private java.util.Set<String> builtIn(Spec spec, Target t, Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        List<String> strings = spec.devices().stream()
                .flatMap(d -> d.match().stream())
                .map(m -> m.value())
                .toList();
        if (t.board().isEmpty() || !t.arch().equals("arm64") || strings.isEmpty()) {
            return java.util.Set.of();
        }
        List<String> args = new ArrayList<>(List.of("--claims"));
        args.addAll(strings);
        KernelScripts.Result r =
                scripts.run(work.resolve("logs/kernel-claims.log"), 120, env, "kernel-config.sh", args);
        check(r, "looking for built-in drivers");
        return r.output()
                .lines()
                .filter(l -> l.startsWith("CLAIMED "))
                .map(l -> l.substring("CLAIMED ".length()))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** What prove must know of the chosen kernel (kernel-facts.sh: heap framework, DMA_CMA, vgem's import). */
    private KernelFacts kernelFacts(Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        KernelScripts.Result f =
                scripts.run(work.resolve("logs/kernel-facts.log"), 60, env, "kernel-facts.sh", List.of());
        check(f, "reading the kernel's facts");
        return KernelFacts.parse(f.output());
    }

    /**
     * The default contiguous area of the proof's kernel without a devicetree pool: the area of
     * {@code cma=}{@value #X86_CMA_MIB}M where prove gives one ({@link #kernelArgs}), else the
     * kernel's own ({@link #kernelCma}).
     */
    private TargetMemory.Contiguous proofKernelCma(Target t, KernelFacts facts, Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        String args = kernelArgs(t, facts);
        if (!args.isEmpty()) {
            return TargetMemory.Contiguous.cma(
                    (long) X86_CMA_MIB << 20,
                    args + " on the " + t.arch() + " " + t.kernel() + " kernel's command line");
        }
        return kernelCma(t.arch(), t.kernel(), env);
    }

    /**
     * The default contiguous area of the chosen kernel without a devicetree pool: its CMA area
     * (CONFIG_DMA_CMA with CONFIG_CMA_SIZE_MBYTES) or one buddy block.
     */
    private TargetMemory.Contiguous kernelCma(String arch, String kernel, Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        KernelScripts.Result r = scripts.run(
                work.resolve("logs/kernel-config-" + arch + ".log"),
                120,
                env,
                "kernel-config.sh",
                List.of("CONFIG_DMA_CMA", "CONFIG_CMA_SIZE_MBYTES"));
        check(r, "reading the kernel's configuration");
        Map<String, String> c = new java.util.HashMap<>();
        r.output()
                .lines()
                .filter(l -> l.startsWith("CONFIG_"))
                .forEach(l -> c.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        String mib = c.getOrDefault("CONFIG_CMA_SIZE_MBYTES", "");
        String which = arch + " " + kernel + " kernel";
        if (!"y".equals(c.get("CONFIG_DMA_CMA")) || !mib.matches("[1-9][0-9]*")) {
            return TargetMemory.Contiguous.buddy("the " + which);
        }
        return TargetMemory.Contiguous.cma(Long.parseLong(mib) << 20, "CONFIG_CMA_SIZE_MBYTES of the " + which);
    }

    /**
     * The default CMA area of the board's own kernel, which the spec is judged against the board
     * with ({@link BoardChecks}): the proof's kernel on arm64; on x86-64 (a board proved without
     * its devicetree in the guest) Debian's arm64 kernel of the same series (6.1 for the debug
     * kernel or a kernel folder), not the x86-64 kernel, which has no CMA.
     */
    private TargetMemory.Contiguous boardKernelCma(Target t, Map<String, String> env, TargetMemory.Contiguous kernelCma)
            throws IOException, InterruptedException, EnvironmentProblem {
        if (t.arch().equals("arm64")) {
            return kernelCma;
        }
        String series = KERNEL_SERIES.contains(t.kernel()) ? t.kernel() : KERNEL_SERIES.get(0);
        return kernelCma("arm64", series, Map.of("CENSPEC_ARCH", "arm64", "CENSPEC_KERNEL", series));
    }

    /**
     * What every boot of the proof shares: the checked spec, the builds, the generated kernel/
     * folder, the kernel's facts and its default contiguous area.
     */
    private record Boot(
            CheckedSpec checked,
            Built built,
            Path kernelSource,
            KernelFacts facts,
            TargetMemory.Contiguous kernelCma) {}

    /** What one boot needs: the memory the prediction assumes, its plan and replay file, the board's fragment. */
    private record Setup(
            TargetMemory memory, ReplayPlan plan, Path replay, Optional<BoardGuest> guest, Upstream upstream) {}

    private Setup setup(Boot boot, Target t, String mem) throws IOException {
        Spec spec = boot.checked().spec().orElseThrow();
        Built built = boot.built();
        Optional<BoardGuest> guest = t.board()
                .filter(b -> t.arch().equals("arm64"))
                .map(b -> BoardGuest.of(
                        b, spec, GuestMachine.named(t.machine()), bytes(mem), boot.kernelCma(), built.builtIn()));
        TargetMemory memory = guest.map(BoardGuest::memory).orElseGet(() -> targetMemory(t, mem, boot.kernelCma()));
        ReplayPlan plan = ReplayPlan.of(spec, boot.checked().findings(), LIMIT_PER_FLOW, memory);
        Path replay = work.resolve("replay").resolve(mem).resolve(spec.name() + ".replay");
        Files.createDirectories(replay.getParent());
        Files.writeString(replay, plan.text(), StandardCharsets.UTF_8);
        if (guest.isPresent()) {
            Files.writeString(replay.resolveSibling("board.dtsi"), guest.get().dts(), StandardCharsets.UTF_8);
        }
        out.printf(
                "prove: memory %s: %d scenarios, %d control commands%s%n",
                memory.describe(),
                plan.scenarios(),
                plan.expected().size(),
                plan.truncatedFlows() == 0
                        ? " (every execution of every flow)"
                        : " (" + plan.truncatedFlows() + " flow(s) cut at " + LIMIT_PER_FLOW + " executions)");
        return new Setup(memory, plan, replay, guest, upstream(spec, plan, boot, t));
    }

    private Upstream upstream(Spec spec, ReplayPlan plan, Boot boot, Target t) throws IOException {
        boolean modules = boot.facts().upstreamModules();
        ImporterPlan importers = !modules
                ? ImporterPlan.none(spec, Upstream.NO_MODULES_IMPORTERS)
                : ImporterPlan.of(spec, plan, LIMIT_PER_FLOW, boot.facts().vgemImportMaps());
        Path file = work.resolve("replay").resolve(spec.name() + ".importers");
        Files.writeString(file, importers.text(), StandardCharsets.UTF_8);
        out.printf(
                "prove: importer plan: %d flow executions on vivid and vgem (%d orders they cannot take), %d commands%n",
                importers.executions(),
                importers.unrealizable(),
                importers.expected().size());
        return new Upstream(
                boot.built().production(),
                boot.built().selftest(),
                file,
                importers,
                modules ? Upstream.KMODS : List.of(),
                boot.facts().heapFramework(),
                udevArgs(spec, t, boot.kernelSource(), boot.facts()),
                SelftestLimits.of(plan.prediction()));
    }

    /**
     * The module's udev rules (generated beside it) and what they must give each heap node, for
     * the guest's udev check: x86-64 only, where the guest runs the host's systemd-udevd.
     */
    private List<String> udevArgs(Spec spec, Target t, Path kernelSource, KernelFacts facts) throws IOException {
        Path rules = kernelSource.resolve(
                String.format(java.util.Locale.ROOT, KernelModuleGenerator.UDEV_RULES, spec.name()));
        if (!facts.unixSockets()) {
            out.println("prove: udev rules not checked on this kernel (built without CONFIG_UNIX:"
                    + " no AF_UNIX socket for systemd-udevd)");
            return List.of();
        }
        if (!t.arch().equals("x86_64") || !Files.isRegularFile(rules)) {
            out.println("prove: udev rules not checked"
                    + (t.arch().equals("x86_64")
                            ? " (no " + rules.getFileName() + " beside the module)"
                            : " on " + t.arch() + " (the guest runs the host's x86-64 udev)"));
            return List.of();
        }
        Path expect = work.resolve("replay").resolve(spec.name() + ".udev");
        Files.writeString(expect, UdevExpectation.of(spec), StandardCharsets.UTF_8);
        return List.of("--udev-rules", rules.toString(), "--udev-expect", expect.toString());
    }

    /**
     * The production build of the module (what users load), for upstream's own checks: a test
     * build's stand-in of a device matched to vivid.0 would take the real device's name.
     */
    private Path buildProduction(Path kernelSource, Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        KernelScripts.Result b = scripts.run(
                work.resolve("logs/build-module-production.log"),
                900,
                env,
                "build-module.sh",
                List.of(
                        kernelSource.toString(),
                        work.resolve("build-production").toString()));
        check(b, "building the production module");
        return b.output()
                .lines()
                .filter(l -> l.endsWith(".ko") && !l.contains(" "))
                .map(Path::of)
                .reduce((a, c) -> c)
                .orElseThrow(() -> new IllegalStateException("build-module.sh printed no .ko (log " + b.log() + ")"));
    }

    private List<String> bootArgs(Boot boot, Setup s, Target t, String mem, Path dir) {
        Built built = boot.built();
        List<String> args = new ArrayList<>(List.of(
                "--out",
                dir.toString(),
                "--mem",
                mem,
                "--smp",
                String.valueOf(t.smp()),
                "--timeout",
                String.valueOf(t.bootTimeoutSeconds()),
                "--abi-test",
                built.abi().toString()));
        // heap_abi_test asserts what the spec predicts for each heap
        String abiOptions =
                String.join(" ", s.plan().abiExpectations()) + (t.abiOptions().isBlank() ? "" : " " + t.abiOptions());
        args.addAll(List.of("--abi-opts", abiOptions));
        if (!built.importer().isEmpty()) {
            args.addAll(List.of("--preload", built.importer().get(0)));
        }
        if (t.arch().equals("arm64")) {
            args.addAll(List.of(
                    "--machine",
                    t.machine(),
                    "--cma",
                    String.valueOf(ARM64_CMA_MIB),
                    "--pool",
                    String.valueOf(ARM64_POOL_MIB)));
        }
        List<String> append = new ArrayList<>(s.guest().map(BoardGuest::append).orElse(List.of()));
        if (!kernelArgs(t, boot.facts()).isEmpty()) {
            append.add(kernelArgs(t, boot.facts()));
        }
        if (s.guest().isPresent()) {
            args.addAll(List.of(
                    "--board-dts", s.replay().resolveSibling("board.dtsi").toString()));
        }
        if (!append.isEmpty()) {
            args.addAll(List.of("--append", String.join(" ", append)));
        }
        for (String ko : built.kos()) {
            args.addAll(List.of("--module", ko, "--replay", s.replay().toString()));
            // a board whose match strings leave the guest no stand-in node gives importer_check nothing to import into
            if (!built.importer().isEmpty()
                    && s.guest().map(BoardGuest::hasImporters).orElse(true)) {
                args.addAll(List.of("--run", built.importer().get(1)));
            }
            // the module under concurrent load, checked against the buffer model (abi-test/heap_stress.c)
            args.addAll(
                    List.of("--run", built.abi().resolveSibling("heap_stress").toString()));
            for (Path run : t.runs()) {
                args.addAll(List.of("--run", run.toAbsolutePath().toString()));
            }
        }
        args.addAll(s.upstream().bootArgs());
        return args;
    }

    private ProveReport.Boot bootOne(Boot boot, Target t, String mem, Map<String, String> env)
            throws IOException, InterruptedException, EnvironmentProblem {
        Setup s = setup(boot, t, mem);
        Path dir = work.resolve("boot-" + t.arch() + "-" + t.kernel().replace('/', '_') + "-" + mem + "-smp" + t.smp());
        long t0 = System.nanoTime();
        KernelScripts.Result r = scripts.run(
                work.resolve("logs/boot-" + mem + ".log"),
                t.bootTimeoutSeconds() + 120,
                env,
                "boot-guest.sh",
                bootArgs(boot, s, t, mem, dir));
        long seconds = secondsSince(t0);
        String why = r.lastLine().replaceFirst("^boot-guest: ", "");
        if (r.exit() == 2) {
            throw new EnvironmentProblem(why);
        }
        Path results = dir.resolve("results.txt");
        String text = Files.exists(results) ? Files.readString(results, StandardCharsets.UTF_8) : "";
        if (!text.contains("@@CENSPEC BEGIN")) {
            throw new EnvironmentProblem("the guest did not start (" + machineLabel(t) + ", --memory " + mem + "): "
                    + why + "; serial log " + dir.resolve("serial.log"));
        }
        ProveReport.Boot report = new BootReports(
                        boot.checked().spec().orElseThrow(),
                        boot.checked().findings(),
                        s.plan(),
                        s.memory(),
                        s.guest(),
                        s.upstream())
                .judge(t, mem, seconds, dir, text, r.exit() == 3 ? why : "");
        out.println(ProveText.bootLine(report));
        return report;
    }

    private static String machineLabel(Target t) {
        return t.arch() + (t.machine().isEmpty() ? "" : " " + t.machine()) + " " + t.kernel();
    }

    static void check(KernelScripts.Result r, String what) throws EnvironmentProblem {
        if (r.exit() == 2) {
            throw new EnvironmentProblem(r.lastLine());
        }
        if (r.exit() != 0) {
            throw new IllegalStateException(what + " failed: " + r.lastLine() + " (log " + r.log() + ")");
        }
    }

    private static long secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000_000L;
    }
}
