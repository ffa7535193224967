package org.censpec.verify.alloy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Flow;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.WaitStep;

/**
 * Writes the Alloy 6 model of a spec (docs/alloy-encoding.md). Every spec element is a
 * {@code one sig}; the only numeric facts, "below(a) fits in dma_bits(d)" and "align(a)
 * covers align(d)", are written as the relations {@code reaches} and {@code alignedBy}
 * (Alloy integers would need a bitwidth of 64); all set logic (accepts, masks, priority,
 * interleavings) is Alloy's.
 */
final class AlloyModelWriter {
    private static final String SEMANTICS = """
            fun accepts: Device -> Allocator {
              { d: Device, a: Allocator | d.requires in a.provides and no (d.forbids & a.provides)
                  and a in d.reaches and a in d.alignedBy }
            }

            -- The highest-priority allocators of a set (one, for a non-empty set).
            fun top[m: set Allocator]: set Allocator { { a: m | no (a.higher & m) } }

            fun unsatisfiable: set Device { { d: Device | no d.accepts } }

            fun emptyIntersection: set Share { { s: Share | no { a: Allocator | s.members in accepts.a } } }

            -- a is used iff for some share, the members accepting a are a non-empty set that
            -- no higher-priority allocator suits as a whole (that set excludes the most).
            fun unused: set Allocator {
              { a: Allocator | no s: Share | some (s.members & accepts.a)
                  and no b: a.higher | (s.members & accepts.a) in accepts.b }
            }

            -- Flow semantics (docs/semantics.md). ord is the order of an execution.
            fun earlier[s: Step, ord: Step -> Step]: set Step { ord.s }

            pred attachedAt[d: Device, s: Step, ord: Step -> Step] {
              some x: earlier[s, ord] & kind.AttachK & dev.d |
                no y: earlier[s, ord] & kind.DetachK & dev.d | x -> y in ord
            }

            pred mappedAt[d: Device, s: Step, ord: Step -> Step] {
              some x: earlier[s, ord] & kind.MapK & dev.d |
                no y: earlier[s, ord] & kind.UnmapK & dev.d | x -> y in ord
            }

            -- The access mask before s: detach never widens it.
            fun maskAt[s: Step, ord: Step -> Step]: set Allocator {
              { a: Allocator | all x: earlier[s, ord] & kind.AttachK | a in x.dev.accepts }
            }

            -- The allocator chosen before s: the top of the mask at the first map.
            fun chosenAt[s: Step, ord: Step -> Step]: set Allocator {
              let maps = earlier[s, ord] & kind.MapK | let first = maps - maps.ord |
                (some first) => top[maskAt[first, ord]] else none
            }

            fun outcome[s: Step, ord: Step -> Step]: Outcome {
              (s.kind = AttachK) => (
                attachedAt[s.dev, s, ord] => Unbalanced
                else ((some chosenAt[s, ord]) => (
                  (chosenAt[s, ord] in s.dev.accepts) => AttachAfterMap else LateAttach)
                else ((no (maskAt[s, ord] & s.dev.accepts)) => AttachRejected else Ok)))
              else ((s.kind = MapK) => (
                (not attachedAt[s.dev, s, ord]) => MapBeforeAttach
                else (mappedAt[s.dev, s, ord] => Unbalanced else Ok))
              else ((s.kind = UnmapK) => (
                (not attachedAt[s.dev, s, ord] or not mappedAt[s.dev, s, ord]) => MapBeforeAttach else Ok)
              else ((s.kind = DetachK) => (
                (not attachedAt[s.dev, s, ord]) => MapBeforeAttach
                else (mappedAt[s.dev, s, ord] => Unbalanced else Ok))
              else Ok)))
            }

            fun maskAfter[s: Step, ord: Step -> Step]: set Allocator {
              (s.kind = AttachK and outcome[s, ord] in Ok + AttachAfterMap)
                => maskAt[s, ord] & s.dev.accepts else maskAt[s, ord]
            }

            fun chosenAfter[s: Step, ord: Step -> Step]: set Allocator {
              (some chosenAt[s, ord]) => chosenAt[s, ord]
              else ((s.kind = MapK and outcome[s, ord] = Ok) => top[maskAt[s, ord]] else none)
            }

            pred clean[s: Step, ord: Step -> Step] { outcome[s, ord] in Ok + AttachAfterMap }

            -- ord is a strict total order of E that respects program order and waits:
            -- every linear extension is one interleaving, so the solver sees them all.
            pred ordered[E: set Step, ord: Step -> Step] {
              ord in E -> E
              no iden & ord
              ord.ord in ord
              all x, y: E | x != y => (x -> y in ord or y -> x in ord)
              all s: E | (s.preds + s.waitsFor) -> s in ord
            }

            pred closed[done: set Step] { all s: done | s.preds + s.waitsFor in done }

            -- An error-free execution done, then t runs with t's outcome.
            pred runsTo[flowSteps: set Step, done: set Step, t: Step, ord: Step -> Step] {
              done in flowSteps
              t in flowSteps - done
              closed[done]
              t.preds + t.waitsFor in done
              ordered[done + t, ord]
              done -> t in ord
              all s: done | clean[s, ord]
            }

            pred findsBad[flowSteps: set Step, done: set Step, t: Step, ord: Step -> Step] {
              runsTo[flowSteps, done, t, ord]
              outcome[t, ord] != Ok
            }

            -- An error-free execution after which every unfinished actor waits for a step
            -- that has not run.
            pred stuck[flowSteps: set Step, done: set Step, ord: Step -> Step] {
              done in flowSteps
              closed[done]
              ordered[done, ord]
              all s: done | clean[s, ord]
              some flowSteps - done
              all s: flowSteps - done | s.preds in done => (s.kind = WaitK and s.waitsFor not in done)
            }
            """;

