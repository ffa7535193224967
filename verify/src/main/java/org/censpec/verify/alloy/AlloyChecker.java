package org.censpec.verify.alloy;

import edu.mit.csail.sdg.alloy4.A4Reporter;
import edu.mit.csail.sdg.alloy4.Err;
import edu.mit.csail.sdg.ast.Command;
import edu.mit.csail.sdg.ast.Expr;
import edu.mit.csail.sdg.ast.Sig;
import edu.mit.csail.sdg.parser.CompModule;
import edu.mit.csail.sdg.parser.CompUtil;
import edu.mit.csail.sdg.translator.A4Options;
import edu.mit.csail.sdg.translator.A4Solution;
import edu.mit.csail.sdg.translator.A4Tuple;
import edu.mit.csail.sdg.translator.A4TupleSet;
import edu.mit.csail.sdg.translator.TranslateAlloyToKodkod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kodkod.engine.satlab.SATFactory;
import org.censpec.model.Allocator;
import org.censpec.model.Finding;
import org.censpec.model.Severity;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.TraceStep;

/**
 * Checks a spec with Alloy 6 in-process: generates the model ({@link AlloyModelWriter}),
 * parses it with the compiler API, and runs its commands with SAT4J. Flow commands are
 * re-solved with each finding excluded until unsatisfiable, so every (finding, step) pair
 * is reported once with a counterexample trace read from the solution.
 */
public final class AlloyChecker {
    /** Virtual file name of the model while parsing from memory. */
    private static final String FILE = "/censpec/spec.als";

    private final String version;

    public AlloyChecker(String version) {
        this.version = version;
    }

    /** The generated model text, as {@code censpec alloy} prints it. */
    public String alloyModel(Spec spec) {
        return AlloyModelWriter.write(spec, version).text();
    }

