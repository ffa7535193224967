package org.censpec.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecFileException;
import org.censpec.model.parse.SpecReader;
import org.censpec.verify.alloy.AlloyChecker;
import org.censpec.verify.budget.WorkBudget;
import org.censpec.verify.budget.WorkMeter;
import org.censpec.verify.direct.DirectChecker;

/**
 * A long-lived checker for the edit loop ({@code check --watch}, the language server): it
 * checks a spec exactly as {@link SpecCheck} does, module by module ({@link AlloyChecker#alloyModules}:
 * the static module and one slice per flow), and remembers each module's verdict under its
 * text. After an edit only the modules whose text changed are solved again; every other one
 * keeps its findings. A slice's text names the flow's steps with their locations, so an edit
 * that moves a flow's lines re-checks that flow. Results are identical to a cold
 * {@link SpecCheck} of the same text (same engines, same cross-check, one {@link WorkBudget} per
 * check: a module whose verdict is reused is charged the states its search spent, so the budget runs out
 * at the same flow); a buffer whose text did not
 * change since its last check is answered at once, without parsing. Thread-safe (one
 * check at a time).
 */
public final class WarmChecker {
    /** What one check found and what changed since the previous check of the same file. */
    public record Result(
            CheckedSpec checked, List<Finding> added, List<Finding> removed, int modulesChecked, int modulesReused) {}

    private static final int CACHE_ENTRIES = 4096;

    private final Engine engine;
    private final WorkBudget budget;
    private final List<Path> includeRoots;
    private final AlloyChecker alloy = new AlloyChecker();
    private final DirectChecker direct = new DirectChecker();
    private final Map<String, List<Finding>> alloyCache = lru();
    private final Map<String, Verdict> directCache = lru();
    private final Map<String, CheckedSpec> previous = new HashMap<>();
    /** The text each file had at its last check (editor buffers), to answer an unchanged buffer at once. */
    private final Map<String, String> previousText = new HashMap<>();

    private int checked;
    private int reused;

    public WarmChecker(Engine engine, Duration timeout) {
        this(engine, timeout, List.of());
    }

    /** @param includeRoots folders whose files a spec may include besides its own folder tree */
    public WarmChecker(Engine engine, Duration timeout, List<Path> includeRoots) {
        this(engine, WorkBudget.ofTime(timeout), includeRoots);
    }

    /**
     * @param budget the work each check may do
     * @param includeRoots folders whose files a spec may include besides its own folder tree
     */
    public WarmChecker(Engine engine, WorkBudget budget, List<Path> includeRoots) {
        this.engine = engine;
        this.budget = budget;
        this.includeRoots = List.copyOf(includeRoots);
    }

