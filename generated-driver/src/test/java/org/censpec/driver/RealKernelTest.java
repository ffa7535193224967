package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.censpec.cli.Main;
import org.censpec.codegen.CodeGenerator;
import org.censpec.codegen.OutputDirectory;
import org.censpec.model.Spec;
import org.censpec.prove.GuestResults;
import org.censpec.prove.ReplayPlan;
import org.censpec.prove.TargetMemory;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.censpec.verify.CheckedSpec;
import org.censpec.verify.Engine;
import org.censpec.verify.SpecCheck;
import org.junit.jupiter.api.Test;

/**
 * Proves the generated module in a booted Linux kernel (Debian's 6.1 under qemu, TCG):
 * builds the test build of every example's committed module and of the broken flow
 * examples, boots once with 512 MiB and once with 5 GiB of guest memory, replays every
 * flow interleaving and every verifier counterexample through the control device and
 * requires each result to equal the model's prediction; runs the userspace ABI test on
 * every heap; rmmod must succeed and dmesg must be clean.
 */
class RealKernelTest {
    static final Path WORK = Path.of("target", "kernel-test").toAbsolutePath();
    static final List<String> BROKEN_FLOWS = List.of(
            "flow.attach-after-map",
            "flow.attach-rejected",
            "flow.deadlock",
            "flow.late-attach",
            "flow.map-before-attach",
            "flow.unbalanced");
    static final int LIMIT_PER_FLOW = 400;
    /** Flows aimed at the three bugs of the RFC's code (see the spec's comment). */
    static final Path RFC_REGRESSIONS = Path.of("src", "test", "resources", "specs", "rfc_regressions.cen");
    /** Runtime paths the examples do not reach: match strings, IOMMU, protected memory, max_size. */
    static final Path RUNTIME_PATHS = Path.of("src", "test", "resources", "specs", "runtime_paths.cen");

    record Module(String name, Spec spec, Path source, ReplayPlan plan, boolean abi) {}

