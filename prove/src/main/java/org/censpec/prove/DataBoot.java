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
 * {@link DataPlan}, with an IOMMU whose domains are identity (passthrough) ones. On arm64 it
 * boots qemu's virt machine, which has PCI for the edu devices (raspi3b has none), whichever
 * machine the other boots use.
 */
final class DataBoot {
    static final int ENGINES = 2;
    static final String EDU = "edu,dma_mask=0xffffffffffffffff";
    private static final int MAX_SHOWN = 40;

    private final KernelScripts scripts;
    private final Path work;
    private final PrintWriter out;

    DataBoot(KernelScripts scripts, Path work, PrintWriter out) {
        this.scripts = scripts;
        this.work = work;
        this.out = out;
    }

    /** The plan for the data boot of target {@code t}. */
    static DataPlan plan(Spec spec, Prover.Target t, KernelFacts facts) {
        boolean arm64 = t.arch().equals("arm64");
        TargetMemory memory = Prover.targetMemory(new Prover.Target(t.arch(), arm64 ? "virt" : t.machine(), t.kernel(),
                t.memories(), 1, List.of(), "", t.bootTimeoutSeconds()), facts);
        boolean debug = t.kernel().equals("debug");
        DataPlan.Target target = new DataPlan.Target(memory, arm64 ? Prover.VIRT_RAM_BASE : 0, ENGINES, !debug,
                debug ? 0 : arm64 ? 31 : 28);
        return DataPlan.of(spec, target, Prover.LIMIT_PER_FLOW);
    }

    /** Boots {@code module} (a .ko), judges and prints; returns {passed, failed}. */
    int[] run(Spec spec, String module, Prover.Target t, Map<String, String> env, KernelFacts facts)
            throws IOException, InterruptedException, Prover.EnvironmentProblem {
        KernelScripts.Result b = scripts.run(work.resolve("logs/build-dma-importer.log"), 900, env,
                "build-dma-importer.sh", List.of(work.resolve("dma-importer").toString()));
        Prover.check(b, "building the DMA importer");
        List<String> built = b.output().lines().filter(l -> l.startsWith("/") && !l.contains(" ")).toList();
        if (built.size() < 2) {
            throw new IllegalStateException("build-dma-importer.sh printed no module and program (log " + b.log() + ")");
        }
        DataPlan plan = plan(spec, t, facts);
        Path planFile = work.resolve("data").resolve(spec.name() + ".dataplan");
        Files.createDirectories(planFile.getParent());
        Files.writeString(planFile, plan.text(), StandardCharsets.UTF_8);
        Path dir = work.resolve("boot-" + t.arch() + "-" + t.kernel().replace('/', '_') + "-data");
        List<String> args = args(dir, t, built, planFile, module, facts);
        long t0 = System.nanoTime();
        KernelScripts.Result r = scripts.run(work.resolve("logs/boot-data.log"), t.bootTimeoutSeconds() + 120, env,
                "boot-guest.sh", args);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        if (r.exit() == 2) {
            throw new Prover.EnvironmentProblem(r.lastLine().replaceFirst("^boot-guest: ", ""));
        }
        return judge(dir, r, plan, t, seconds);
    }

    /**
     * One vCPU, except on the debug kernel: there (KASAN, lockdep, kmemleak under TCG) a module's
     * insmod keeps one vCPU so long that RCU's grace-period thread, with no other vCPU to run on,
     * stalls (a call trace in dmesg), as the main debug boot's two vCPUs avoid.
     */
    private static String smp(Prover.Target t) {
        return t.kernel().equals("debug") ? String.valueOf(Math.max(2, t.smp())) : "1";
    }

    /**
     * qemu's instruction-count clock, which skips the time the guest idles while the edu engines'
     * DMA timers run; not with two vCPUs (the debug kernel), where it did not even boot within the
     * timeout: there the transfers wait in real time.
     */
    private static List<String> icount(Prover.Target t) {
        return t.kernel().equals("debug") ? List.of() : List.of("--icount");
    }

    private List<String> args(Path dir, Prover.Target t, List<String> built, Path planFile, String module,
            KernelFacts facts) {
        boolean arm64 = t.arch().equals("arm64");
        // On the debug kernel (KASAN, lockdep, kmemleak under TCG) loading the DMA importer spends
        // about 26 s in the module loader's unwinder lookups: RCU's default 21 s stall warning fired
        // there, an emulation artefact; its longest timeout keeps a real stall visible.
        String stall = t.kernel().equals("debug") ? " rcupdate.rcu_cpu_stall_timeout=300" : "";
        String append = ("swiotlb=force " + Prover.kernelArgs(t, facts)).strip() + stall;
        List<String> args = new ArrayList<>(List.of("--out", dir.toString(), "--mem", arm64 ? "1024M" : "512M",
                "--smp", smp(t), "--timeout", String.valueOf(t.bootTimeoutSeconds()), "--no-abi", "--append",
                append, "--preload", built.get(built.size() - 2), "--file", planFile.toString()));
        args.addAll(icount(t));
        for (int i = 0; i < ENGINES; i++) {
            args.addAll(List.of("--qemu-device", EDU));
        }
        if (!t.kernel().equals("debug")) {
            // the debug kernel has no IOMMU driver
            args.add("--iommu-passthrough");
        }
        if (arm64) {
            args.addAll(List.of("--machine", "virt", "--cma", String.valueOf(Prover.ARM64_CMA_MIB), "--pool",
                    String.valueOf(Prover.ARM64_POOL_MIB)));
        }
        args.addAll(List.of("--module", module, "--run", built.get(built.size() - 1)));
        if (facts.heapFramework()) {
            // its heaps went through the kernel's dma-heap framework: it cannot be unloaded
            args.add("--permanent");
        }
        return args;
    }

    private int[] judge(Path dir, KernelScripts.Result r, DataPlan plan, Prover.Target t, long seconds)
            throws IOException {
        String label = "data boot " + t.arch() + (t.arch().equals("arm64") ? " virt" : "") + " " + t.kernel()
                + " swiotlb=force";
        Path results = dir.resolve("results.txt");
        if (r.exit() == 3 || !Files.exists(results)) {
            out.printf("%s: FAIL in %d s: %s%n  serial log: %s%n", label, seconds,
                    r.lastLine().replaceFirst("^boot-guest: ", ""), dir.resolve("serial.log"));
            return new int[] {0, 1};
        }
        String text = Files.readString(results, StandardCharsets.UTF_8);
        GuestResults g = GuestResults.parse(text);
        DataResults d = DataResults.parse(text);
        boolean ok = g.passed() && d.summarized() && d.failed() == 0;
        out.printf("%s: %s in %d s: %d of %d data checks as the DMA contract predicts (%d engine transfers, %d edu"
                + " engines), guest %s%n", label, ok ? "PASS" : "FAIL", seconds, d.checks() - d.failed(), d.checks(),
                plan.transfers(), ENGINES, g.finalResult.replaceFirst("^@@CENSPEC RESULT ", ""));
        d.leaks().forEach(l -> out.println("  " + l));
        d.failures().stream().limit(MAX_SHOWN).forEach(l -> out.println("  " + l));
        if (!ok) {
            out.printf("  data plan: %s%n  serial log: %s%n", work.resolve("data"), dir.resolve("serial.log"));
        }
        int passed = d.checks() - d.failed() + (g.passed() ? 1 : 0);
        int failed = d.failed() + (g.passed() ? 0 : 1) + (d.summarized() ? 0 : 1);
        return new int[] {passed, failed};
    }
}
