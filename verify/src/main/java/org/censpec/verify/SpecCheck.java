package org.censpec.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.Subject;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.check.WorkLimits;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
import org.censpec.model.rules.VerifyRules;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.censpec.verify.direct.DirectChecker;

/**
 * The one check pipeline, used by every command that reads a spec (check, generate, replay,
 * prove, alloy, the language server, --watch and the Maven plugin): parse, the size limits
 * ({@link WorkLimits}: a spec beyond them gets no further check), spec-level validation, then
 * (only when those found no error) the semantic checks and suppressions; several files
 * checked together are judged together ({@link SpecSet}). The semantic checks of each spec
 * share one {@link WorkBudget}: the direct checker draws its states from it, the Alloy model gets
 * the time left and only the flows the direct checker could finish (a flow it could not is not
 * checked either way: its one finding is that limit).
 */
public final class SpecCheck {
    private final Engine engine;
    private final WorkBudget budget;
    private final List<Path> includeRoots;
    private final java.util.function.Function<Spec, List<Finding>> board;

    public SpecCheck(Engine engine, Duration timeout) {
        this(engine, timeout, List.of());
    }

    /** @param includeRoots folders whose files a spec may include besides its own folder tree */
    public SpecCheck(Engine engine, Duration timeout, List<Path> includeRoots) {
        this(engine, WorkBudget.ofTime(timeout), includeRoots);
    }

    /**
     * @param budget the work each spec's semantic check may do
     * @param includeRoots folders whose files a spec may include besides its own folder tree
     */
    public SpecCheck(Engine engine, WorkBudget budget, List<Path> includeRoots) {
        this(engine, budget, includeRoots, spec -> List.of());
    }

    private SpecCheck(
            Engine engine,
            WorkBudget budget,
            List<Path> includeRoots,
            java.util.function.Function<Spec, List<Finding>> board) {
        this.engine = engine;
        this.budget = budget;
        this.includeRoots = List.copyOf(includeRoots);
        this.board = board;
    }

    /**
     * This check plus findings about the spec against a board ({@code check --dtb}): they join the
     * semantic findings, so suppressions apply to them.
     */
    public SpecCheck withBoard(java.util.function.Function<Spec, List<Finding>> board) {
        return new SpecCheck(engine, budget, includeRoots, board);
    }

    public CheckedSpec check(Path file) throws SpecFileException {
        return finish(file.toString(), new SpecReader(includeRoots).read(file));
    }

    /**
     * The files of one run, each checked once (a file given twice is one file), then judged
     * together: a spec declared by two files differently is {@code spec.duplicate}.
     */
    public List<CheckedSpec> checkAll(List<Path> files) throws SpecFileException {
        List<CheckedSpec> results = new ArrayList<>();
        Set<Path> checked = new java.util.HashSet<>();
        for (Path file : files) {
            if (checked.add(file.toAbsolutePath().normalize())) {
                results.add(check(file));
            }
        }
        return SpecSet.crossCheck(results);
    }

    /**
     * The spec-level part of the pipeline only: parse, size limits and validation, without the
     * semantic checks (for replay, which judges a recorded trace instead of the flows).
     */
    public static CheckedSpec validate(Path file) throws SpecFileException {
        return finish(file.toString(), new SpecReader().read(file), null);
    }

    public CheckedSpec check(String file, String text) {
        return finish(file, new SpecReader(includeRoots).parse(file, text));
    }

    private CheckedSpec finish(String file, ParseResult parsed) {
        return finish(file, parsed, spec -> {
            List<Finding> all = new ArrayList<>(semantic(spec));
            all.addAll(board.apply(spec));
            return all;
        });
    }

    /**
     * Parse findings, the size limits, spec validation, then (only without errors, and unless
     * {@code semantic} is null) {@code semantic} with suppressions applied.
     */
    static CheckedSpec finish(
            String file, ParseResult parsed, java.util.function.Function<Spec, List<Finding>> semantic) {
        List<Finding> findings = new ArrayList<>(parsed.findings());
        if (parsed.spec().isEmpty()) {
            return new CheckedSpec(file, parsed.spec(), findings, parsed.sources());
        }
        Spec spec = parsed.spec().get();
        List<Finding> tooLarge = WorkLimits.check(spec);
        if (!tooLarge.isEmpty()) {
            findings.addAll(tooLarge);
            return new CheckedSpec(file, parsed.spec(), findings, parsed.sources());
        }
        findings.addAll(SpecValidator.validate(spec));
        if (semantic != null && findings.stream().noneMatch(Finding::isError)) {
            List<Finding> semanticFindings = semantic.apply(spec);
            boolean complete = semanticFindings.stream().noneMatch(VerifyRules::isResourceLimit);
            findings = Suppressions.apply(spec, semanticFindings, findings, complete);
        }
        return new CheckedSpec(file, parsed.spec(), findings, parsed.sources());
    }