    @Test
    @Requires(Prerequisite.KERNELS)
    void everyFlowBehavesInTheKernelAsTheModelPredicts() throws Exception {
        long start = System.nanoTime();
        List<Module> modules = new ArrayList<>();
        for (String spec : CommittedOutput.SPECS) {
            CheckedSpec c = check(CommittedOutput.EXAMPLES.resolve(spec + ".cen"));
            modules.add(new Module(
                    spec,
                    c.spec().orElseThrow(),
                    CommittedOutput.kernel(spec),
                    ReplayPlan.of(c.spec().orElseThrow(), c.findings(), LIMIT_PER_FLOW, TargetMemory.buddyOnly()),
                    true));
        }
        List<Path> extra = new ArrayList<>();
        for (String broken : BROKEN_FLOWS) {
            extra.add(CommittedOutput.EXAMPLES.resolve("broken").resolve(broken + ".cen"));
        }
        extra.add(RFC_REGRESSIONS);
        extra.add(RUNTIME_PATHS);
        for (Path specFile : extra) {
            CheckedSpec c = check(specFile);
            var spec = c.spec().orElseThrow();
            Path out = WORK.resolve("src").resolve(spec.name());
            new OutputDirectory(out).write(new CodeGenerator(Main.VERSION).generate(spec));
            // A broken spec's share heaps may have an empty mask and refuse every buffer: no ABI test.
            // (The runtime-paths spec's protected heap is tested: its mmap and sync must give EPERM.)
            modules.add(new Module(
                    spec.name(),
                    spec,
                    out.resolve("kernel"),
                    ReplayPlan.of(spec, c.findings(), LIMIT_PER_FLOW, TargetMemory.buddyOnly()),
                    !c.hasErrors()));
        }

        List<List<String>> moduleArgs = new ArrayList<>();
        int scenarios = 0;
        int commands = 0;
        int truncated = 0;
        for (Module m : modules) {
            Path build = WORK.resolve("build").resolve(m.name());
            Scripts.Result b = Scripts.run(
                    WORK.resolve("logs/build-" + m.name() + ".log"),
                    600,
                    "build-module.sh",
                    m.source().toString(),
                    build.toString(),
                    "--test");
            assertEquals(0, b.exit(), "building " + m.name() + ": " + Scripts.lastLine(b.output()));
            Path replay = WORK.resolve("replay").resolve(m.name() + ".replay");
            Files.createDirectories(replay.getParent());
            Files.writeString(replay, m.plan().text(), StandardCharsets.UTF_8);
            moduleArgs.add(List.of(
                    "--module", build.resolve(m.name() + "_test.ko").toString(), "--replay", replay.toString()));
            scenarios += m.plan().scenarios();
            truncated += m.plan().truncatedFlows();
            commands += m.plan().expected().size();
        }
        Path abi = WORK.resolve("build/heap_abi_test");
        Scripts.Result a = Scripts.run(WORK.resolve("logs/abi-build.log"), 300, "build-abi-test.sh", abi.toString());
        assertEquals(0, a.exit(), Scripts.lastLine(a.output()));

        // what the spec predicts for CPU access to every heap of every module (heap names are unique)
        String abiOptions = String.join(
                " ",
                modules.stream()
                        .filter(Module::abi)
                        .flatMap(m -> m.plan().abiExpectations().stream())
                        .toList());
        int passed = 0;
        int failed = 0;
        List<String> problems = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (String mem : List.of("512M", "5G")) {
            Path out = WORK.resolve("guest-" + mem);
            List<String> args = new ArrayList<>(List.of(
                    "--out",
                    out.toString(),
                    "--mem",
                    mem,
                    "--timeout",
                    "420",
                    "--abi-test",
                    abi.toString(),
                    "--abi-opts",
                    abiOptions));
            if (mem.equals("512M")) {
                // censpec-record runs in this boot: its logs are checked with censpec replay below
                args.addAll(List.of(
                        "--record",
                        modules.get(0).source().resolve("censpec-record").toString()));
            }
            long guestBytes = Long.parseLong(mem.substring(0, mem.length() - 1)) << (mem.endsWith("G") ? 30 : 20);
            for (int i = 0; i < modules.size(); i++) {
                args.addAll(moduleArgs.get(i));
                // A spec whose ram is smaller than the guest does not describe it: its bounds (ram 1G
                // bounds every allocator at 1 GiB) fall outside the zones the guest's kernel laid out.
                if (!modules.get(i).abi()
                        || Long.compareUnsigned(modules.get(i).spec().ram(), guestBytes) < 0) {
                    args.add("--skip-abi");
                }
            }
            long t0 = System.nanoTime();
            Scripts.Result boot = Scripts.run(
                    WORK.resolve("logs/boot-" + mem + ".log"), 600, "boot-guest.sh", args.toArray(String[]::new));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            Path resultsFile = out.resolve("results.txt");
            if (!Files.exists(resultsFile)) {
                fail("guest with " + mem + " produced no results (serial log kept in " + out.resolve("serial.log")
                        + "): " + Scripts.lastLine(boot.output()));
            }
            String resultsText = Files.readString(resultsFile, StandardCharsets.UTF_8);
            GuestResults g = GuestResults.parse(resultsText);
            // Debian's 6.1 has no dma-heap framework: the heaps are devices of the module's class dma_heap.
            for (Module m : modules) {
                String want = "@@CENSPEC MODULE " + m.name() + "_test sysfs_dma_heap=" + m.name();
                if (!resultsText.contains(want)) {
                    failed++;
                    problems.add(mem + " " + m.name() + ": heaps not in /sys/class/dma_heap (want a line starting '"
                            + want + "')");
                }
            }
            int mismatches = 0;
            for (Module m : modules) {
                Map<Integer, String> actual = g.replays.getOrDefault(m.name() + ".replay", Map.of());
                for (Map.Entry<Integer, ReplayPlan.Expected> e :
                        m.plan().expected().entrySet()) {
                    String got = actual.get(e.getKey());
                    String why = e.getValue().mismatch(got);
                    if (why == null) {
                        passed++;
                    } else {
                        failed++;
                        mismatches++;
                        if (problems.size() < 40) {
                            problems.add(mem + " " + m.name() + " line " + e.getKey() + " '"
                                    + e.getValue().command() + "' ("
                                    + e.getValue().scenario() + "): model "
                                    + e.getValue().render() + ", kernel " + got
                                    + " [" + why + "]");
                        }
                    }
                }
            }
            if (mem.equals("512M")) {
                int[] counts = checkRecordedTraces(out, modules, problems, summary);
                passed += counts[0];
                failed += counts[1];
            }
            passed += g.abiPassed;
            failed += g.abiFailed;
            problems.addAll(g.abiFailures.stream().map(l -> mem + " " + l).toList());
            if (!g.passed()) {
                failed++;
                problems.add(mem + " guest verdict: "
                        + (g.finalResult.isEmpty() ? Scripts.lastLine(boot.output()) : g.finalResult) + " (serial log: "
                        + out.resolve("serial.log") + ")");
            } else {
                passed++;
            }
            summary.add(String.format(
                    "boot %s: %d s, %d modules, %d mismatches, ABI %d passed %d failed, %s",
                    mem, seconds, modules.size(), mismatches, g.abiPassed, g.abiFailed, g.finalResult));
        }
        long total = (System.nanoTime() - start) / 1_000_000_000L;
        System.out.println(
                "real-kernel: " + modules.size() + " modules, " + scenarios + " scenarios (flow interleavings and "
                        + "counterexamples), " + commands + " control commands per boot, 2 boots, " + total + " s wall"
                        + (truncated == 0
                                ? "; every execution of every flow replayed"
                                : "; " + truncated + " flow(s) stopped at " + LIMIT_PER_FLOW + " executions per heap"));
        summary.forEach(s -> System.out.println("real-kernel: " + s));
        problems.forEach(p -> System.out.println("real-kernel: MISMATCH " + p));
        System.out.println("real-kernel: " + passed + " passed, " + failed + " failed");
        assertTrue(problems.isEmpty() && failed == 0, String.join("\n", problems));
    }

