package org.censpec.prove;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Upstream's own test subjects in every boot: the kernel's heap selftest (run over every heap
 * while the module is loaded), the guest's own importers (vivid, vgem) driven in the orders
 * of the spec's flows ({@link ImporterPlan}) and the module's udev rules, with the production
 * module and the booted kernel's modules they need; and their results as report checks.
 * {@code permanent}: the module registers its heaps through the kernel's dma-heap framework
 * (kernel-facts.sh heap_framework) and is never unloaded; {@code udevArgs}: boot-guest.sh's
 * udev options, empty where the rules are not checked; {@code selftestLimited}: the heaps kept
 * from the selftest because the prediction says they cannot hold its buffers ({@link
 * SelftestLimits}), each with why.
 */
record Upstream(
        java.nio.file.Path production,
        java.nio.file.Path selftest,
        java.nio.file.Path importerFile,
        ImporterPlan importers,
        List<String> kmods,
        boolean permanent,
        List<String> udevArgs,
        Map<String, String> selftestLimited) {
    Upstream {
        kmods = List.copyOf(kmods);
        udevArgs = List.copyOf(udevArgs);
        selftestLimited = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(selftestLimited));
    }

    /** vgem for the selftest's and the plan's PRIME imports, vivid for the plan's captures. */
    static final List<String> KMODS = List.of("vgem", ImporterPlan.VIVID_KMOD);

    /** A kernel without loadable modules in the guest (the debug kernel, build-debug-kernel.sh). */
    static final String NO_MODULES_IMPORTERS =
            "this kernel ships no loadable modules: no vgem, no vivid (the selftest cannot import there)";

    /** The production module, last: the kernel's modules load before it, the upstream checks run with it. */
    List<String> bootArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--module",
                production.toString(),
                "--skip-abi",
                "--no-java",
                "--upstream",
                "--selftest",
                selftest.toString()));
        if (permanent) {
            // registered through the kernel's dma-heap framework: in its class, never unloaded
            args.add("--permanent");
        }
        if (!importers.expected().isEmpty()) {
            args.addAll(List.of("--importers", importerFile.toString()));
        }
        kmods.forEach(k -> args.addAll(List.of("--kmod", k)));
        selftestLimited.keySet().forEach(h -> args.addAll(List.of("--selftest-hide", h)));
        args.addAll(udevArgs);
        return args;
    }

    /**
     * The kernel's heap selftest per module, a check each; a run without one check or with a
     * non-zero exit adds a failure. A skipped import counts as failed wherever vgem loaded (prove
     * loads it in every boot of a kernel with modules), as not run where it did not (said in
     * {@code notProven}); a module of the kernel that did not load is said there too.
     */
    List<ProveReport.Check> selftests(GuestResults g, List<String> notProven) {
        g.kmodLines.stream().filter(l -> !l.contains(" rc=0 ")).forEach(l -> notProven.add("kernel module: " + l));
        boolean vgem = g.kmodLines.stream().anyMatch(l -> l.startsWith("KMOD vgem insmod rc=0 "));
        List<ProveReport.Check> out = new ArrayList<>();
        for (Map.Entry<String, HeapSelftest> e : g.selftests().entrySet()) {
            HeapSelftest st = e.getValue();
            List<ProveReport.Failure> f = new ArrayList<>(st.checks().stream()
                    .filter(c -> !c.passed() && (vgem || !c.skipped()))
                    .map(c -> new ProveReport.Failure(
                            c.name(),
                            "kernel heap selftest on " + c.heap(),
                            "",
                            "passes",
                            c.detail(),
                            ProveReport.Cause.MODULE,
                            ""))
                    .toList());
            int failed = st.failedCounted(vgem);
            if (!st.verdict(vgem) && failed == 0) {
                failed = 1;
                f.add(new ProveReport.Failure(
                        "dmabuf-heap",
                        "kernel heap selftest",
                        "",
                        "at least one check, exit 0",
                        st.checks().size() + " checks, exit " + st.exitStatus(),
                        ProveReport.Cause.MODULE,
                        ""));
            }
            g.selftestHidden
                    .getOrDefault(e.getKey(), List.of())
                    .forEach(h -> notProven.add("kernel heap selftest ("
                            + e.getKey() + " loaded): not run on heap " + h + ", "
                            + selftestLimited.getOrDefault(
                                    h,
                                    "protected memory: its checks map every buffer,"
                                            + " which the module refuses by design (the ABI test checks the refusal,"
                                            + " EPERM)")));
            if (!vgem && st.skipped() > 0) {
                notProven.add("kernel heap selftest (" + e.getKey() + " loaded): " + st.skipped()
                        + " imports not run: no vgem in this kernel");
            }
            out.add(new ProveReport.Check(
                    "upstream", "kernel heap selftest (" + e.getKey() + " loaded)", st.passed(), failed, f));
        }
        return out;
    }

    /**
     * The module's udev rules as the guest's systemd-udevd applied them (each heap node's group
     * and mode, each former name's link): one check per module from its summary line.
     */
    List<ProveReport.Check> udev(GuestResults g) {
        List<ProveReport.Check> out = new ArrayList<>();
        for (String l : g.udevLines) {
            java.util.regex.Matcher m = UDEV_SUMMARY.matcher(l);
            if (!m.matches()) {
                continue;
            }
            String module = m.group(1);
            List<ProveReport.Failure> f = g.udevLines.stream()
                    .filter(x -> x.startsWith("UDEV " + module + " ") && !x.contains(" SUMMARY "))
                    .map(x -> new ProveReport.Failure(
                            "udev",
                            "the module's udev rules",
                            "",
                            "as the rules say",
                            x.substring(("UDEV " + module + " ").length()),
                            ProveReport.Cause.MODULE,
                            ""))
                    .toList();
            out.add(new ProveReport.Check(
                    "upstream",
                    "udev rules: heap nodes' group and mode, former names' links (" + module + ")",
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    f));
        }
        return out;
    }

    private static final java.util.regex.Pattern UDEV_SUMMARY =
            java.util.regex.Pattern.compile("UDEV (\\S+) SUMMARY passed=(\\d+) failed=(\\d+)");

    /** importer_drive's result of each importer plan line against the model's; importer_drive not reading the whole plan fails. */
    List<ProveReport.Check> importers(GuestResults g, List<String> notProven) {
        importers.notDriven().forEach(l -> notProven.add("upstream importers: " + l));
        if (importers.expected().isEmpty()) {
            return List.of();
        }
        int passed = 0;
        List<ProveReport.Failure> wrong = new ArrayList<>();
        for (Map.Entry<Integer, ImporterPlan.Expected> e : importers.expected().entrySet()) {
            String got = g.importers.get(e.getKey());
            if (e.getValue().result().equals(got)) {
                passed++;
            } else {
                wrong.add(new ProveReport.Failure(
                        "line " + e.getKey() + " '" + e.getValue().command() + "'",
                        e.getValue().scenario(),
                        "",
                        e.getValue().result(),
                        got == null ? "no result" : got,
                        ProveReport.Cause.MODULE,
                        ""));
            }
        }
        if (g.importersExit != 0) {
            wrong.add(new ProveReport.Failure(
                    "importer_drive",
                    "upstream importers",
                    "",
                    "exit 0",
                    "exit " + g.importersExit,
                    ProveReport.Cause.MODULE,
                    ""));
        }
        return List.of(new ProveReport.Check(
                "upstream", "vivid and vgem driven in the flows' orders", passed, wrong.size(), wrong));
    }
}
