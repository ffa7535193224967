package org.censpec.prove;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.tools.dt.BoardTree;
import org.censpec.tools.dt.DtbException;

/**
 * One boot's report: what the guest printed judged by the prediction ({@link BootJudge},
 * {@link ImportChecks}), the guest's memory against the one assumed ({@link GuestMemory}), the
 * board's match strings as the module saw them, upstream's checks ({@link Upstream}), and what
 * was not proven and why.
 */
final class BootReports {
    private final Spec spec;
    private final ReplayPlan plan;
    private final TargetMemory memory;
    private final Optional<BoardGuest> guest;
    private final Upstream upstream;
    /** The spec's findings: its device.unsatisfiable ones explain a stand-in the kernel left out. */
    private final List<Finding> findings;

    BootReports(
            Spec spec,
            List<Finding> findings,
            ReplayPlan plan,
            TargetMemory memory,
            Optional<BoardGuest> guest,
            Upstream upstream) {
        this.spec = spec;
        this.findings = findings;
        this.plan = plan;
        this.memory = memory;
        this.guest = guest;
        this.upstream = upstream;
    }

    /** The boot in {@code dir} ({@code results}: its @@CENSPEC lines; {@code hang}: why it reached no verdict, or empty). */
    ProveReport.Boot judge(Prover.Target t, String mem, long seconds, Path dir, String results, String hang)
            throws IOException {
        GuestResults g = GuestResults.parse(results);
        BootLines lines = BootLines.parse(results);
        Path dmesgFile = dir.resolve("dmesg.txt");
        String dmesg = Files.exists(dmesgFile) ? Files.readString(dmesgFile, StandardCharsets.UTF_8) : "";
        GuestMemory gm = GuestMemory.parse(dmesg);
        List<String> differences = dmesg.isEmpty() ? List.of() : gm.differences(memory);
        List<String> notProven = new ArrayList<>();
        LeftOutStandIns leftOut = LeftOutStandIns.of(spec, findings, dmesg);
        BootJudge judge = new BootJudge(spec, plan, differences, leftOut);
        List<ProveReport.Check> checks = new ArrayList<>(leftOut.checks());
        checks.addAll(judge.replay(g.replays.getOrDefault(spec.name() + ".replay", Map.of())));
        notProven.addAll(leftOut.notProven(perStandIn(judge)));
        ProveReport.Check syncs = judge.syncs(g);
        if (syncs == null) {
            notProven.add("the order of the CPU-access syncs: this kernel cannot trace dma_sync_sg_for_*");
        } else {
            checks.add(syncs);
        }
        judge.mapSyncs(g, notProven).ifPresent(checks::add);
        checks.addAll(judge.abi(lines, notProven));
        checks.addAll(importers(dir, lines, leftOut, notProven));
        guest.ifPresent(b -> checks.add(matches(b, dmesg)));
        if (!dmesg.isEmpty()) {
            checks.add(memoryCheck(differences));
        }
        checks.addAll(upstream.selftests(g, notProven));
        checks.addAll(upstream.importers(g, notProven));
        checks.addAll(upstream.udev(g));
        checks.add(DataBoot.leaks(DataResults.parse(results)));
        checks.add(judge.guest(g, lines, notProven));
        notProven.addAll(plan.notPlanned());
        notProven.addAll(limits(t));
        String kernel = lines.kernel.isEmpty() ? t.kernel() : lines.kernel;
        return new ProveReport.Boot(
                kernel,
                t.arch(),
                t.machine().isEmpty() ? "pc" : t.machine(),
                mem,
                t.smp(),
                seconds,
                memory.describe(),
                dmesg.isEmpty() ? "no dmesg" : gm.describe(memory),
                checks,
                notProven,
                dir.resolve("serial.log").toString(),
                hang);
    }

    /** How many replayed checks need each absent stand-in. */
    private static Map<String, Integer> perStandIn(BootJudge judge) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        judge.needingAbsent().values().forEach(l -> out.merge(l.standIn(), 1, Integer::sum));
        return out;
    }

    /** The devicetree test importers, judged over the guest's own devicetree (arm64). */
    private List<ProveReport.Check> importers(
            Path dir, BootLines lines, LeftOutStandIns leftOut, List<String> notProven) {
        Path dtb = dir.resolve("guest.dtb");
        if (!Files.exists(dtb)) {
            return List.of();
        }
        try {
            return new ImportChecks(plan.prediction(), BoardTree.read(dtb)).judge(lines.imports, leftOut);
        } catch (DtbException e) {
            notProven.add(
                    "the devicetree test importers: the guest's devicetree could not be read (" + e.getMessage() + ")");
            return List.of();
        }
    }

    /** Each match string that names a stand-in of the board: the module must not warn that it names nothing. */
    private ProveReport.Check matches(BoardGuest b, String dmesg) {
        int passed = 0;
        List<ProveReport.Failure> f = new ArrayList<>();
        for (StandIns.StandIn s : b.standIns()) {
            for (Device d : spec.devices()) {
                for (Literal m : d.match()) {
                    if (!s.compatible().contains(m.value())
                            && !s.node().devName().equals(m.value())) {
                        continue;
                    }
                    String warning =
                            "spec device " + d.name() + ": match \"" + m.value() + "\" names no devicetree node";
                    if (dmesg.contains(warning)) {
                        f.add(new ProveReport.Failure(
                                "match \"" + m.value() + "\"",
                                "the board's stand-in " + s.node().path(),
                                m.loc().file() + ":" + m.loc().line(),
                                "names the stand-in",
                                warning,
                                ProveReport.Cause.MODULE,
                                ""));
                    } else {
                        passed++;
                    }
                }
            }
        }
        return new ProveReport.Check("board", "match strings name the board's nodes (stand-ins)", passed, f.size(), f);
    }

    private static ProveReport.Check memoryCheck(List<String> differences) {
        List<ProveReport.Failure> f = differences.stream()
                .map(d -> new ProveReport.Failure(
                        "the guest's memory",
                        "what the prediction assumed",
                        "",
                        "as assumed",
                        d,
                        ProveReport.Cause.TARGET,
                        ""))
                .toList();
        return new ProveReport.Check(
                "target", "the guest's memory is what the prediction assumed", f.isEmpty() ? 1 : 0, f.size(), f);
    }

    /** What this boot cannot prove, by its setup. */
    private List<String> limits(Prover.Target t) {
        List<String> out = new ArrayList<>();
        if (plan.truncatedFlows() > 0) {
            out.add(plan.truncatedFlows() + " flow(s) on a heap have more than " + Prover.LIMIT_PER_FLOW
                    + " executions: the first " + Prover.LIMIT_PER_FLOW + " of each were replayed");
        }
        guest.ifPresent(b -> b.notReproduced().forEach(n -> out.add("the board: " + n)));
        if (t.arch().equals("x86_64")) {
            out.add("x86-64 has no devicetree: reserved-memory regions, stand-ins at the board's places and their"
                    + " match strings are proved on arm64 only");
        } else if (guest.isEmpty()) {
            out.add("no board devicetree: the machine's own extension stands in for the board (match strings name"
                    + " nothing there)");
        }
        return out;
    }
}