    /** Every device, share, allocator and flow finding of a spec free of spec errors. */
    public List<Finding> check(Spec spec, Duration timeout) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "censpec-alloy");
            t.setDaemon(true);
            return t;
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            AlloyModel model = AlloyModelWriter.write(spec, version);
            Run run = solve(worker, remaining(deadline), "parse", spec.loc(), () -> new Run(model, parse(model.text())));
            if (run == null) {
                return timedOut("parsing the generated model", spec.loc(), timeout);
            }
            List<Finding> out = new ArrayList<>();
            List<Finding> statics = solve(worker, remaining(deadline), "StaticSafety", spec.loc(), run::statics);
            if (statics == null) {
                return timedOut("Consistent/StaticSafety", spec.loc(), timeout);
            }
            out.addAll(statics);
            for (AlloyModel.FlowModel f : model.flows()) {
                List<Finding> found = solve(worker, remaining(deadline), f.badCommand(), f.flow().loc(), () -> run.flow(f));
                if (found == null) {
                    out.addAll(timedOut(f.badCommand(), f.flow().loc(), timeout));
                    break;
                }
                out.addAll(found);
            }
            out.sort(Finding.ORDER);
            return out;
        } finally {
            worker.shutdownNow();
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static List<Finding> timedOut(String command, SourceLocation loc, Duration timeout) {
        return List.of(Finding.error("verify.timeout", loc, "Alloy did not finish " + command + " within "
                + timeout.toSeconds() + " s (raise --timeout or split the spec)"));
    }

    interface Job<T> {
        T call() throws Err;
    }

    /** Runs a job on the worker; null when it did not finish in time (the thread is abandoned). */
    private static <T> T solve(ExecutorService worker, Duration timeout, String command, SourceLocation loc, Job<T> job) {
        Future<T> f = worker.submit(job::call);
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Alloy failed on " + command + " at " + loc + ": " + e.getCause(), e.getCause());
        }
    }

    static CompModule parse(String text) {
        Map<String, String> loaded = new HashMap<>();
        loaded.put(FILE, text);
        return CompUtil.parseEverything_fromFile(A4Reporter.NOP, loaded, FILE);
    }

    static A4Options options() {
        A4Options o = new A4Options();
        o.solver = SATFactory.DEFAULT;
        o.skolemDepth = 1;
        o.noOverflow = true;
        // Every atom is a one sig whose relations facts fix: partial-instance inference and
        // symmetry breaking only cost time here (measured 5-20x; docs/alloy-encoding.md).
        o.inferPartialInstance = false;
        o.symmetry = 0;
        return o;
    }

    /** Commands of one parsed model, and the atom tables of its solutions. */
    private static final class Run {
        private final AlloyModel model;
        private final CompModule world;
        private final Map<String, Command> commands = new LinkedHashMap<>();

        Run(AlloyModel model, CompModule world) {
            this.model = model;
            this.world = world;
            for (Command c : world.getAllCommands()) {
                commands.put(c.label, c);
            }
        }

        private A4Solution execute(Command c) {
            return TranslateAlloyToKodkod.execute_command(A4Reporter.NOP, world.getAllReachableSigs(), c, options());
        }

        private Command command(String label) {
            Command c = commands.get(label);
            if (c == null) {
                throw new IllegalStateException("generated model has no command " + label);
            }
            return c;
        }

        List<Finding> statics() {
            if (!execute(command("Consistent")).satisfiable()) {
                throw new IllegalStateException("non-vacuity: the static facts of the generated model have no instance");
            }
            A4Solution s = execute(command("StaticSafety"));
            List<Finding> out = new ArrayList<>();
            if (!s.satisfiable()) {
                return out;
            }
            Map<String, String> atoms = atomsToSigs(s);
            for (String sig : atomSigs(s, "unsatisfiable", atoms)) {
                var d = model.devices().get(sig);
                out.add(Finding.error("device.unsatisfiable", d.loc(), "device '" + d.name() + "' accepts no allocator"));
            }
            for (String sig : atomSigs(s, "emptyIntersection", atoms)) {
                var sh = model.shares().get(sig);
                out.add(Finding.error("share.empty-intersection", sh.loc(), "no allocator is accepted by every device of share '"
                        + sh.name() + "'"));
            }
            for (String sig : atomSigs(s, "unused", atoms)) {
                Allocator a = model.allocators().get(sig);
                out.add(Finding.warning("allocator.unused", a.loc(), "allocator '" + a.name()
                        + "' is never selected by any set of devices a share allows"));
            }
            return out;
        }

        List<Finding> flow(AlloyModel.FlowModel f) {
            List<Finding> out = new ArrayList<>();
            if (!f.hasSteps()) {
                return out;
            }
            if (!execute(command(f.liveCommand())).satisfiable()) {
                throw new IllegalStateException("non-vacuity: flow " + f.flow().name() + " admits no execution at all");
            }
            Command bad = command(f.badCommand());
            Expr exclusions = null;
            while (true) {
                Command c = exclusions == null ? bad : bad.change(bad.formula.and(exclusions));
                A4Solution s = execute(c);
                if (!s.satisfiable()) {
                    break;
                }
                Map<String, String> atoms = atomsToSigs(s);
                String exec = f.execSig();
                String target = atomSigs(s, exec + "." + f.target(), atoms).get(0);
                String outcome = atomSigs(s, "outcome[" + exec + "." + f.target() + ", " + exec + "." + f.ord() + "]", atoms)
                        .get(0);
                out.add(flowFinding(f, s, atoms, target, outcome));
                Expr excl = expr("no e: " + exec + " | e." + f.target() + " = " + target + " and outcome[e." + f.target()
                        + ", e." + f.ord() + "] = " + outcome);
                exclusions = exclusions == null ? excl : exclusions.and(excl);
            }
            A4Solution stuck = execute(command(f.stuckCommand()));
            if (stuck.satisfiable()) {
                Map<String, String> atoms = atomsToSigs(stuck);
                List<TraceStep> trace = trace(f, stuck, atoms, List.of());
                out.add(new Finding("flow.deadlock", Severity.ERROR, f.flow().loc(), "flow '" + f.flow().name()
                        + "' can block forever: every unfinished actor waits on a step that never runs", trace));
            }
            return out;
        }

        private Finding flowFinding(AlloyModel.FlowModel f, A4Solution s, Map<String, String> atoms, String target,
                String outcome) {
            Step step = model.steps().get(target);
            List<TraceStep> trace = trace(f, s, atoms, List.of(target));
            String where = " (flow '" + f.flow().name() + "')";
            String text = "'" + step.text() + "'";
            return switch (outcome) {
                case "AttachAfterMap" -> new Finding("flow.attach-after-map", Severity.WARNING, step.loc(), text
                        + " can run after the first map; the allocator chosen suits the device by luck" + where, trace);
                case "LateAttach" -> new Finding("flow.late-attach", Severity.ERROR, step.loc(), text
                        + " can run after the buffer was allocated from an allocator the device does not accept (kernel: -EBUSY)"
                        + where, trace);
                case "AttachRejected" -> new Finding("flow.attach-rejected", Severity.ERROR, step.loc(), text
                        + " can empty the access mask (kernel: -EINVAL)" + where, trace);
                case "MapBeforeAttach" -> new Finding("flow.map-before-attach", Severity.ERROR, step.loc(), text
                        + " can run while the device is not attached (or not mapped)" + where, trace);
                case "Unbalanced" -> new Finding("flow.unbalanced", Severity.ERROR, step.loc(), text
                        + " can run while the device is already attached or mapped" + where, trace);
                default -> throw new IllegalStateException("unexpected outcome " + outcome);
            };
        }

        /** The execution in the solution, in order, with the mask and allocator after each step. */
        private List<TraceStep> trace(AlloyModel.FlowModel f, A4Solution s, Map<String, String> atoms, List<String> last) {
            String exec = f.execSig();
            List<String> done = atomSigs(s, exec + "." + f.done(), atoms);
            List<String> all = new ArrayList<>(done);
            all.addAll(last);
            Map<String, Integer> rank = new HashMap<>();
            for (String step : all) {
                rank.put(step, atomSigs(s, exec + "." + f.ord() + "." + step, atoms).size());
            }
            all.sort((a, b) -> Integer.compare(rank.get(a), rank.get(b)));
            List<TraceStep> trace = new ArrayList<>();
            for (String sig : all) {
                Step step = model.steps().get(sig);
                List<String> mask = new ArrayList<>();
                for (String a : atomSigs(s, "maskAfter[" + sig + ", " + exec + "." + f.ord() + "]", atoms)) {
                    mask.add(model.allocators().get(a).name());
                }
                List<String> chosen = atomSigs(s, "chosenAfter[" + sig + ", " + exec + "." + f.ord() + "]", atoms);
                Optional<String> alloc = chosen.isEmpty() ? Optional.empty()
                        : Optional.of(model.allocators().get(chosen.get(0)).name());
                trace.add(new TraceStep(model.stepActors().get(sig), step.text(), step.loc(), sortByPriority(mask), alloc));
            }
            return trace;
        }

        private List<String> sortByPriority(List<String> names) {
            List<String> out = new ArrayList<>();
            for (Allocator a : model.allocators().values()) {
                if (names.contains(a.name())) {
                    out.add(a.name());
                }
            }
            return out;
        }

        /** Atom name to the generated signature it is the only atom of. */
        private Map<String, String> atomsToSigs(A4Solution s) {
            Map<String, String> map = new HashMap<>();
            for (Sig sig : world.getAllReachableUserDefinedSigs()) {
                if (sig.isOne != null) {
                    for (A4Tuple t : s.eval(sig)) {
                        map.put(t.atom(0), sig.label.replaceFirst("^this/", ""));
                    }
                }
            }
            return map;
        }

        /** Evaluates a unary expression on a solution and returns the signatures of its atoms. */
        private List<String> atomSigs(A4Solution s, String expression, Map<String, String> atoms) {
            A4TupleSet set = (A4TupleSet) s.eval(expr(expression));
            List<String> out = new ArrayList<>();
            for (A4Tuple t : set) {
                String sig = atoms.get(t.atom(t.arity() - 1));
                if (sig == null) {
                    throw new IllegalStateException("atom " + t.atom(0) + " of " + expression + " has no signature");
                }
                out.add(sig);
            }
            out.sort(null);
            return out;
        }

        private Expr expr(String text) {
            return CompUtil.parseOneExpression_fromString(world, text);
        }
    }
}
