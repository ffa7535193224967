package org.censpec.verify.alloy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import kodkod.engine.satlab.SATFactory;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.rules.VerifyRules;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;

/**
 * Checks a spec with the Alloy 6 model that {@link #alloyModel} generates, in-process.
 *
 * <p>Static findings come from three {@code check} commands; each flow has one {@code run}
 * command whose instances are its findings: when it is satisfiable the finding (step,
 * outcome) is read from the instance, excluded, and the command solved again until it is
 * unsatisfiable. A flow whose command is unsatisfiable at once must pass its
 * {@code nonvacuity_<flow>} run (batched: one conjunction per worker). Commands run on up to
 * two worker threads, each with its own parsed copy of the model; they stop at the deadline of the
 * spec's {@link WorkMeter} (the time left of its budget), and every module not finished by then
 * gets one {@code verify.budget} finding (at its flow; the static module's at the spec).
 *
 * <p>{@link #alloyModel} and {@link #check} expect a valid spec (names resolved); for an
 * unresolved name {@code alloyModel} throws {@link IllegalArgumentException} and {@code check}
 * reports {@code verify.internal}. Docs: docs/alloy-encoding.md.
 */
public final class AlloyChecker {

    /** The SAT solver; looked up once because Alloy's solver registry is not thread-safe. */
    private static final SATFactory DEFAULT_SOLVER = SATFactory.DEFAULT;

    private static final AtomicInteger PATHS = new AtomicInteger();

    private final SATFactory solver;
    private final int threads;

    /**
     * The units of the last spec this checker was given, with the models generated so far: a
     * {@link #check(Spec, boolean, java.util.Collection, WorkMeter, List)} of the spec that {@link #alloyModules}
     * just generated (WarmChecker's re-check after an edit) reuses them instead of generating them again.
     */
    private volatile Generated last;

    private record Generated(Spec spec, List<Unit> units) {}

