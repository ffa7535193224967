package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Spec;

/**
 * One boot's output judged against the prediction, as report checks: every replayed command
 * (grouped by flow and heap, counterexample, runtime scenario), the order of the CPU-access
 * syncs, the CPU-sync attributes of every map and unmap, the ABI test per heap, and the guest's own verdict (insmod, rmmod, leftover nodes,
 * dmesg, the --run programs). The arm64 importers, the board's match strings and the guest's
 * memory are judged by {@link ImportChecks} and {@link GuestMemory}; Prover adds them.
 */
final class BootJudge {
    private final Spec spec;
    private final ReplayPlan plan;
    /** Where the guest's memory differs from what the prediction assumed (empty: as assumed). */
    private final List<String> targetDifferences;
    /** The test build's stand-ins the guest's kernel left out. */
    private final LeftOutStandIns leftOut;

    BootJudge(Spec spec, ReplayPlan plan, List<String> targetDifferences) {
        this(spec, plan, targetDifferences, LeftOutStandIns.NONE);
    }

    BootJudge(Spec spec, ReplayPlan plan, List<String> targetDifferences, LeftOutStandIns leftOut) {
        this.spec = spec;
        this.plan = plan;
        this.targetDifferences = targetDifferences;
        this.leftOut = leftOut;
    }

    /**
     * The checks whose commands name a stand-in the kernel left out for a reason other than the
     * module's ({@link LeftOutStandIns}), each with the first such stand-in.
     */
    Map<String, LeftOutStandIns.LeftOut> needingAbsent() {
        Map<String, LeftOutStandIns.LeftOut> out = new LinkedHashMap<>();
        plan.expected()
                .forEach((line, x) ->
                        leftOut.absentIn(x.command()).ifPresent(l -> out.putIfAbsent(plan.checkOf(line), l)));
        return out;
    }

    /** A check that needs an absent stand-in: not proven, with the absence's cause. */
    private ProveReport.Check notProven(String check, LeftOutStandIns.LeftOut l) {
        return new ProveReport.Check(
                group(check),
                check,
                0,
                1,
                List.of(new ProveReport.Failure(
                        "not proven",
                        check,
                        "",
                        "every command answered as predicted",
                        "replayed without " + l.standIn() + ", which the kernel left out",
                        leftOut.cause(l),
                        leftOut.why(l))));
    }

