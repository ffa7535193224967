package org.censpec.verify.findings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Fix;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Operation;
import org.censpec.model.Rule;
import org.censpec.model.Share;
import org.censpec.model.Sizes;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Subject;
import org.censpec.model.TraceStep;
import org.censpec.model.WaitStep;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.semantics.Acceptance;

/**
 * The one message, trace and fix builder of every semantic finding, shared by both engines:
 * an engine decides which findings exist (by element, or by {@code id@step} for flows) and
 * this class writes them, so {@code --engine alloy} and {@code --engine direct} print the same
 * bytes. Flow traces are the canonical witnesses a {@link FlowSearch} finds.
 */
public final class FindingBuilder {
    private final Spec spec;
    private final Acceptance acc;
    private final FlowSearch search;

    public FindingBuilder(Spec spec, Acceptance acceptance, FlowSearch search) {
        this.spec = spec;
        this.acc = acceptance;
        this.search = search;
    }

    // ------------------------------------------------------------------ static findings

    public Finding deviceUnsatisfiable(Device d) {
        List<String> parts = new ArrayList<>();
        for (Allocator a : spec.allocators()) {
            parts.add(a.name() + ": " + String.join(", ", Acceptance.reasons(d, a)));
        }
        return Finding.of(
                SemanticRules.DEVICE_UNSATISFIABLE,
                new Subject.Of(d),
                d.loc(),
                "device " + d.name()
                        + " accepts no allocator, so no buffer it attaches to can be allocated"
                        + (parts.isEmpty()
                                ? " (the spec declares no allocator)"
                                : " (" + String.join("; ", parts) + ")"));
    }

    public Finding shareEmpty(Share s) {
        List<String> each = new ArrayList<>();
        for (Device d : devices(s)) {
            each.add(d.name() + " accepts " + acc.describe(acc.mask(d)));
        }
        return Finding.of(
                SemanticRules.SHARE_EMPTY,
                new Subject.Of(s),
                s.loc(),
                "no allocator is accepted by every " + "device of share " + s.name()
                        + ", so its buffers cannot be allocated: " + String.join(", ", each));
    }

    public Finding shareTooLarge(Share s) {
        long mask = acc.shareMask(s);
        List<String> caps = new ArrayList<>();
        for (String n : acc.names(mask)) {
            caps.add(n + " holds " + Sizes.format(acc.capacity(spec.allocator(n).orElseThrow())));
        }
        return Finding.of(
                SemanticRules.SHARE_TOO_LARGE,
                new Subject.Of(s),
                s.loc(),
                "share " + s.name()
                        + " has max_size " + Sizes.format(s.maxSize().orElseThrow())
                        + ", larger than every allocator its devices"
                        + " all accept (" + String.join(", ", caps) + "): such a buffer fails at its first map; give an"
                        + " allocator a larger size or region, or lower max_size");
    }

    public Finding allocatorUnused(Allocator a) {
        List<Device> by = acc.acceptedBy(a);
        String why;
        List<Device> shared = by.stream()
                .filter(d -> spec.shares().stream()
                        .anyMatch(
                                s -> s.devices().stream().anyMatch(r -> r.name().equals(d.name()))))
                .toList();
        if (by.isEmpty()) {
            why = "no device accepts it";
        } else if (shared.isEmpty()) {
            why = "the devices that accept it (" + names(by) + ") are in no share";
        } else {
            List<String> earlier = new ArrayList<>();
            for (Allocator b : spec.allocators().subList(0, a.priority())) {
                if (shared.stream().anyMatch(d -> Acceptance.accepts(d, b))) {
                    earlier.add(b.name());
                }
            }
            why = "in every share, the devices that accept it (" + names(shared) + ") all accept an allocator"
                    + " declared before it (" + String.join(", ", earlier) + "), which wins";
        }
        return Finding.of(
                SemanticRules.ALLOCATOR_UNUSED,
                new Subject.Of(a),
                a.loc(),
                "allocator " + a.name() + " is never selected: " + why);
    }

    public Finding neverMaps(Flow f) {
        return Finding.of(
                SemanticRules.NEVER_MAPS,
                new Subject.Of(f),
                f.loc(),
                "flow " + f.name()
                        + " never maps its buffer: no actor has a map step, so the buffer is never allocated and the flow"
                        + " checks nothing about where its memory comes from; add the map steps its drivers make");
    }

    /** Whether a flow has no map step at all (flow.never-maps). */
    public static boolean mapsNever(Flow f) {
        return f.actors().stream()
                .flatMap(a -> a.steps().stream())
                .noneMatch(s -> s instanceof DeviceStep d && d.op() == Operation.MAP);
    }