    /**
     * The texts {@link #alloyModules} generated, by module spec (a slice, or the static part): a module's text
     * is a function of that spec's value (its records compare by value, locations included), so a re-check
     * after an edit generates only the modules the edit changed. The least recently used go past 256 (four specs of 64 flows).
     */
    private final Map<Spec, String> texts = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Spec, String> e) {
            return size() > 256;
        }
    });

    /** The SAT solver every check uses, for reports and the benchmark. */
    public static String solverDescription() {
        return "Kodkod SATFactory '" + DEFAULT_SOLVER.id() + "' (SAT4J: pure Java, in-process)";
    }

    /** SAT4J on up to two threads. */
    public AlloyChecker() {
        this(DEFAULT_SOLVER, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    AlloyChecker(SATFactory solver, int threads) {
        this.solver = solver;
        this.threads = threads;
    }

    /**
     * The generated Alloy 6 modules, exactly the text the check solves: the static module, then
     * one slice per flow ({@link Slices}). Each loads on its own in the Alloy Analyzer 6.2.
     */
    public List<Module> alloyModules(Spec spec) {
        List<Module> out = new ArrayList<>();
        for (Unit u : unitsOf(spec)) {
            String text = texts.get(u.spec());
            if (text == null) {
                text = u.model().text();
                texts.put(u.spec(), text);
            }
            out.add(new Module(u.name(), text, java.util.Optional.ofNullable(u.flow())));
        }
        return out;
    }

    /** One generated module: a file name ({@code NAME.als}), its text, the flow of a slice (empty: static). */
    public record Module(String name, String text, java.util.Optional<Flow> flow) {}

    /**
     * The findings of part of the spec: the static module when {@code statics}, and the slices of
     * {@code flows} (for a warm re-check of what changed).
     */
    public List<Finding> check(Spec spec, boolean statics, java.util.Collection<Flow> flows, Duration timeout) {
        return check(spec, statics, flows, timeout, List.of());
    }

    /**
     * The same, with another engine's findings of {@code spec} as candidates: the model decides each one on
     * the execution its trace shows and excludes the confirmed ones before its own search
     * (docs/alloy-encoding.md, "Enumerating findings"); the verdicts do not depend on them, only the number
     * of solves.
     */
    public List<Finding> check(
            Spec spec, boolean statics, java.util.Collection<Flow> flows, Duration timeout, List<Finding> candidates) {
        return check(spec, statics, flows, WorkBudget.ofTime(timeout).start(), candidates);
    }

    /** The same, until the deadline of {@code meter} (a spec's budget, shared with the direct checker). */
    public List<Finding> check(
            Spec spec, boolean statics, java.util.Collection<Flow> flows, WorkMeter meter, List<Finding> candidates) {
        long start = System.nanoTime();
        List<Unit> units = new ArrayList<>();
        for (Unit u : unitsOf(spec)) {
            if (u.flow() == null ? statics : flows.contains(u.flow())) {
                units.add(u);
            }
        }
        if (units.isEmpty()) {
            return List.of();
        }
        return run(spec, units, meter, start, Candidates.Hints.of(spec, candidates))
                .findings();
    }

    /** Every module of {@link #alloyModules}, each after a comment line naming it. */
    public String alloyModel(Spec spec) {
        StringBuilder sb = new StringBuilder();
        for (Module m : alloyModules(spec)) {
            sb.append("-- ==================== module ")
                    .append(m.name())
                    .append(".als\n")
                    .append(m.text());
        }
        return sb.toString();
    }

    /** All findings of the spec, in {@link Finding#ORDER}. */
    public List<Finding> check(Spec spec, Duration timeout) {
        return run(spec, timeout).findings();
    }

    /** All findings, with another engine's findings as candidates (see {@link #check(Spec, boolean, java.util.Collection, Duration, List)}). */
    public List<Finding> check(Spec spec, Duration timeout, List<Finding> candidates) {
        return check(spec, true, spec.flows(), timeout, candidates);
    }

    /** Per command: verdict of its first solve, number of solves, wall time, time spent reading instances. */
    record CommandStats(String label, boolean firstSat, int solves, long millis, long readMillis) {}

    /** What a check found, plus per-command statistics (for tests and measurements), keyed by module and label. */
    record Report(List<Finding> findings, Map<String, CommandStats> commands, long millis) {}

    /**
     * One module of a check: the static part ({@code flow} null) or one flow's slice. Its model is generated
     * on first use, by the worker that solves it (generation runs on both workers, and a check of a few
     * flows generates only theirs); {@link #model} throws {@link IllegalArgumentException} for a spec whose
     * names do not resolve.
     */
    record Unit(String name, Spec spec, Flow flow, AtomicReference<AlloyModel> generated) {
        Unit(String name, Spec spec, Flow flow) {
            this(name, spec, flow, new AtomicReference<>());
        }

        AlloyModel model() {
            AlloyModel m = generated.get();
            if (m == null) {
                m = AlloyModelGenerator.generate(spec, flow == null);
                generated.set(m);
            }
            return m;
        }

        /**
         * The order workers take units in, largest first so the two finish together: the static module
         * first (its parse and first command are the largest of a board's), then flows by their steps.
         */
        int weight() {
            return flow == null
                    ? Integer.MAX_VALUE
                    : 10
                            + flow.actors().stream()
                                    .mapToInt(a -> a.steps().size())
                                    .sum();
        }
    }

    /** The units of {@code spec}: the last spec's again when it is the same object. */
    private List<Unit> unitsOf(Spec spec) {
        Generated g = last;
        if (g == null || g.spec() != spec) {
            g = new Generated(spec, units(spec));
            last = g;
        }
        return g.units();
    }

    static List<Unit> units(Spec spec) {
        List<Unit> out = new ArrayList<>();
        out.add(new Unit("censpec_" + spec.name(), Slices.staticPart(spec), null));
        for (Flow f : spec.flows()) {
            Spec slice = Slices.flow(spec, f);
            out.add(new Unit("censpec_" + slice.name(), slice, f));
        }
        return out;
    }

    Report run(Spec spec, Duration timeout) {
        long start = System.nanoTime();
        WorkMeter meter = WorkBudget.ofTime(timeout).start();
        return run(spec, units(spec), meter, start, Candidates.Hints.NONE);
    }

    /**
     * Solves {@code units} on up to {@link #threads} workers, each parsing the modules it takes, until
     * the meter's deadline.
     */
    Report run(Spec spec, List<Unit> units, WorkMeter meter, long start, Candidates.Hints hints) {
        List<Unit> sorted = new ArrayList<>(units);
        // Longest first so the two threads finish together.
        sorted.sort(Comparator.comparingInt((Unit u) -> -u.weight()));
        if (meter.timeUp()) {
            return noTimeLeft(spec, units, meter, start);
        }
        ConcurrentLinkedQueue<Unit> queue = new ConcurrentLinkedQueue<>(sorted);
        java.util.Set<String> started = ConcurrentHashMap.newKeySet();
        java.util.Set<String> solved = ConcurrentHashMap.newKeySet();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        Map<String, CommandStats> stats = new ConcurrentHashMap<>();
        AtomicReference<Finding> notBuilt = new AtomicReference<>();
        int n = Math.max(1, Math.min(threads, units.size()));
        List<AtomicReference<CommandInfo>> current = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(n);
        for (int t = 0; t < n; t++) {
            AtomicReference<CommandInfo> cur = new AtomicReference<>();
            current.add(cur);
            Thread th = new Thread(
                    () -> {
                        try {
                            for (Unit u = queue.poll(); u != null; u = queue.poll()) {
                                started.add(u.name());
                                solve(u, hints, findings, stats, cur);
                                solved.add(u.name());
                            }
                        } catch (ModelNotBuilt e) {
                            notBuilt.compareAndSet(null, e.finding(spec));
                            queue.clear();
                        } catch (Throwable e) {
                            findings.add(workerFailure(spec, e, cur.get(), queue.size()));
                            queue.clear();
                        } finally {
                            finished.countDown();
                        }
                    },
                    "censpec-alloy-" + t);
            th.setDaemon(true);
            th.start();
        }
        boolean done;
        try {
            done = finished.await(Math.max(0, meter.deadlineNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            queue.clear(); // Alloy cannot be cancelled: the worker threads are daemons and are abandoned.
        }
        if (done && notBuilt.get() != null) {
            return new Report(List.of(notBuilt.get()), Map.of(), (System.nanoTime() - start) / 1_000_000);
        }
        // what was solved before the findings are read: a module solved later counts as not finished
        java.util.Set<String> solvedBefore = java.util.Set.copyOf(solved);
        List<Finding> result;
        synchronized (findings) {
            result = new ArrayList<>(findings);
        }
        if (!done) {
            result.addAll(unfinished(spec, units, java.util.Set.copyOf(started), solvedBefore, meter));
        }
        result.sort(Finding.ORDER);
        return new Report(List.copyOf(result), orderedStats(units, stats), (System.nanoTime() - start) / 1_000_000);
    }

    /** The finding of a worker that failed: out of memory is a limit at its flow, else an internal error. */
    private static Finding workerFailure(Spec spec, Throwable e, CommandInfo c, int notRun) {
        if (!outOfMemory(e)) {
            return Finding.of(
                    VerifyRules.INTERNAL,
                    Subject.WHOLE,
                    spec.loc(),
                    "the Alloy model failed" + (c == null ? "" : " in command " + c.label()) + ": "
                            + oneLine(e.toString()));
        }
        // a resource limit, reported as that limit (at the flow, so the cross-check leaves it out)
        boolean atFlow = c != null && c.flow() != null;
        return Finding.of(
                VerifyRules.MEMORY_LIMIT,
                atFlow ? new Subject.Of(c.flow()) : Subject.WHOLE,
                atFlow ? c.flow().loc() : spec.loc(),
                "the Alloy solver ran out of Java heap ("
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB)"
                        + (c == null
                                ? ""
                                : " in command " + c.label()
                                        + (atFlow ? " (flow " + c.flow().name() + ")" : ""))
                        + "; its result is unknown"
                        + (notRun == 0 ? "" : " (" + notRun + " more module(s) not run)"));
    }

    /** A run given no time: no worker starts, and every module is one not finished. */
    private static Report noTimeLeft(Spec spec, List<Unit> units, WorkMeter meter, long start) {
        List<Finding> out = new ArrayList<>(unfinished(spec, units, java.util.Set.of(), java.util.Set.of(), meter));
        out.sort(Finding.ORDER);
        return new Report(List.copyOf(out), Map.of(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * One {@code verify.budget} per module not solved by the deadline, in declaration order: a flow's
     * at the flow, the static module's at the spec. The time ran out at the first module started and
     * not finished (none: before any had started, in the static checks).
     */
    private static List<Finding> unfinished(
            Spec spec, List<Unit> units, java.util.Set<String> started, java.util.Set<String> solved, WorkMeter meter) {
        List<Unit> left = units.stream().filter(u -> !solved.contains(u.name())).toList();
        // the unit running when time ran out: a flow, or the static part (no flow); Stream.map would
        // hand findFirst the static part's null flow, which it refuses with an NPE
        java.util.Optional<Flow> during = left.stream()
                .filter(u -> started.contains(u.name()))
                .findFirst()
                .map(Unit::flow);
        WorkMeter.Exhausted why = new WorkMeter.Exhausted(WorkMeter.Resource.TIME, during);
        meter.exhaust(WorkMeter.Resource.TIME, during.orElse(null));
        List<Finding> out = new ArrayList<>();
        for (Unit u : left) {
            out.add(u.flow() == null ? meter.staticNotChecked(spec, why) : meter.notChecked(u.flow(), why));
        }
        return out;
    }

    /** The commands' statistics in the units' and commands' order. */
    private static Map<String, CommandStats> orderedStats(List<Unit> units, Map<String, CommandStats> stats) {
        Map<String, CommandStats> ordered = new LinkedHashMap<>();
        for (Unit u : units) {
            if (u.generated().get() == null) {
                continue;
            }
            for (CommandInfo c : u.generated().get().commands()) {
                CommandStats s = stats.get(u.name() + "/" + c.label());
                if (s != null) {
                    ordered.put(u.name() + "/" + c.label(), s);
                }
            }
        }
        return ordered;
    }

    /**
     * Whether {@code e} is, or wraps, an OutOfMemoryError: Alloy reports one thrown inside Kodkod or
     * the SAT solver as an {@code Err} whose text names it ("Unknown exception occurred: ...").
     */
    public static boolean outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError
                    || String.valueOf(t.getMessage()).contains("java.lang.OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    /** A unit's model could not be generated (a name that does not resolve): the check's one finding. */
    private static final class ModelNotBuilt extends Exception {
        ModelNotBuilt(IllegalArgumentException cause) {
            super(cause);
        }

        Finding finding(Spec spec) {
            return Finding.of(
                    VerifyRules.INTERNAL,
                    Subject.WHOLE,
                    spec.loc(),
                    "cannot build the Alloy model: " + getCause().getMessage());
        }
    }

    /** A message on one line (Alloy's errors span several). */
    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Parses one module and runs its commands (a flow's non-vacuity run when it has no finding). */
    private void solve(
            Unit u,
            Candidates.Hints hints,
            List<Finding> findings,
            Map<String, CommandStats> allStats,
            AtomicReference<CommandInfo> cur)
            throws Exception {
        AlloyModel model;
        try {
            model = u.model();
        } catch (IllegalArgumentException e) {
            throw new ModelNotBuilt(e);
        }
        Map<Flow, CommandInfo> nonvacuity = new java.util.HashMap<>();
        Map<Flow, CommandInfo> flowCommands = new java.util.HashMap<>();
        List<CommandInfo> tasks = new ArrayList<>();
        for (CommandInfo c : model.commands()) {
            switch (c.kind()) {
                case NONVACUITY -> nonvacuity.put(c.flow(), c);
                case FLOW -> {
                    flowCommands.put(c.flow(), c);
                    tasks.add(c);
                }
                default -> tasks.add(c);
            }
        }
        ConcurrentLinkedQueue<CommandInfo> queue = new ConcurrentLinkedQueue<>(tasks);
        Map<String, CommandStats> stats = new ConcurrentHashMap<>();
        CommandRunner.Shared shared = new CommandRunner.Shared(
                u.spec(),
                model,
                solver,
                hints,
                findings,
                stats,
                nonvacuity,
                flowCommands,
                queue,
                new AtomicInteger(tasks.size()));
        String path = "/censpec-generated/" + u.name() + "_" + PATHS.incrementAndGet() + ".als";
        cur.set(tasks.isEmpty() ? null : tasks.get(0)); // parsing is the first command's work
        CommandRunner runner = new CommandRunner(shared, path, cur);
        for (CommandInfo c = queue.poll(); c != null; c = queue.poll()) {
            cur.set(c);
            runner.run(c);
            cur.set(null);
        }
        runner.flushNonvacuity();
        stats.forEach((label, s) -> allStats.put(u.name() + "/" + label, s));
    }
}
