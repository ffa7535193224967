package org.censpec.model.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.NameRef;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Suppression;
import org.censpec.model.rules.SpecRules;

/**
 * How much a spec may ask of the checkers, checked before any other work on the model.
 * Each limit is far above what a real board needs (the bundled boards have at most 2
 * actors of 5 steps in a flow) yet keeps every later stage small: the model, the
 * validator, the Alloy translation (whose size grows with the square of a flow's steps)
 * and the direct checker's states (whose size grows with a flow's actors; their number is
 * bounded separately by the checker's own budget). An exceeded limit is one
 * {@code spec.range} error at the first element beyond it, naming the limit; a spec
 * with such an error gets no further check. docs/language.md, section Limits, lists them.
 */
public final class WorkLimits {
    public static final int MAX_PROPERTIES = 64;
    public static final int MAX_DEVICES = 128;
    public static final int MAX_SHARES = 128;
    public static final int MAX_FLOWS = 64;
    public static final int MAX_ACTORS_PER_FLOW = 16;
    public static final int MAX_STEPS_PER_ACTOR = 64;
    public static final int MAX_STEPS_PER_FLOW = 512;
    public static final int MAX_STEPS_PER_SPEC = 4096;
    public static final int MAX_SUPPRESSIONS = 128;
    /** Names in one {@code provides}, {@code requires} or {@code forbids} list (each a distinct property). */
    public static final int MAX_LIST = MAX_PROPERTIES;

    private final List<Finding> findings = new ArrayList<>();

    private WorkLimits() {}

    /** The {@code spec.range} errors of every limit the spec exceeds; empty when it fits. */
    public static List<Finding> check(Spec spec) {
        WorkLimits w = new WorkLimits();
        w.run(spec);
        return List.copyOf(w.findings);
    }

    private void run(Spec spec) {
        count(spec.properties(), Property::loc, MAX_PROPERTIES, "properties per spec");
        count(spec.devices(), Device::loc, MAX_DEVICES, "devices per spec");
        count(spec.shares(), Share::loc, MAX_SHARES, "shares per spec");
        count(spec.flows(), Flow::loc, MAX_FLOWS, "flows per spec");
        count(spec.suppressions(), Suppression::loc, MAX_SUPPRESSIONS, "suppressions per spec");
        for (Allocator a : spec.allocators()) {
            list(a.provides(), "names in allocator '" + a.name() + "''s provides list");
        }
        for (Device d : spec.devices()) {
            list(d.requires(), "names in device '" + d.name() + "''s requires list");
            list(d.forbids(), "names in device '" + d.name() + "''s forbids list");
        }
        int specSteps = 0;
        for (Flow f : spec.flows()) {
            count(f.actors(), Actor::loc, MAX_ACTORS_PER_FLOW, "actors per flow (flow '" + f.name() + "')");
            int flowSteps = 0;
            for (Actor a : f.actors()) {
                count(a.steps(), Step::loc, MAX_STEPS_PER_ACTOR, "steps per actor (actor '" + a.name() + "')");
                for (int i = 0; i < a.steps().size(); i++) {
                    SourceLocation at = a.steps().get(i).loc();
                    if (++flowSteps == MAX_STEPS_PER_FLOW + 1) {
                        exceeded(at, MAX_STEPS_PER_FLOW, "steps per flow (flow '" + f.name() + "')");
                    }
                    if (++specSteps == MAX_STEPS_PER_SPEC + 1) {
                        exceeded(at, MAX_STEPS_PER_SPEC, "steps per spec");
                    }
                }
            }
        }
    }

    private void list(List<NameRef> names, String what) {
        if (names.size() > MAX_LIST) {
            exceeded(names.get(MAX_LIST).loc(), MAX_LIST, what);
        }
    }

    private <T> void count(List<T> items, Function<T, SourceLocation> loc, int limit, String what) {
        if (items.size() > limit) {
            exceeded(loc.apply(items.get(limit)), limit, what);
        }
    }

    private void exceeded(SourceLocation at, int limit, String what) {
        findings.add(
                Finding.of(
                        SpecRules.RANGE,
                        at,
                        "at most " + limit + " " + what
                                + " (a limit that keeps every check within seconds and bounded memory; see docs/language.md, Limits)"));
    }
}