    /**
     * The traces censpec-record took while each module's flows were replayed, checked with
     * censpec replay's monitor: the verdicts it finds in what the kernel really did must be
     * the ones the model predicts for the commands sent, with no disagreement of kernel and spec.
     */
    private static int[] checkRecordedTraces(
            Path out, List<Module> modules, List<String> problems, List<String> summary) throws Exception {
        String serial = Files.readString(out.resolve("serial.log"), StandardCharsets.UTF_8);
        Map<String, String> traces = RecordedTraces.extract(serial);
        int passed = 0;
        int failed = 0;
        for (Module m : modules) {
            String log = traces.get(m.name() + "_test");
            if (log == null) {
                failed++;
                problems.add("record " + m.name() + ": no trace on the console (serial log: "
                        + out.resolve("serial.log") + ")");
                continue;
            }
            RecordedTraces.Verdict v =
                    RecordedTraces.check(m.name(), m.spec(), log, out.resolve("trace-" + m.name() + ".log"), m.plan());
            summary.add("replay of the recorded trace, " + v.summary());
            // The deliberately misbehaving scenario: flow.late-attach's counterexample maps before
            // the other device attached; censpec replay must catch it in what the kernel recorded.
            boolean caught = !m.name().equals("late_attach") || v.lateAttaches() > 0;
            if (!caught) {
                problems.add("record late_attach: censpec replay found no observed.late-attach in the recorded trace");
            }
            // the runtime's importer log: the unnamed stand-ins, and the match lines proposed for them
            List<String> importers = RecordedTraces.importerProblems(m.spec(), v.result(), serial);
            problems.addAll(importers.stream().map(p -> "importers " + p).toList());
            if (v.ok() && caught && importers.isEmpty()) {
                passed++;
            } else {
                failed++;
                problems.add("record " + v.summary());
            }
        }
        return new int[] {passed, failed};
    }

    private static CheckedSpec check(Path spec) throws Exception {
        return new SpecCheck(Engine.ALLOY, Duration.ofSeconds(120)).check(spec);
    }
}