    /**
     * Each flow on a heap, counterexample and runtime scenario: its commands as predicted or not;
     * one that needs an absent stand-in is not proven.
     */
    List<ProveReport.Check> replay(Map<Integer, String> actual) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, List<ProveReport.Failure>> failures = new LinkedHashMap<>();
        Map<String, LeftOutStandIns.LeftOut> absent = actual.isEmpty() ? Map.of() : needingAbsent();
        for (Map.Entry<Integer, ReplayPlan.Expected> e : plan.expected().entrySet()) {
            String check = plan.checkOf(e.getKey());
            if (absent.containsKey(check)) {
                counts.putIfAbsent(check, new int[2]);
                continue;
            }
            String got = actual.get(e.getKey());
            String why = e.getValue().mismatch(got);
            counts.computeIfAbsent(check, k -> new int[2])[why == null ? 0 : 1]++;
            if (actual.isEmpty()) {
                // the replay never ran (the module did not load, the guest stopped): one failure per check says so
                failures.computeIfAbsent(
                        check,
                        k -> List.of(new ProveReport.Failure(
                                "the replay",
                                check,
                                e.getValue().at(),
                                "every command answered",
                                "not replayed: see the guest's verdict",
                                ProveReport.Cause.MODULE,
                                "")));
            } else if (why != null) {
                failures.computeIfAbsent(check, k -> new ArrayList<>())
                        .add(failure(e.getKey(), e.getValue(), got, why));
            }
        }
        List<ProveReport.Check> out = new ArrayList<>();
        counts.forEach((check, c) -> out.add(
                absent.containsKey(check)
                        ? notProven(check, absent.get(check))
                        : new ProveReport.Check(
                                group(check), check, c[0], c[1], failures.getOrDefault(check, List.of()))));
        return out;
    }

    /**
     * The cause of the guest's own replay failures when every command that differed belongs to a
     * check needing an absent stand-in, else empty.
     */
    private Optional<LeftOutStandIns.LeftOut> replayFailuresAbsent(GuestResults g) {
        Map<Integer, String> actual = g.replays.getOrDefault(spec.name() + ".replay", Map.of());
        Map<String, LeftOutStandIns.LeftOut> absent = needingAbsent();
        if (actual.isEmpty() || absent.isEmpty()) {
            return Optional.empty();
        }
        Optional<LeftOutStandIns.LeftOut> cause = Optional.empty();
        for (Map.Entry<Integer, ReplayPlan.Expected> e : plan.expected().entrySet()) {
            if (e.getValue().mismatch(actual.get(e.getKey())) == null) {
                continue;
            }
            LeftOutStandIns.LeftOut l = absent.get(plan.checkOf(e.getKey()));
            if (l == null) {
                return Optional.empty();
            }
            cause = cause.or(() -> Optional.of(l));
        }
        return cause;
    }

    private ProveReport.Failure failure(int line, ReplayPlan.Expected x, String got, String why) {
        boolean target = !x.target().isEmpty() && !targetDifferences.isEmpty();
        String note = "differs in " + why + (x.target().isEmpty() ? "" : "; " + x.target());
        return new ProveReport.Failure(
                "line " + line + " '" + x.command() + "'",
                x.scenario(),
                x.at(),
                x.render(),
                got == null ? "no result" : got,
                target ? ProveReport.Cause.TARGET : ProveReport.Cause.MODULE,
                note);
    }

    /** flows, counterexamples or runtime, from the check's name. */
    static String group(String check) {
        if (check.startsWith("flow ")) {
            return "flows";
        }
        return check.startsWith("counterexample ") ? "counterexamples" : "runtime";
    }

    /** The order of the dma_sync_sg_for_{cpu,device} calls; null when the kernel cannot trace them. */
    ProveReport.Check syncs(GuestResults g) {
        String module = replayedModule(g);
        if (g.syncUnavailable.contains(module)) {
            return null;
        }
        List<String> got = g.syncs.get(module);
        if (plan.syncs().equals(got)) {
            return new ProveReport.Check(
                    "sync", "CPU-access syncs in order (" + plan.syncs().size() + " calls)", 1, 0, List.of());
        }
        return leftOut.overWholeReplay(new ProveReport.Check(
                "sync",
                "CPU-access syncs in order",
                0,
                1,
                List.of(new ProveReport.Failure(
                        "dma_sync_sg_for_cpu/_for_device order",
                        "CPU access with devices mapped",
                        "",
                        plan.syncs().toString(),
                        got == null ? "no trace" : got.toString(),
                        ProveReport.Cause.MODULE,
                        ""))));
    }

    /** The module whose replays the guest traced: the test build, {@code <spec>_test}, or the spec's name. */
    private String replayedModule(GuestResults g) {
        String test = spec.name() + "_test";
        return g.syncs.containsKey(test) || g.syncUnavailable.contains(test) || g.dmaMapTrace.containsKey(test)
                ? test
                : spec.name();
    }

    /**
     * The CPU-sync attribute of every dma_map_sg and dma_unmap_sg of the replays ({@link
     * MapSyncCalls}); empty, with why in {@code notProven}, where the kernel cannot trace them.
     */
    Optional<ProveReport.Check> mapSyncs(GuestResults g, List<String> notProven) {
        return MapSyncCalls.check(spec, plan, g, replayedModule(g), notProven).map(leftOut::overWholeReplay);
    }

    /** The ABI test, one check per heap; skipped tests go to {@code notProven}. */
    List<ProveReport.Check> abi(BootLines lines, List<String> notProven) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, List<ProveReport.Failure>> failures = new LinkedHashMap<>();
        for (BootLines.AbiResult r : lines.abi) {
            if (r.skipped()) {
                notProven.add("ABI " + r.heap() + " " + r.test() + ": skipped (" + r.detail() + ")");
                continue;
            }
            counts.computeIfAbsent(r.heap(), k -> new int[2])[r.passed() ? 0 : 1]++;
            if (!r.passed()) {
                failures.computeIfAbsent(r.heap(), k -> new ArrayList<>())
                        .add(new ProveReport.Failure(
                                r.test(),
                                "heap_abi_test on " + r.heap(),
                                "",
                                "passes (" + expectation(r.heap()) + ")",
                                r.detail(),
                                ProveReport.Cause.MODULE,
                                ""));
            }
        }
        List<ProveReport.Check> out = new ArrayList<>();
        counts.forEach((heap, c) -> out.add(
                new ProveReport.Check("abi", "heap " + heap, c[0], c[1], failures.getOrDefault(heap, List.of()))));
        return out;
    }

    private String expectation(String heap) {
        List<String> w = plan.abiExpectations();
        List<String> said = new ArrayList<>();
        for (int i = 0; i + 1 < w.size(); i += 2) {
            if (w.get(i + 1).startsWith(heap + "=")) {
                said.add(w.get(i) + " " + w.get(i + 1));
            }
        }
        return said.isEmpty() ? "no expectation" : String.join(" ", said);
    }

    private static final java.util.regex.Pattern STAMP = java.util.regex.Pattern.compile("^\\[\\s*([0-9.]+)\\]");
    private static final java.util.regex.Pattern STUCK = java.util.regex.Pattern.compile("stuck for (\\d+)s");

    /**
     * A dmesg line the guest failed on; one about something that began before the guest's /init
     * (a soft lockup is reported after the CPU was stuck for its seconds: under TCG on a loaded
     * host the kernel's own boot can be) comes before any module of the proof was loaded, and is
     * the target's.
     */
    static ProveReport.Failure dmesgFailure(String line, double initUptime) {
        java.util.regex.Matcher m = STAMP.matcher(line);
        java.util.regex.Matcher stuck = STUCK.matcher(line);
        // a soft lockup is reported after the CPU was stuck for that long: it began that much earlier
        double since = m.find()
                ? Double.parseDouble(m.group(1)) - (stuck.find() ? Double.parseDouble(stuck.group(1)) : 0)
                : Double.MAX_VALUE;
        boolean early = since < initUptime;
        return new ProveReport.Failure(
                "dmesg",
                "the guest",
                "",
                "no BUG:, WARNING:, Oops, Call Trace",
                line,
                early ? ProveReport.Cause.TARGET : ProveReport.Cause.MODULE,
                early ? "logged while the kernel booted, before /init and before any module of the proof" : "");
    }

    /**
     * The guest's failed verdict: the target's when it failed only on dmesg lines of the kernel's
     * own boot, the absent stand-in's cause when it failed only on replay commands of checks that
     * need one ({@link LeftOutStandIns}), else the module's.
     */
    private ProveReport.Failure verdictFailure(
            GuestResults g, String result, List<ProveReport.Failure> dmesg, BootLines lines) {
        ProveReport.Cause cause = onlyEarlyDmesg(result, dmesg) ? ProveReport.Cause.TARGET : ProveReport.Cause.MODULE;
        String why = String.join("; ", lines.moduleResults);
        Optional<LeftOutStandIns.LeftOut> absent =
                failedOnlyOn(GuestResults.fields(result), "replay_fail") && dmesg.isEmpty()
                        ? replayFailuresAbsent(g)
                        : Optional.empty();
        if (absent.isPresent()) {
            cause = leftOut.cause(absent.get());
            why = "its replay failures are all in checks needing an absent stand-in: " + leftOut.why(absent.get());
        }
        return new ProveReport.Failure(
                "guest verdict", "the guest", "", "status=pass", result.isEmpty() ? "no verdict" : result, cause, why);
    }

    /** Whether the verdict failed only for dmesg lines of the kernel's own boot. */
    private static boolean onlyEarlyDmesg(String result, List<ProveReport.Failure> dmesg) {
        return failedOnlyOn(GuestResults.fields(result), "dmesg_bad")
                && !dmesg.isEmpty()
                && dmesg.stream().allMatch(d -> d.cause() == ProveReport.Cause.TARGET);
    }

    /**
     * Whether the guest's verdict fields count a failure nowhere but in {@code count} (every other
     * {@code *_fail}, {@code leftover_nodes} and {@code dmesg_bad} zero).
     */
    private static boolean failedOnlyOn(Map<String, String> f, String count) {
        return f.entrySet().stream()
                .filter(e -> !e.getKey().equals(count))
                .filter(e -> e.getKey().endsWith("_fail")
                        || e.getKey().equals("leftover_nodes")
                        || e.getKey().equals("dmesg_bad"))
                .allMatch(e -> e.getValue().equals("0"));
    }

    /**
     * Why each failed rmmod is the kernel's videobuf2's ({@link Vb2AttachLeak}), when the guest
     * failed on nothing else and every failed rmmod is explained; else empty.
     */
    private static List<String> kernelHolds(GuestResults g, BootLines lines) {
        Map<String, String> f = GuestResults.fields(g.finalResult.replaceFirst("^@@CENSPEC RESULT ", ""));
        if (g.passed() || !f.containsKey("rmmod_fail") || !failedOnlyOn(f, "rmmod_fail")) {
            return List.of();
        }
        Map<String, Vb2AttachLeak.Hold> holds = Vb2AttachLeak.holds(lines.holds);
        List<String> why = holds.values().stream()
                .map(h -> Vb2AttachLeak.explains(h, lines.vb2Leaks, lines.refusedQbufs))
                .flatMap(Optional::stream)
                .toList();
        return why.size() == holds.size() && String.valueOf(why.size()).equals(f.get("rmmod_fail")) ? why : List.of();
    }

    /** The guest's own verdict: insmod, rmmod, leftover nodes, dmesg, the --run programs (heap_stress, importer_check). */
    ProveReport.Check guest(GuestResults g, BootLines lines, List<String> notProven) {
        List<String> kernelHolds = kernelHolds(g, lines);
        if (g.passed() || !kernelHolds.isEmpty()) {
            notProven.addAll(kernelHolds);
            return new ProveReport.Check(
                    "guest", "insmod, rmmod, no leftover node, clean dmesg, --run programs", 1, 0, List.of());
        }
        List<ProveReport.Failure> f = new ArrayList<>();
        String result = g.finalResult.replaceFirst("^@@CENSPEC RESULT ", "");
        List<ProveReport.Failure> dmesg = lines.dmesgBad.stream()
                .limit(20)
                .map(l -> dmesgFailure(l, lines.initUptime))
                .toList();
        f.add(verdictFailure(g, result, dmesg, lines));
        if (!lines.holds.isEmpty()) {
            f.add(new ProveReport.Failure(
                    "rmmod",
                    "what still holds the module",
                    "",
                    "nothing: the module unloads",
                    String.join("; ", lines.holds.stream().limit(20).toList()),
                    ProveReport.Cause.MODULE,
                    "the guest's rmmod_why: refcnt, holders, live dma-bufs, processes holding them"));
        }
        f.addAll(dmesg);
        g.stressLines.stream()
                .filter(l -> l.contains("VIOLATION"))
                .limit(20)
                .forEach(l -> f.add(new ProveReport.Failure(
                        "heap_stress",
                        "concurrent load",
                        "",
                        "consistent with the buffer model",
                        l,
                        ProveReport.Cause.MODULE,
                        "")));
        return new ProveReport.Check("guest", "insmod, rmmod, no leftover node, clean dmesg, --run programs", 0, 1, f);
    }
}
