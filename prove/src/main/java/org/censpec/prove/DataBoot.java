package org.censpec.prove;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.censpec.model.Spec;

/**
 * The data-visible boot of a prove run: the production module under {@code swiotlb=force}, so that every
 * streaming mapping bounces, with the DMA importer (prove/dma-importer) whose qemu edu devices
 * move data by DMA through the addresses the module's mappings gave them, playing the
 * {@link DataPlan}, with an IOMMU whose domains are identity (passthrough) ones, except for
 * one more edu device at {@link #TRANSLATING_BDF}, which the guest moves to a translating (DMA)
 * domain before any driver binds it (not on the debug kernel, which has no IOMMU driver). On
 * arm64 it boots qemu's virt machine, which has PCI for the edu devices (raspi3b has none),
 * whichever machine the other boots use.
 */
final class DataBoot {
    static final int ENGINES = 2;
    static final String EDU = "edu,dma_mask=0xffffffffffffffff";
    /** The edu device behind an IOMMU that translates: slot 0x10 of the root bus, after the others. */
    static final String TRANSLATING_BDF = "0000:00:10.0";

    private static final int MAX_SHOWN = 40;
    /**
     * The bounce pool every data boot gets, in 2 KiB slabs: 80 MiB. Debian's arm64 6.12 shrinks a
     * pool left at its default size (64 MiB) to 1 MiB per GiB of RAM where it sees no need to
     * bounce ("SWIOTLB bounce buffer size adjusted to 1MB"; swiotlb_adjust_size() leaves only a
     * size that differs from the default alone), and the race measurement's 32 MiB maps found
     * that full ("swiotlb buffer is full"). The pool's size is the harness's, not a property of
     * the module.
     */
    static final int SWIOTLB_SLABS = 40960;

    static final String MEM_ARM64 = "1024M";
    static final String MEM_X86 = "512M";

    private final KernelScripts scripts;
    private final Path work;
    private final PrintWriter out;

    DataBoot(KernelScripts scripts, Path work, PrintWriter out) {
        this.scripts = scripts;
        this.work = work;
        this.out = out;
    }

    /**
     * The target of the data boot of {@code t}: on arm64 qemu's virt machine with censpec's own
     * extension (1 GiB from 1 GiB, its CMA area and censpec-pool; not the user's board), on
     * x86-64 the kernel's default area {@code kernelCma} (with {@link Prover#kernelArgs}). Memory
     * charges are measured where the kernel has memory cgroups, the IOMMU engines added where it
     * has the driver of qemu's IOMMU.
     */
    static DataPlan.Target target(Prover.Target t, TargetMemory.Contiguous kernelCma, KernelFacts facts) {
        boolean arm64 = t.arch().equals("arm64");
        Prover.Target virt = new Prover.Target(
                t.arch(),
                arm64 ? "virt" : t.machine(),
                t.kernel(),
                t.memories(),
                1,
                List.of(),
                "",
                t.bootTimeoutSeconds(),
                java.util.Optional.empty(),
                List.of());
        TargetMemory memory = Prover.targetMemory(virt, arm64 ? MEM_ARM64 : MEM_X86, kernelCma);
        boolean iommu = facts.translatingIommu();
        return new DataPlan.Target(memory, ENGINES, facts.memcg(), iommu ? arm64 ? 31 : 28 : 0, iommu ? ENGINES : -1);
    }