    /** A module's direct findings and the states its search spent, charged again when they are reused. */
    private record Verdict(List<Finding> findings, long states) {}

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> e) {
                return size() > CACHE_ENTRIES;
            }
        };
    }

    /** Reads and checks {@code file}. */
    public Result check(Path file) throws SpecFileException {
        return result(file.toString(), null, file);
    }

    /** Checks {@code text} as the content of {@code file} (an editor buffer). */
    public Result check(String file, String text) {
        try {
            return result(file, text, null);
        } catch (SpecFileException e) {
            throw new IllegalStateException(e); // not reached: text needs no reading
        }
    }

    /** Forgets the previous result of {@code file} (its module verdicts stay cached). */
    public synchronized void forget(String file) {
        previous.remove(file);
        previousText.remove(file);
    }

    private synchronized Result result(String file, String text, Path path) throws SpecFileException {
        checked = 0;
        reused = 0;
        if (text != null && text.equals(previousText.get(file)) && previous.containsKey(file)) {
            return new Result(previous.get(file), List.of(), List.of(), 0, 0);
        }
        if (text != null) {
            previousText.put(file, text);
        } else {
            previousText.remove(file);
        }
        SpecReader reader = new SpecReader(includeRoots);
        var parsed = path != null ? reader.read(path) : reader.parse(file, text);
        CheckedSpec now = SpecCheck.finish(file, parsed, this::semantic);
        CheckedSpec before = previous.put(file, now);
        List<Finding> old = before == null ? List.of() : before.findings();
        return new Result(now, minus(now.findings(), old), minus(old, now.findings()), checked, reused);
    }

    private static List<Finding> minus(List<Finding> a, List<Finding> b) {
        Set<String> keys = new LinkedHashSet<>();
        b.forEach(f -> keys.add(key(f)));
        return a.stream().filter(f -> !keys.contains(key(f))).toList();
    }

    private static String key(Finding f) {
        return f.id() + "@" + f.loc() + " " + f.message() + " "
                + f.suppression().orElse("");
    }

    private List<Finding> semantic(Spec spec) {
        WorkMeter meter = budget.start();
        List<AlloyChecker.Module> modules;
        try {
            modules = alloy.alloyModules(spec);
        } catch (IllegalArgumentException e) {
            checked++;
            return engine == Engine.DIRECT
                    ? direct.check(spec, meter)
                    : alloy.check(spec, true, spec.flows(), meter, List.of());
        }
        Map<AlloyChecker.Module, String> keys = new LinkedHashMap<>();
        for (AlloyChecker.Module m : modules) {
            keys.put(
                    m,
                    m.flow().isPresent()
                            ? m.text() + flowElements(spec, m.flow().get())
                            : m.text() + staticLocations(spec));
        }
        List<Finding> directFindings = directOf(spec, keys, meter);
        if (engine == Engine.DIRECT) {
            return directFindings;
        }
        List<Finding> alloyFindings = alloyOf(spec, keys, directFindings, meter);
        return SpecCheck.crossCheck(
                spec,
                SpecCheck.withUnchecked(alloyFindings, directFindings, SpecCheck.checkedFlows(spec, directFindings)),
                directFindings);
    }

    /**
     * Every static element whole (attributes and locations): static findings carry their
     * locations and their messages name attributes (a device's reach, an allocator's bound)
     * that the module text, which states only the accepts relation, does not.
     */
    private static String staticLocations(Spec spec) {
        StringBuilder sb = new StringBuilder();
        for (List<? extends Element> kind :
                List.of(spec.properties(), spec.allocators(), spec.devices(), spec.shares())) {
            for (Element e : kind) {
                sb.append('\n').append(e);
            }
        }
        return sb.toString();
    }

    /** The flow and the devices its steps use, whole: what its findings' locations and messages are made of. */
    private static String flowElements(Spec spec, org.censpec.model.Flow flow) {
        StringBuilder sb = new StringBuilder("\n").append(flow);
        java.util.Set<String> used = new java.util.TreeSet<>();
        flow.actors()
                .forEach(a -> a.steps().forEach(st -> {
                    if (st instanceof org.censpec.model.DeviceStep d) {
                        used.add(d.device().name());
                    }
                }));
        used.forEach(n -> spec.device(n).ifPresent(d -> sb.append('\n').append(d)));
        return sb.toString();
    }

    /**
     * The direct findings, module by module in declaration order: a cached verdict is reused and its states
     * charged to {@code meter} as the search would spend them (the budget runs out at the same flow as in a
     * cold check), every other module searched; a verdict with a verify.* finding is not remembered.
     */
    private List<Finding> directOf(Spec spec, Map<AlloyChecker.Module, String> keys, WorkMeter meter) {
        List<Finding> out = new ArrayList<>();
        Flow previous = null;
        for (Map.Entry<AlloyChecker.Module, String> e : keys.entrySet()) {
            Optional<Flow> flow = e.getKey().flow();
            Verdict hit = directCache.get(e.getValue());
            if (hit != null && flow.isPresent() && meter.exhausted().isEmpty() && hit.states() > meter.statesLeft()) {
                meter.exhaust(WorkMeter.Resource.STATES, flow.get());
                hit = new Verdict(List.of(meter.notChecked(flow.get())), 0);
            } else if (hit != null && flow.isPresent() && meter.exhausted().isPresent()) {
                hit = new Verdict(List.of(meter.notChecked(flow.get())), 0);
            }
            countDirect(hit != null);
            if (hit == null) {
                long before = meter.statesLeft();
                List<Finding> found = flow.isPresent()
                        ? direct.checkFlow(spec, flow.get(), previous, meter)
                        : direct.checkStatic(spec);
                hit = new Verdict(found, before - meter.statesLeft());
                if (found.stream().noneMatch(f -> f.rule().isVerification())) {
                    directCache.put(e.getValue(), hit);
                }
            } else {
                meter.spend(hit.states());
            }
            out.addAll(hit.findings());
            previous = flow.orElse(previous);
        }
        return out;
    }

    private void countDirect(boolean reusedVerdict) {
        if (engine == Engine.DIRECT) {
            if (reusedVerdict) {
                reused++;
            } else {
                checked++;
            }
        }
    }

    /**
     * The Alloy findings: cached modules reused, every other module solved in one run (both workers) until
     * the meter's deadline, the direct checker's findings as candidates; a flow the direct checker could not
     * finish is not solved (as in {@link SpecCheck}).
     */
    private List<Finding> alloyOf(
            Spec spec, Map<AlloyChecker.Module, String> keys, List<Finding> candidates, WorkMeter meter) {
        List<Finding> out = new ArrayList<>();
        List<Flow> checkable = SpecCheck.checkedFlows(spec, candidates);
        boolean statics = false;
        List<Flow> flows = new ArrayList<>();
        Map<Object, String> keyOf = new HashMap<>();
        for (Map.Entry<AlloyChecker.Module, String> e : keys.entrySet()) {
            List<Finding> hit = alloyCache.get(e.getValue());
            if (hit != null) {
                reused++;
                out.addAll(hit);
                continue;
            }
            if (e.getKey().flow().isPresent()
                    && !checkable.contains(e.getKey().flow().get())) {
                continue;
            }
            checked++;
            if (e.getKey().flow().isPresent()) {
                flows.add(e.getKey().flow().get());
                keyOf.put(e.getKey().flow().get(), e.getValue());
            } else {
                statics = true;
                keyOf.put(spec, e.getValue());
            }
        }
        if (!statics && flows.isEmpty()) {
            return out;
        }
        List<Finding> fresh = alloy.check(spec, statics, flows, meter, candidates);
        out.addAll(fresh);
        // Attribute each finding to its module (a flow's findings sit at the flow or its steps);
        // a module with a verify.* finding, or a run with one at the spec, is not remembered.
        Map<String, List<Finding>> byKey = new LinkedHashMap<>();
        keyOf.values().forEach(k -> byKey.put(k, new ArrayList<>()));
        Set<String> broken = new LinkedHashSet<>();
        for (Finding f : fresh) {
            Object e = f.subject().declared().orElse(null);
            String k = e instanceof Flow fl ? keyOf.get(fl) : keyOf.get(spec);
            if (k == null || (f.loc().equals(spec.loc()) && f.rule().isVerification())) {
                return out;
            }
            byKey.get(k).add(f);
            if (f.rule().isVerification()) {
                broken.add(k);
            }
        }
        byKey.forEach((k, v) -> {
            if (!broken.contains(k)) {
                alloyCache.put(k, List.copyOf(v));
            }
        });
        return out;
    }
}