    private List<Device> devices(Share s) {
        Set<String> seen = new LinkedHashSet<>();
        s.devices().forEach(r -> seen.add(r.name()));
        return seen.stream().map(n -> spec.device(n).orElseThrow()).toList();
    }

    private static String names(List<Device> ds) {
        return String.join(", ", ds.stream().map(Device::name).toList());
    }

    // ------------------------------------------------------------------ flow findings

    /**
     * The findings of a flow given the keys an engine found. A step of a device that accepts no allocator is reported by
     * {@code device.unsatisfiable} alone: its flow findings would only repeat it.
     */
    public List<Finding> flow(Flow flow, Set<FlowKey> keys) {
        Set<FlowKey> wanted = new LinkedHashSet<>();
        for (FlowKey k : keys) {
            if (!onUnsatisfiableDevice(flow, k)) {
                wanted.add(k);
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<FlowKey, FlowWitness> witnesses = search.witnesses(spec, acc, flow, wanted);
        for (FlowKey k : wanted) {
            if (witnesses.get(k) == null) {
                throw new IllegalStateException(
                        "flow " + flow.name() + ": no execution within " + "the state bound shows " + k);
            }
        }
        Map<FlowKey, Fix> guards = sharedGuards(flow, wanted, witnesses, keys);
        List<Finding> out = new ArrayList<>();
        for (FlowKey k : wanted) {
            FlowWitness w = witnesses.get(k);
            out.add(k.isDeadlock() ? deadlock(flow, w) : step(flow, k, w.trace(), keys, guards.get(k)));
        }
        return out;
    }

    /** The key's step is an attach of a device with an empty mask. */
    private boolean onUnsatisfiableDevice(Flow flow, FlowKey key) {
        Optional<StepAt> at = stepOf(flow, key);
        return at.isPresent()
                && at.get().step() instanceof DeviceStep d
                && spec.device(d.device().name()).map(dev -> acc.mask(dev) == 0).orElse(false);
    }

    private record StepAt(Actor actor, int index, Step step) {}

    private static Optional<StepAt> stepOf(Flow flow, FlowKey key) {
        if (key.isDeadlock()) {
            return Optional.empty();
        }
        for (Actor a : flow.actors()) {
            for (int i = 0; i < a.steps().size(); i++) {
                Step s = a.steps().get(i);
                if (key.at().equals(s.loc())) {
                    return Optional.of(new StepAt(a, i, s));
                }
            }
        }
        return Optional.empty();
    }

    private Finding deadlock(Flow flow, FlowWitness w) {
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < flow.actors().size(); i++) {
            Actor a = flow.actors().get(i);
            if (w.stoppedAt()[i] < a.steps().size()) {
                Step s = a.steps().get(w.stoppedAt()[i]);
                stuck.add("actor " + a.name() + " at `" + s.text() + "` (" + s.loc() + ")");
            }
        }
        return Finding.of(
                SemanticRules.DEADLOCK,
                new Subject.Of(flow),
                flow.loc(),
                "flow " + flow.name()
                        + ": can deadlock after " + w.trace().size() + " step(s): no actor can move and not all have "
                        + "finished; " + String.join(", ", stuck) + " waits for a step that has not run",
                w.trace());
    }

    private Finding step(Flow flow, FlowKey key, List<TraceStep> trace, Set<FlowKey> flowKeys, Fix sharedGuard) {
        Rule rule = key.rule();
        String id = rule.id();
        StepAt at = stepOf(flow, key).orElseThrow();
        DeviceStep ds = (DeviceStep) at.step();
        String device = ds.device().name();
        Device dev = spec.device(device).orElseThrow();
        String step = "actor " + at.actor().name() + "'s `" + ds.text() + "`";
        TraceStep prev = trace.size() > 1 ? trace.get(trace.size() - 2) : null;
        List<String> before = prev == null ? acc.names(acc.all()) : prev.accessMask();
        Optional<TraceStep> firstMap =
                trace.stream().filter(t -> t.allocator().isPresent()).findFirst();
        String allocatedAt = prev == null || prev.allocator().isEmpty()
                ? ""
                : "the buffer was already allocated from "
                        + prev.allocator().get()
                        + firstMap.map(m -> " by actor " + m.actor() + "'s `" + m.step() + "` (" + m.loc() + ")")
                                .orElse("");
        String accepted = acc.describe(acc.mask(dev));
        List<Fix> fixes = List.of();
        String msg;
        switch (id) {
            case "flow.attach-rejected" ->
                msg = step + " can leave the access mask empty (the kernel returns -EINVAL):" + " the mask is {"
                        + String.join(", ", before) + "} and " + device + " accepts " + accepted;
            case "flow.late-attach", "flow.attach-after-map" -> {
                Optional<Fix> fix = Optional.ofNullable(sharedGuard)
                        .or(() -> firstMap.flatMap(m -> guardFix(flow, List.of(at), m, flowKeys)));
                fixes = fix.map(List::of).orElse(List.of());
                String remedy = fix.map(f -> "; fix: " + f.description())
                        .orElse("; attach " + device + " before the first map");
                msg = id.equals("flow.late-attach")
                        ? step + " can run after allocation: " + allocatedAt + ", which " + device
                                + " does not accept (it accepts " + accepted + "; the kernel returns -EBUSY)" + remedy
                        : step + " can run after allocation: " + allocatedAt + "; " + device
                                + " accepts it only by luck" + remedy;
            }
            case "flow.map-before-attach" ->
                msg = step + " can run while " + device + " is not "
                        + (ds.op() == Operation.UNMAP && prevAttached(trace, at) ? "mapped" : "attached");
            case "flow.unbalanced" ->
                msg = step + " can run while " + device
                        + switch (ds.op()) {
                            case ATTACH -> " is already attached";
                            case MAP -> " is already mapped";
                            default -> " is still mapped";
                        };
            default -> throw new IllegalArgumentException(id);
        }
        return new Finding(
                rule,
                rule.severity(),
                ds.loc(),
                "flow " + flow.name() + ": " + msg,
                trace,
                Optional.empty(),
                new Subject.StepOf(flow, at.actor(), ds),
                fixes);
    }

    /** Whether an unmap's device is attached when it runs (then the problem is that it is not mapped). */
    private boolean prevAttached(List<TraceStep> trace, StepAt at) {
        DeviceStep ds = (DeviceStep) at.step();
        boolean attached = false;
        for (TraceStep t : trace.subList(0, trace.size() - 1)) {
            String[] words = t.step().split(" ");
            if (words.length == 2 && words[1].equals(ds.device().name())) {
                if (words[0].equals("attach")) {
                    attached = true;
                } else if (words[0].equals("detach")) {
                    attached = false;
                }
            }
        }
        return attached;
    }

    private static boolean isLateAttach(FlowKey k) {
        return k.rule() == SemanticRules.LATE_ATTACH || k.rule() == SemanticRules.ATTACH_AFTER_MAP;
    }

    /**
     * The root cause of several late attaches is often one early map: when the canonical
     * executions of two or more of them allocate at the same map of another actor, one fix
     * guards that map with a wait for each of those attaches, and every one of those findings
     * offers it (instead of one partial {@code add wait} each). Kept only when it removes them
     * all and adds no finding; otherwise each finding offers its own fix.
     */
    private Map<FlowKey, Fix> sharedGuards(
            Flow flow, Set<FlowKey> wanted, Map<FlowKey, FlowWitness> witnesses, Set<FlowKey> before) {
        Map<SourceLocation, List<FlowKey>> byMap = new LinkedHashMap<>();
        Map<SourceLocation, TraceStep> maps = new LinkedHashMap<>();
        for (FlowKey k : wanted) {
            if (!isLateAttach(k)) {
                continue;
            }
            Optional<TraceStep> m = witnesses.get(k).trace().stream()
                    .filter(t -> t.allocator().isPresent())
                    .findFirst();
            StepAt at = stepOf(flow, k).orElseThrow();
            if (m.isPresent() && !m.get().actor().equals(at.actor().name())) {
                byMap.computeIfAbsent(m.get().loc(), x -> new ArrayList<>()).add(k);
                maps.put(m.get().loc(), m.get());
            }
        }
        Map<FlowKey, Fix> out = new LinkedHashMap<>();
        for (Map.Entry<SourceLocation, List<FlowKey>> e : byMap.entrySet()) {
            List<StepAt> attaches = e.getValue().stream()
                    .map(k -> stepOf(flow, k).orElseThrow())
                    .map(a -> a.step().loc())
                    .distinct()
                    .map(loc -> stepAtLoc(flow, loc))
                    .sorted(java.util.Comparator.comparingInt(
                                    (StepAt a) -> flow.actors().indexOf(a.actor()))
                            .thenComparingInt(StepAt::index))
                    .toList();
            if (attaches.size() < 2) {
                continue;
            }
            guardFix(flow, attaches, maps.get(e.getKey()), before)
                    .ifPresent(f -> e.getValue().forEach(k -> out.put(k, f)));
        }
        return out;
    }

    private static StepAt stepAtLoc(Flow flow, SourceLocation loc) {
        for (Actor a : flow.actors()) {
            for (int i = 0; i < a.steps().size(); i++) {
                if (a.steps().get(i).loc().equals(loc)) {
                    return new StepAt(a, i, a.steps().get(i));
                }
            }
        }
        throw new IllegalArgumentException(loc.toString());
    }

    /**
     * {@code add `wait A.L;` before `map x` (line N)}: make the actor whose map allocated wait for
     * the late attaches (labelling those that have no label). Offered only when checking the
     * changed flow shows that it removes their findings and adds no new one.
     */
    private Optional<Fix> guardFix(Flow flow, List<StepAt> attaches, TraceStep firstMap, Set<FlowKey> before) {
        Actor mapper = flow.actors().stream()
                .filter(a -> a.name().equals(firstMap.actor()))
                .findFirst()
                .orElseThrow();
        if (attaches.stream().anyMatch(a -> a.actor() == mapper)) {
            return Optional.empty();
        }
        int mapIndex = -1;
        for (int i = 0; i < mapper.steps().size(); i++) {
            if (mapper.steps().get(i).loc().equals(firstMap.loc())) {
                mapIndex = i;
            }
        }
        Map<Actor, List<Step>> changedSteps = new LinkedHashMap<>();
        List<String> labels = labelsFor(attaches, changedSteps);
        SourceLocation synthetic = new SourceLocation(flow.loc().file(), 0, 0);
        List<Step> mapperSteps = new ArrayList<>(mapper.steps());
        List<String> waits = new ArrayList<>();
        for (int i = attaches.size() - 1; i >= 0; i--) {
            mapperSteps.add(
                    mapIndex,
                    new WaitStep(
                            new NameRef(attaches.get(i).actor().name(), synthetic),
                            new NameRef(labels.get(i), synthetic),
                            Optional.empty(),
                            synthetic));
            waits.add(0, "wait " + attaches.get(i).actor().name() + "." + labels.get(i) + ";");
        }
        changedSteps.put(mapper, mapperSteps);
        List<Actor> actors = new ArrayList<>();
        for (Actor a : flow.actors()) {
            actors.add(changedSteps.containsKey(a) ? new Actor(a.name(), a.loc(), changedSteps.get(a)) : a);
        }
        Set<FlowKey> after = search.findings(spec, acc, new Flow(flow.name(), flow.loc(), flow.share(), actors));
        for (StepAt at : attaches) {
            boolean found = before.contains(FlowKey.of(SemanticRules.LATE_ATTACH, at.step()))
                    || before.contains(FlowKey.of(SemanticRules.ATTACH_AFTER_MAP, at.step()));
            if (!found
                    || after.contains(FlowKey.of(SemanticRules.LATE_ATTACH, at.step()))
                    || after.contains(FlowKey.of(SemanticRules.ATTACH_AFTER_MAP, at.step()))) {
                return Optional.empty();
            }
        }
        if (!before.containsAll(after)) {
            return Optional.empty();
        }
        return Optional.of(guard(attaches, labels, waits, mapper.steps().get(mapIndex)));
    }

    /** Each attach's label: its own, or a fresh one added to a copy of its actor's steps in {@code changed}. */
    private static List<String> labelsFor(List<StepAt> attaches, Map<Actor, List<Step>> changed) {
        List<String> labels = new ArrayList<>();
        for (StepAt at : attaches) {
            Optional<NameRef> label = at.step().label();
            if (label.isPresent()) {
                labels.add(label.get().name());
                continue;
            }
            List<Step> steps = changed.computeIfAbsent(at.actor(), a -> new ArrayList<>(a.steps()));
            DeviceStep d = (DeviceStep) at.step();
            String name = fresh(steps, d.device().name());
            steps.set(at.index(), new DeviceStep(d.op(), d.device(), Optional.of(new NameRef(name, d.loc())), d.loc()));
            labels.add(name);
        }
        return labels;
    }

    private static Fix guard(List<StepAt> attaches, List<String> labels, List<String> waits, Step map) {
        List<String> labelled = new ArrayList<>();
        List<Fix.Edit> edits = new ArrayList<>();
        for (int i = 0; i < attaches.size(); i++) {
            Step attach = attaches.get(i).step();
            if (attach.label().isEmpty()) {
                labelled.add("`" + attach.text() + "` (line " + attach.loc().line() + ") `" + labels.get(i) + ":`");
                edits.add(new Fix.Edit(attach.loc(), labels.get(i) + ": "));
            }
        }
        String wait = String.join(" ", waits);
        edits.add(new Fix.Edit(map.loc(), wait + " "));
        String description = (labelled.isEmpty() ? "" : "label " + String.join(", ", labelled) + " and ") + "add `"
                + wait + "` before `" + map.text() + "` (line " + map.loc().line() + ")";
        return new Fix(description, edits);
    }

    private static String fresh(List<Step> steps, String device) {
        Set<String> used = new LinkedHashSet<>();
        steps.forEach(s -> s.label().ifPresent(l -> used.add(l.name())));
        String base = device + "_attached";
        String n = base;
        for (int i = 2; used.contains(n); i++) {
            n = base + i;
        }
        return n;
    }
}