    /** Boots {@code module} (a .ko) and judges it: one boot of the report. */
    ProveReport.Boot run(
            Spec spec,
            String module,
            Prover.Target t,
            TargetMemory.Contiguous kernelCma,
            Map<String, String> env,
            KernelFacts facts)
            throws IOException, InterruptedException, Prover.EnvironmentProblem {
        KernelScripts.Result b = scripts.run(
                work.resolve("logs/build-dma-importer.log"),
                900,
                env,
                "build-dma-importer.sh",
                List.of(work.resolve("dma-importer").toString()));
        Prover.check(b, "building the DMA importer");
        List<String> built = b.output()
                .lines()
                .filter(l -> l.startsWith("/") && !l.contains(" "))
                .toList();
        if (built.size() < 2) {
            throw new IllegalStateException(
                    "build-dma-importer.sh printed no module and program (log " + b.log() + ")");
        }
        DataPlan.Target target = target(t, kernelCma, facts);
        DataPlan plan = DataPlan.of(spec, target, Prover.LIMIT_PER_FLOW);
        Path planFile = work.resolve("data").resolve(spec.name() + ".dataplan");
        Files.createDirectories(planFile.getParent());
        Files.writeString(planFile, plan.text(), StandardCharsets.UTF_8);
        Path dir = work.resolve("boot-" + t.arch() + "-" + t.kernel().replace('/', '_') + "-data");
        List<String> args = args(dir, t, built, planFile, module, facts);
        long t0 = System.nanoTime();
        KernelScripts.Result r = scripts.run(
                work.resolve("logs/boot-data.log"), t.bootTimeoutSeconds() + 120, env, "boot-guest.sh", args);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        if (r.exit() == 2) {
            throw new Prover.EnvironmentProblem(r.lastLine().replaceFirst("^boot-guest: ", ""));
        }
        ProveReport.Boot boot = judge(dir, r, plan, t, target.memory(), seconds, facts);
        out.println(ProveText.bootLine(boot));
        return boot;
    }

    /**
     * One vCPU, except on a kernel with sanitizers (the debug kernel's KASAN, lockdep, kmemleak
     * under TCG): there a module's insmod keeps one vCPU so long that RCU's grace-period thread,
     * with no other vCPU to run on, stalls (a call trace in dmesg), as the main debug boot's two
     * vCPUs avoid.
     */
    private static String smp(Prover.Target t, KernelFacts facts) {
        return facts.sanitizers() ? String.valueOf(Math.max(2, t.smp())) : "1";
    }

    /**
     * qemu's instruction-count clock, which skips the time the guest idles while the edu engines'
     * DMA timers run; not with two vCPUs (a kernel with sanitizers), where it did not even boot
     * within the timeout: there the transfers wait in real time.
     */
    private static List<String> icount(KernelFacts facts) {
        return facts.sanitizers() ? List.of() : List.of("--icount");
    }

    private List<String> args(
            Path dir, Prover.Target t, List<String> built, Path planFile, String module, KernelFacts facts) {
        boolean arm64 = t.arch().equals("arm64");
        // With sanitizers (the debug kernel's KASAN, lockdep, kmemleak under TCG) loading the DMA
        // importer spends about 26 s in the module loader's unwinder lookups: RCU's default 21 s
        // stall warning fired there, an emulation artefact; its longest timeout keeps a real stall
        // visible.
        String stall = facts.sanitizers() ? " rcupdate.rcu_cpu_stall_timeout=300" : "";
        String append = ("swiotlb=" + SWIOTLB_SLABS + ",force " + Prover.kernelArgs(t, facts)).strip() + stall;
        List<String> args = new ArrayList<>(List.of(
                "--out",
                dir.toString(),
                "--mem",
                arm64 ? MEM_ARM64 : MEM_X86,
                "--smp",
                smp(t, facts),
                "--timeout",
                String.valueOf(t.bootTimeoutSeconds()),
                "--no-abi",
                "--append",
                append,
                "--preload",
                built.get(built.size() - 2),
                "--file",
                planFile.toString()));
        args.addAll(icount(facts));
        for (int i = 0; i < ENGINES; i++) {
            args.addAll(List.of("--qemu-device", EDU));
        }
        if (facts.translatingIommu()) {
            args.addAll(List.of(
                    "--iommu-passthrough", "--qemu-device", EDU + ",addr=0x10", "--iommu-translate", TRANSLATING_BDF));
        }
        if (arm64) {
            args.addAll(List.of(
                    "--machine",
                    "virt",
                    "--cma",
                    String.valueOf(Prover.ARM64_CMA_MIB),
                    "--pool",
                    String.valueOf(Prover.ARM64_POOL_MIB)));
        }
        args.addAll(List.of("--module", module, "--run", built.get(built.size() - 1)));
        if (facts.heapFramework()) {
            // its heaps went through the kernel's dma-heap framework: it cannot be unloaded
            args.add("--permanent");
        }
        return args;
    }