    private final Spec spec;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final Map<String, Allocator> allocators = new LinkedHashMap<>();
    private final Map<String, Share> shares = new LinkedHashMap<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, String> stepActors = new LinkedHashMap<>();
    private final List<AlloyModel.FlowModel> flows = new ArrayList<>();

    private AlloyModelWriter(Spec spec) {
        this.spec = spec;
    }

    static AlloyModel write(Spec spec, String version) {
        return new AlloyModelWriter(spec).run(version);
    }

    private AlloyModel run(String version) {
        line("-- Alloy 6 model of spec " + spec.name() + " (" + spec.loc().file() + "), generated by censpec " + version + ".");
        line("-- Open it in the Alloy Analyzer 6.2 and run its commands; see docs/alloy-encoding.md.");
        line("");
        line("abstract sig Property {}");
        line("abstract sig Allocator { provides: set Property, higher: set Allocator }");
        line("abstract sig Device { requires: set Property, forbids: set Property, reaches: set Allocator, alignedBy: set Allocator }");
        line("abstract sig Share { members: set Device }");
        line("abstract sig Actor {}");
        line("abstract sig Kind {}");
        line("one sig AttachK, MapK, UnmapK, DetachK, WaitK extends Kind {}");
        line("abstract sig Outcome {}");
        line("one sig Ok, AttachAfterMap, AttachRejected, LateAttach, MapBeforeAttach, Unbalanced extends Outcome {}");
        line("abstract sig Step { actor: one Actor, kind: one Kind, dev: lone Device, preds: set Step, waitsFor: lone Step }");
        line("");
        statics();
        line(SEMANTICS);
        line("-- Non-vacuity: the static facts have an instance (must be satisfiable).");
        line("run Consistent {} for 0");
        line("");
        line("-- No device is unsatisfiable, every share has a common allocator, every allocator can be chosen.");
        line("check StaticSafety { no unsatisfiable and no emptyIntersection and no unused } for 0");
        for (int i = 0; i < spec.flows().size(); i++) {
            flow(spec.flows().get(i), "F" + i);
        }
        return new AlloyModel(out.toString(), devices, allocators, shares, steps, stepActors, flows);
    }

    private void statics() {
        // Properties nothing provides, requires or forbids cannot change a verdict.
        java.util.Set<String> used = new java.util.HashSet<>();
        spec.allocators().forEach(a -> a.provides().forEach(r -> used.add(r.name())));
        spec.devices().forEach(d -> {
            d.requires().forEach(r -> used.add(r.name()));
            d.forbids().forEach(r -> used.add(r.name()));
        });
        for (Property p : spec.properties()) {
            if (used.contains(p.name())) {
                line("one sig " + prop(p.name()) + " extends Property {}");
            }
        }
        for (Allocator a : spec.allocators()) {
            String sig = "A_" + a.name();
            allocators.put(sig, a);
            line("one sig " + sig + " extends Allocator {}");
        }
        for (Device d : spec.devices()) {
            String sig = "D_" + d.name();
            devices.put(sig, d);
            line("one sig " + sig + " extends Device {}");
        }
        for (Share s : spec.shares()) {
            String sig = "SH_" + s.name();
            shares.put(sig, s);
            line("one sig " + sig + " extends Share {}");
        }
        line("");
        line("fact allocators {");
        for (Allocator a : spec.allocators()) {
            line("  -- " + a.name() + ": line " + a.loc().line() + ", priority " + a.priority());
            line("  A_" + a.name() + ".provides = " + union(a.provides().stream().map(p -> prop(p.name())).toList()));
            line("  A_" + a.name() + ".higher = " + union(spec.allocators().subList(0, a.priority()).stream()
                    .map(h -> "A_" + h.name()).toList()));
        }
        line("}");
        line("");
        line("fact devices {");
        for (Device d : spec.devices()) {
            line("  -- " + d.name() + ": line " + d.loc().line() + ", dma_bits " + d.dmaBits() + ", align " + d.align());
            line("  D_" + d.name() + ".requires = " + union(d.requires().stream().map(p -> prop(p.name())).toList()));
            line("  D_" + d.name() + ".forbids = " + union(d.forbids().stream().map(p -> prop(p.name())).toList()));
            line("  D_" + d.name() + ".reaches = " + union(spec.allocators().stream()
                    .filter(a -> d.reachesBelow(a.below())).map(a -> "A_" + a.name()).toList()));
            line("  D_" + d.name() + ".alignedBy = " + union(spec.allocators().stream()
                    .filter(a -> a.align() >= d.align()).map(a -> "A_" + a.name()).toList()));
        }
        line("}");
        line("");
        line("fact shares {");
        for (Share s : spec.shares()) {
            line("  SH_" + s.name() + ".members = " + union(s.devices().stream().map(r -> "D_" + r.name()).toList()));
        }
        line("}");
        line("");
    }

