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

import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Subject;
import org.censpec.verify.VerifyRules;
import org.censpec.model.Spec;
import org.censpec.verify.alloy.AlloyModel.CommandInfo;
import org.censpec.verify.alloy.AlloyModel.Kind;

import kodkod.engine.satlab.SATFactory;

/**
 * Checks a spec with the Alloy 6 model that {@link #alloyModel} generates, in-process.
 *
 * <p>Static findings come from three {@code check} commands; each flow has one {@code run}
 * command whose instances are its findings: when it is satisfiable the finding (step,
 * outcome) is read from the instance, excluded, and the command solved again until it is
 * unsatisfiable. A flow whose command is unsatisfiable at once must pass its
 * {@code nonvacuity_<flow>} run (batched: one conjunction per worker). Commands run on up to
 * two worker threads, each with its own parsed copy of the model; a check that does not finish
 * within the timeout reports {@code verify.timeout} naming the command that was solving.
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

    /** SAT4J on up to two threads. */
    public AlloyChecker() {
        this(DEFAULT_SOLVER, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    AlloyChecker(SATFactory solver, int threads) {
        this.solver = solver;
        this.threads = threads;
    }

    /** The generated Alloy 6 model, as it loads in the Alloy Analyzer 6.2. */
    public String alloyModel(Spec spec) {
        return AlloyModelGenerator.generate(spec).text();
    }

    /** All findings of the spec, in {@link Finding#ORDER}. */
    public List<Finding> check(Spec spec, Duration timeout) {
        return run(spec, timeout).findings();
    }

    /** Per command: verdict of its first solve, number of solves, wall time, time spent reading instances. */
    record CommandStats(String label, boolean firstSat, int solves, long millis, long readMillis) {
    }

    /** What a check found, plus per-command statistics (for tests and measurements). */
    record Report(List<Finding> findings, Map<String, CommandStats> commands, long millis) {
    }

    Report run(Spec spec, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        AlloyModel model;
        try {
            model = AlloyModelGenerator.generate(spec);
        } catch (IllegalArgumentException e) {
            return new Report(List.of(Finding.of(VerifyRules.INTERNAL, Subject.WHOLE, spec.loc(),
                    "cannot build the Alloy model: " + e.getMessage())), Map.of(), 0);
        }
        List<CommandInfo> tasks = new ArrayList<>();
        Map<Flow, CommandInfo> nonvacuity = new java.util.HashMap<>();
        Map<Flow, CommandInfo> flowCommands = new java.util.HashMap<>();
        boolean grouped = model.commands().stream().anyMatch(c -> c.kind() == Kind.GROUP);
        for (CommandInfo c : model.commands()) {
            switch (c.kind()) {
                // run by the flow's task when its findings command (or group) is unsat
                case NONVACUITY -> nonvacuity.put(c.flow(), c);
                // with groups, a flow's command runs only when its group is sat
                case FLOW -> {
                    flowCommands.put(c.flow(), c);
                    if (!grouped) {
                        tasks.add(c);
                    }
                }
                default -> tasks.add(c);
            }
        }
        // Longest first so the two threads finish together.
        tasks.sort(Comparator.comparingInt((CommandInfo c) -> -weight(c)));
        ConcurrentLinkedQueue<CommandInfo> queue = new ConcurrentLinkedQueue<>(tasks);
        AtomicInteger outstanding = new AtomicInteger(tasks.size());
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        Map<String, CommandStats> stats = new ConcurrentHashMap<>();
        int n = Math.max(1, Math.min(threads, spec.flows().size()));
        List<AtomicReference<CommandInfo>> current = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(n);
        String path = "/censpec-generated/" + spec.name() + "_" + PATHS.incrementAndGet() + ".als";
        CommandRunner.Shared shared = new CommandRunner.Shared(spec, model, solver, findings, stats, nonvacuity,
                flowCommands, queue, outstanding);
        for (int t = 0; t < n; t++) {
            AtomicReference<CommandInfo> cur = new AtomicReference<>();
            current.add(cur);
            Thread th = new Thread(() -> {
                try {
                    CommandRunner runner = new CommandRunner(shared, path, cur);
                    while (outstanding.get() > 0) {
                        CommandInfo c = queue.poll();
                        if (c == null) {
                            Thread.sleep(1); // another worker may still queue a sat group's flows
                            continue;
                        }
                        cur.set(c);
                        runner.run(c);
                        cur.set(null);
                        outstanding.decrementAndGet();
                    }
                    runner.flushNonvacuity();
                } catch (Throwable e) {
                    CommandInfo c = cur.get();
                    findings.add(Finding.of(VerifyRules.INTERNAL, Subject.WHOLE, spec.loc(), "the Alloy model failed"
                            + (c == null ? "" : " in command " + c.label()) + ": " + e));
                    queue.clear();
                    outstanding.set(0);
                } finally {
                    finished.countDown();
                }
            }, "censpec-alloy-" + t);
            th.setDaemon(true);
            th.start();
        }
        boolean done;
        try {
            done = finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        List<Finding> result;
        synchronized (findings) {
            result = new ArrayList<>(findings);
        }
        if (!done) {
            // Alloy cannot be cancelled: the worker threads are daemons and are abandoned.
            int pending = queue.size();
            for (AtomicReference<CommandInfo> cur : current) {
                CommandInfo c = cur.get();
                if (c != null) {
                    result.add(Finding.of(VerifyRules.TIMEOUT, c.flow() != null ? new Subject.Of(c.flow()) : Subject.WHOLE,
                            c.flow() != null ? c.flow().loc() : spec.loc(),
                            "the Alloy solver did not finish command " + c.label()
                                    + (c.flow() != null ? " (flow " + c.flow().name() + ")" : "")
                                    + " within " + timeout.toMillis() + " ms; its result is unknown"
                                    + (pending > 0 ? " (" + pending + " more command(s) not run)" : "")));
                }
            }
            queue.clear();
            if (result.stream().noneMatch(f -> f.id().equals("verify.timeout"))) {
                result.add(Finding.of(VerifyRules.TIMEOUT, Subject.WHOLE, spec.loc(),
                        "the Alloy check did not finish within " + timeout.toMillis()
                                + " ms (still parsing the generated model; no command had started)"));
            }
        }
        result.sort(Finding.ORDER);
        Map<String, CommandStats> ordered = new LinkedHashMap<>();
        for (CommandInfo c : model.commands()) {
            CommandStats s = stats.get(c.label());
            if (s != null) {
                ordered.put(c.label(), s);
            }
        }
        return new Report(List.copyOf(result), ordered, (System.nanoTime() - start) / 1_000_000);
    }

    private static int weight(CommandInfo c) {
        return switch (c.kind()) {
            case FLOW -> 10 + c.flow().actors().stream().mapToInt(a -> a.steps().size()).sum();
            case GROUP -> 10 + c.group().stream().flatMap(f -> f.actors().stream()).mapToInt(a -> a.steps().size()).sum();
            case NONVACUITY -> 10;
            default -> 1;
        };
    }
}
