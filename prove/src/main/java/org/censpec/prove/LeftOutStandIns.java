package org.censpec.prove;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.rules.SemanticRules;
import org.censpec.model.semantics.Errno;

/**
 * The test build's stand-ins the guest's kernel left out, from their one dmesg line each
 * (kernel-runtime/cen_standin_test.c: {@code <spec>_test: test build: stand-in NAME left out:
 * N-bit DMA mask refused: ERRNO}), and what that does to the judgment. A spec device's driver
 * sets its DMA mask at probe; a kernel that refuses it (arm64's dma-direct refuses -EIO a mask
 * that reaches no RAM) would fail that probe on a real board too, so the device is absent in
 * that guest: every check whose commands name it is not proven, with the cause of the refusal.
 * That cause is {@code spec} where the spec's own {@code device.unsatisfiable} says the device
 * reaches no memory, {@code target} for -EIO the spec does not explain (the guest's RAM lies
 * beyond a mask the spec finds enough), and {@code module} for any other errno (the test build
 * failed, not the kernel's DMA API).
 */
final class LeftOutStandIns {
    /** One stand-in left out: its control-device name, its spec device, the mask width and the errno. */
    record LeftOut(String standIn, String device, int bits, int rc) {
        String describe() {
            return "stand-in " + standIn + " left out: the kernel refused its " + bits + "-bit DMA mask ("
                    + Errno.describe(rc) + ")";
        }
    }

    /** No stand-in left out. */
    static final LeftOutStandIns NONE = new LeftOutStandIns(List.of(), Map.of());

    private final List<LeftOut> leftOut;
    /** Spec device name to its device.unsatisfiable finding. */
    private final Map<String, Finding> unsatisfiable;

    private LeftOutStandIns(List<LeftOut> leftOut, Map<String, Finding> unsatisfiable) {
        this.leftOut = List.copyOf(leftOut);
        this.unsatisfiable = Map.copyOf(unsatisfiable);
    }

    /** The stand-ins the test build of {@code spec} said it left out in {@code dmesg}, each once. */
    static LeftOutStandIns of(Spec spec, List<Finding> findings, String dmesg) {
        Pattern line = Pattern.compile("\\b" + Pattern.quote(spec.name() + "_test")
                + ": test build: stand-in (\\S+) left out: (\\d+)-bit DMA mask refused: (-\\d+)$");
        Map<String, LeftOut> found = new LinkedHashMap<>();
        for (String l : dmesg.split("\n")) {
            Matcher m = line.matcher(l.strip());
            if (m.find()) {
                String standIn = m.group(1);
                String device = standIn.replaceFirst("@match$", "");
                found.putIfAbsent(
                        standIn,
                        new LeftOut(standIn, device, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        }
        Map<String, Finding> unsatisfiable = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.rule().equals(SemanticRules.DEVICE_UNSATISFIABLE) && f.fails()) {
                f.subject()
                        .declared()
                        .filter(Device.class::isInstance)
                        .ifPresent(d -> unsatisfiable.putIfAbsent(d.name(), f));
            }
        }
        return new LeftOutStandIns(new ArrayList<>(found.values()), unsatisfiable);
    }

    List<LeftOut> leftOut() {
        return leftOut;
    }

    /** What the refusal of {@code l} comes from (see the class comment). */
    ProveReport.Cause cause(LeftOut l) {
        if (l.rc() != Errno.EIO.rc()) {
            return ProveReport.Cause.MODULE;
        }
        return unsatisfiable.containsKey(l.device()) ? ProveReport.Cause.SPEC : ProveReport.Cause.TARGET;
    }

    /** Why {@code l} is absent, for a failure's note: the spec's finding where it explains it. */
    String why(LeftOut l) {
        Finding f = unsatisfiable.get(l.device());
        if (cause(l) == ProveReport.Cause.SPEC) {
            return l.describe() + ", as " + f.id() + " at line " + f.loc().line() + " says: " + f.message();
        }
        if (cause(l) == ProveReport.Cause.TARGET) {
            return l.describe() + "; the spec finds that mask enough: the guest's RAM lies beyond it";
        }
        return l.describe() + ": the kernel refuses a DMA mask with -EIO only; the test build failed";
    }

    /**
     * The stand-in a command names ({@code attach NAME}, {@code map NAME to}...) when the kernel
     * left it out for a reason other than the module's, else empty.
     */
    Optional<LeftOut> absentIn(String command) {
        String[] w = command.split(" ");
        if (w.length < 2) {
            return Optional.empty();
        }
        return absent().filter(l -> l.standIn().equals(w[1])).findFirst();
    }

    /** The stand-in of spec device {@code device} left out for a reason other than the module's, if any. */
    Optional<LeftOut> absentDevice(String device) {
        return absent().filter(l -> l.device().equals(device)).findFirst();
    }

    /** The stand-ins absent for a reason other than the module's (a module's refusal is its failure). */
    private Stream<LeftOut> absent() {
        return leftOut.stream().filter(l -> cause(l) != ProveReport.Cause.MODULE);
    }

    /** Whether a stand-in is absent for a reason other than the module's. */
    boolean anyAbsent() {
        return absent().findAny().isPresent();
    }

    /**
     * A check over the whole replay (the sync orders) when a stand-in was absent: its expectation
     * counts the absent device's maps, so a failure there takes the absence's cause.
     */
    ProveReport.Check overWholeReplay(ProveReport.Check c) {
        Optional<LeftOut> absent = absent().findFirst();
        if (c.ok() || absent.isEmpty()) {
            return c;
        }
        LeftOut l = absent.get();
        String why = "not proven: the replay ran without the absent device, which this expectation counts; " + why(l);
        List<ProveReport.Failure> failures = c.failures().stream()
                .map(f -> new ProveReport.Failure(f.what(), f.scenario(), f.at(), f.model(), f.kernel(), cause(l), why))
                .toList();
        return new ProveReport.Check(c.group(), c.name(), c.passed(), c.failed(), failures);
    }

    /** One check per stand-in left out: passes never (the device is absent), with the refusal's cause. */
    List<ProveReport.Check> checks() {
        return leftOut.stream()
                .map(l -> new ProveReport.Check(
                        "stand-ins",
                        "stand-in " + l.standIn(),
                        0,
                        1,
                        List.of(new ProveReport.Failure(
                                "stand-in " + l.standIn(),
                                "the test build",
                                "",
                                "registered with its DMA mask",
                                l.describe(),
                                cause(l),
                                why(l)))))
                .toList();
    }

    /** What the report says was not proven because of the absent stand-ins, one line each. */
    List<String> notProven(Map<String, Integer> checksPerStandIn) {
        return absent().map(l -> l.describe() + ": "
                        + (checksPerStandIn.containsKey(l.standIn())
                                ? checksPerStandIn.get(l.standIn()) + " replayed checks that need it are not proven"
                                : "no other replayed check needs it"))
                .toList();
    }
}