    private void flow(Flow f, String prefix) {
        AlloyModel.FlowModel fm = new AlloyModel.FlowModel(f, prefix,
                f.actors().stream().anyMatch(a -> !a.steps().isEmpty()));
        flows.add(fm);
        line("");
        line("-- flow " + f.name() + " on " + f.share().name() + " (line " + f.loc().line() + ")");
        Map<String, String> actorSigs = new LinkedHashMap<>();
        Map<String, Map<String, String>> labelSigs = new LinkedHashMap<>();
        List<String> stepSigs = new ArrayList<>();
        for (Actor a : f.actors()) {
            String actorSig = prefix + "_" + a.name();
            actorSigs.put(a.name(), actorSig);
            line("one sig " + actorSig + " extends Actor {}");
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < a.steps().size(); i++) {
                String sig = actorSig + "_" + i;
                stepSigs.add(sig);
                Step s = a.steps().get(i);
                steps.put(sig, s);
                stepActors.put(sig, a.name());
                s.label().ifPresent(l -> labels.put(l.name(), sig));
            }
            labelSigs.put(a.name(), labels);
        }
        line("abstract sig " + fm.stepSig() + " extends Step {}");
        if (!stepSigs.isEmpty()) {
            line("one sig " + String.join(", ", stepSigs) + " extends " + fm.stepSig() + " {}");
        }
        line("fact " + prefix + "_steps {");
        for (Actor a : f.actors()) {
            String actorSig = actorSigs.get(a.name());
            for (int i = 0; i < a.steps().size(); i++) {
                Step s = a.steps().get(i);
                String sig = actorSig + "_" + i;
                List<String> preds = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    preds.add(actorSig + "_" + j);
                }
                line("  -- line " + s.loc().line() + ": " + s.text());
                line("  " + sig + ".actor = " + actorSig);
                line("  " + sig + ".preds = " + union(preds));
                if (s instanceof DeviceStep d) {
                    line("  " + sig + ".kind = " + kindOf(d));
                    line("  " + sig + ".dev = D_" + d.device().name());
                    line("  " + sig + ".waitsFor = none");
                } else {
                    WaitStep w = (WaitStep) s;
                    line("  " + sig + ".kind = WaitK");
                    line("  " + sig + ".dev = none");
                    line("  " + sig + ".waitsFor = " + labelSigs.get(w.actor().name()).get(w.target().name()));
                }
            }
        }
        line("}");
        String st = fm.stepSig();
        line("sig " + fm.execSig() + " { " + fm.done() + ": set " + st + ", " + fm.target() + ": lone " + st + ", "
                + fm.ord() + ": " + st + " -> " + st + " }");
        String e = "some e: " + fm.execSig() + " | ";
        String scope = " for 0 but exactly 1 " + fm.execSig();
        line("-- Some interleaving reaches a step that fails or warns.");
        line("run " + fm.badCommand() + " { " + e + "findsBad[" + st + ", e." + fm.done() + ", e." + fm.target() + ", e."
                + fm.ord() + "] }" + scope);
        line("-- Some interleaving leaves every unfinished actor waiting.");
        line("run " + fm.stuckCommand() + " { " + e + "stuck[" + st + ", e." + fm.done() + ", e." + fm.ord() + "] }" + scope);
        line("-- Non-vacuity: some step can run, or the flow is stuck from the start (must be satisfiable).");
        line("run " + fm.liveCommand() + " { " + e + "(runsTo[" + st + ", e." + fm.done() + ", e." + fm.target() + ", e."
                + fm.ord() + "] or stuck[" + st + ", e." + fm.done() + ", e." + fm.ord() + "]) }" + scope);
    }

    private static String kindOf(DeviceStep d) {
        return switch (d.op()) {
            case ATTACH -> "AttachK";
            case MAP -> "MapK";
            case UNMAP -> "UnmapK";
            case DETACH -> "DetachK";
        };
    }

    private static String prop(String name) {
        return "P_" + name;
    }

    private static String union(List<String> sigs) {
        return sigs.isEmpty() ? "none" : sigs.stream().collect(Collectors.joining(" + "));
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