    private List<Finding> semantic(Spec spec) {
        WorkMeter meter = budget.start();
        List<Finding> direct = new DirectChecker().check(spec, meter);
        if (engine == Engine.DIRECT) {
            return direct;
        }
        // the direct checker's findings are candidates the Alloy model decides before its own search
        List<org.censpec.model.Flow> flows = checkedFlows(spec, direct);
        List<Finding> alloy = new AlloyChecker().check(spec, true, flows, meter, direct);
        return crossCheck(spec, withUnchecked(alloy, direct, flows), direct);
    }

    /**
     * The Alloy findings plus the direct checker's about flows not given to Alloy (not the limits, which the
     * cross-check adds): what a flow no engine could check says (e.g. {@code flow.never-maps}) is the same on
     * both engines.
     */
    static List<Finding> withUnchecked(
            List<Finding> alloy, List<Finding> direct, List<org.censpec.model.Flow> checked) {
        List<Finding> out = new ArrayList<>(alloy);
        for (Finding f : direct) {
            if (f.subject().declared().orElse(null) instanceof org.censpec.model.Flow flow
                    && !checked.contains(flow)
                    && !VerifyRules.isResourceLimit(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The flows of {@code spec} without a resource limit among the direct checker's {@code findings}. */
    static List<org.censpec.model.Flow> checkedFlows(Spec spec, List<Finding> findings) {
        Set<Object> limited = new java.util.HashSet<>();
        findings.stream().filter(VerifyRules::isResourceLimit).forEach(f -> limited.add(about(spec, f)));
        return spec.flows().stream().filter(f -> !limited.contains(f)).toList();
    }

    /**
     * The Alloy findings, compared whole (id, location, message, trace) with the direct
     * checker's. A resource limit of either engine is reported as that limit, never as a
     * mismatch: the flows it names (or, for a limit at the spec, everything) are left out of
     * the comparison.
     */
    static List<Finding> crossCheck(Spec spec, List<Finding> alloy, List<Finding> direct) {
        List<Finding> out = new ArrayList<>(alloy);
        Set<Object> limited = new java.util.HashSet<>();
        boolean whole = false;
        for (List<Finding> engine : List.of(alloy, direct)) {
            for (Finding f : engine) {
                if (VerifyRules.isResourceLimit(f)) {
                    Object e = about(spec, f);
                    if (e instanceof org.censpec.model.Flow) {
                        limited.add(e);
                    } else {
                        whole = true;
                    }
                    if (engine == direct) {
                        out.add(f);
                    }
                }
            }
        }
        if (whole) {
            return out;
        }
        Set<String> a = keys(spec, alloy, limited);
        Set<String> d = keys(spec, direct, limited);
        if (!a.equals(d)) {
            out.add(Finding.of(
                    VerifyRules.MISMATCH,
                    Subject.WHOLE,
                    spec.loc(),
                    "internal error: the Alloy model and the "
                            + "direct checker disagree; only Alloy: " + difference(a, d) + "; only direct: "
                            + difference(d, a)
                            + " (please report this spec)"));
        }
        return out;
    }

    /** The element a finding is about (its subject), or null for the spec as a whole. */
    private static Object about(Spec spec, Finding f) {
        return f.subject().declared().orElse(null);
    }

    private static Set<String> keys(Spec spec, List<Finding> findings, Set<Object> limitedFlows) {
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            if (limitedFlows.isEmpty() || !limitedFlows.contains(about(spec, f))) {
                // whole findings: id, location, message and trace (both engines print the same bytes)
                out.add(f.id() + "@" + f.loc().line() + ":" + f.loc().column() + " " + f.message() + " " + f.trace());
            }
        }
        return out;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