    private ProveReport.Boot judge(
            Path dir,
            KernelScripts.Result r,
            DataPlan plan,
            Prover.Target t,
            TargetMemory memory,
            long seconds,
            KernelFacts facts)
            throws IOException {
        boolean arm64 = t.arch().equals("arm64");
        Path results = dir.resolve("results.txt");
        List<ProveReport.Check> checks = new ArrayList<>();
        List<String> notes = new ArrayList<>(List.of(guestNote(plan, facts)));
        String verdict = "";
        if (r.exit() == 3 || !Files.exists(results)) {
            verdict = r.lastLine().replaceFirst("^boot-guest: ", "");
        } else {
            String text = Files.readString(results, StandardCharsets.UTF_8);
            checks.addAll(checks(GuestResults.parse(text), DataResults.parse(text), plan));
            if (facts.translatingIommu()) {
                String dmesg = dmesg(dir);
                checks.add(IommuLog.check(text, dmesg, TRANSLATING_BDF, plan.attachedEngines(), notes));
                plan.registered()
                        .ifPresent(d -> checks.add(IommuLog.refusals(dmesg, TRANSLATING_BDF, plan.specName(), d)));
            }
        }
        return new ProveReport.Boot(
                t.kernel(),
                t.arch(),
                arm64 ? "virt" : "pc",
                arm64 ? MEM_ARM64 : MEM_X86,
                1,
                seconds,
                memory.describe(),
                "not compared (the data boot)",
                checks,
                notes,
                dir.resolve("serial.log").toString(),
                verdict);
    }

    /** What the data boot is: the guest, its engines, and whether they moved any data. */
    private static String guestNote(DataPlan plan, KernelFacts facts) {
        String engines = plan.transfers() == 0
                ? ENGINES + " qemu edu engines, which moved no data: no allocator of the spec is in their reach here"
                : ENGINES + " qemu edu engines moving data by DMA";
        return "the data boot runs on censpec's own guest memory, not the board's; swiotlb=force, " + engines
                + (facts.translatingIommu()
                        ? ", and one more behind an IOMMU that translates"
                        : "; no IOMMU driver in this kernel, so no IOMMU is proven");
    }

    private static String dmesg(Path dir) throws IOException {
        Path p = dir.resolve("dmesg.txt");
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    /** The data checks, the memory each module leaves behind (LEAK lines), the guest's verdict. */
    private static List<ProveReport.Check> checks(GuestResults g, DataResults d, DataPlan plan) {
        List<ProveReport.Failure> data = new ArrayList<>();
        d.failures().stream()
                .limit(MAX_SHOWN)
                .forEach(l -> data.add(new ProveReport.Failure(
                        l, "data boot", "", "as the DMA contract predicts", l, ProveReport.Cause.MODULE, "")));
        if (!d.summarized()) {
            data.add(new ProveReport.Failure(
                    "data_check",
                    "data boot",
                    "",
                    "a summary line",
                    "none",
                    ProveReport.Cause.MODULE,
                    "data_check did not finish"));
        }
        List<ProveReport.Check> out = new ArrayList<>();
        out.add(new ProveReport.Check(
                "data",
                "data moved by DMA as the DMA contract predicts (" + plan.transfers() + " engine transfers)",
                d.checks() - d.failed(),
                d.failed() + (d.summarized() ? 0 : 1),
                data));
        out.add(leaks(d));
        ProveReport.Failure guest = new ProveReport.Failure(
                "guest verdict",
                "data boot",
                "",
                "status=pass",
                g.finalResult.replaceFirst("^@@CENSPEC RESULT ", ""),
                ProveReport.Cause.MODULE,
                "");
        out.add(new ProveReport.Check(
                "guest",
                "insmod, rmmod, clean dmesg, data_check",
                g.passed() ? 1 : 0,
                g.passed() ? 0 : 1,
                g.passed() ? List.of() : List.of(guest)));
        return out;
    }

    /** The memory each module of a boot leaves behind (accounting.sh's LEAK lines): one passed item per module within the limits. */
    static ProveReport.Check leaks(DataResults d) {
        List<ProveReport.Failure> leaks = d.leaks().stream()
                .filter(l -> !l.endsWith(" ok"))
                .map(l -> new ProveReport.Failure(
                        l, "memory accounting", "", "no memory left behind", l, ProveReport.Cause.MODULE, ""))
                .toList();
        return new ProveReport.Check(
                "guest",
                "memory each module leaves behind (memcg, free pages)",
                d.leaks().size() - leaks.size(),
                leaks.size(),
                leaks);
    }
}
