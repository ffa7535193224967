package org.censpec.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Element;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.Share;
import org.censpec.model.Spec;
import org.censpec.verify.CheckedSpec;

/**
 * JUnit XML as Jenkins and GitLab read it: one {@code testsuite} per spec file, one
 * {@code testcase} per check performed — the spec itself (parse and spec-level rules), then
 * each allocator, device, share and flow in declaration order. A test case fails with its
 * error findings (message, then the text report with the interleaving); warnings go to its
 * {@code system-out}, or fail it under --warnings-as-errors. A file that does not parse is
 * one failing test case; when spec-level errors stop the semantic checks, the element test
 * cases are reported as skipped.
 */
public final class JunitReport {
    private JunitReport() {}

    private record Case(String classname, String name, List<Finding> findings, String skipped) {}

    public static String render(List<CheckedSpec> specs, boolean warningsAsErrors) {
        StringBuilder body = new StringBuilder();
        int tests = 0;
        int failures = 0;
        for (CheckedSpec spec : specs) {
            List<Case> cases = cases(spec);
            int suiteFailures = 0;
            int skipped = 0;
            StringBuilder cb = new StringBuilder();
            for (Case c : cases) {
                List<Finding> failing = c.findings().stream()
                        .filter(f -> f.fails() || (warningsAsErrors && f.warns()))
                        .toList();
                if (!failing.isEmpty()) {
                    suiteFailures++;
                }
                if (c.skipped() != null) {
                    skipped++;
                }
                testcase(cb, c, failing);
            }
            tests += cases.size();
            failures += suiteFailures;
            body.append("  <testsuite name=\"")
                    .append(Xml.escape(spec.file()))
                    .append("\" tests=\"")
                    .append(cases.size())
                    .append("\" failures=\"")
                    .append(suiteFailures)
                    .append("\" errors=\"0\" skipped=\"")
                    .append(skipped)
                    .append("\" time=\"0\" file=\"")
                    .append(Xml.escape(spec.file()))
                    .append("\">\n")
                    .append(cb)
                    .append("  </testsuite>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"censpec\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"0\" time=\"0\">\n" + body + "</testsuites>\n";
    }

    /** One test case: its failing findings as the failure, the others as its output. */
    private static void testcase(StringBuilder cb, Case c, List<Finding> failing) {
        List<Finding> passing =
                c.findings().stream().filter(f -> !failing.contains(f)).toList();
        cb.append("    <testcase classname=\"")
                .append(Xml.escape(c.classname()))
                .append("\" name=\"")
                .append(Xml.escape(c.name()))
                .append("\" time=\"0\"");
        if (failing.isEmpty() && passing.isEmpty() && c.skipped() == null) {
            cb.append("/>\n");
            return;
        }
        cb.append(">\n");
        if (c.skipped() != null) {
            cb.append("      <skipped message=\"")
                    .append(Xml.escape(c.skipped()))
                    .append("\"/>\n");
        }
        if (!failing.isEmpty()) {
            Finding first = failing.get(0);
            String type = String.join(
                    " ", failing.stream().map(Finding::id).distinct().toList());
            String message = failing.size() == 1
                    ? first.message()
                    : first.message() + " (and " + (failing.size() - 1) + " more)";
            cb.append("      <failure type=\"")
                    .append(Xml.escape(type))
                    .append("\" message=\"")
                    .append(Xml.escape(message))
                    .append("\">");
            for (Finding f : failing) {
                cb.append(Xml.text(Findings.text(f)));
            }
            cb.append("</failure>\n");
        }
        if (!passing.isEmpty()) {
            cb.append("      <system-out>");
            for (Finding f : passing) {
                cb.append(Xml.text(Findings.text(f)));
            }
            cb.append("</system-out>\n");
        }
        cb.append("    </testcase>\n");
    }

    private static List<Case> cases(CheckedSpec checked) {
        String stem = stem(checked.file());
        if (checked.spec().isEmpty()) {
            return List.of(new Case(stem, "parse " + checked.file(), checked.findings(), null));
        }
        Spec spec = checked.spec().get();
        String cls = spec.name() + ".";
        Map<Element, List<Finding>> byElement = new LinkedHashMap<>();
        List<Element> elements = new ArrayList<>();
        elements.addAll(spec.allocators());
        elements.addAll(spec.devices());
        elements.addAll(spec.shares());
        elements.addAll(spec.flows());
        elements.forEach(e -> byElement.put(e, new ArrayList<>()));
        List<Finding> specLevel = new ArrayList<>();
        for (Finding f : checked.findings()) {
            Element owner = owner(spec, f);
            if (owner != null && !f.rule().isSpecLevel() && byElement.containsKey(owner)) {
                byElement.get(owner).add(f);
            } else {
                specLevel.add(f);
            }
        }
        boolean stopped =
                specLevel.stream().anyMatch(f -> f.isError() && f.rule().isSpecLevel());
        String skip = stopped ? "not checked: the spec has spec-level errors" : null;
        List<Case> out = new ArrayList<>();
        out.add(new Case(cls + "spec", "spec " + spec.name(), specLevel, null));
        for (Map.Entry<Element, List<Finding>> e : byElement.entrySet()) {
            out.add(new Case(
                    cls + kind(e.getKey()), kind(e.getKey()) + " " + e.getKey().name(), e.getValue(), skip));
        }
        return out;
    }

    /** The declared element a finding is about (its subject; a step's flow). */
    private static Element owner(Spec spec, Finding f) {
        return f.subject().declared().orElse(null);
    }

    private static String kind(Element e) {
        if (e instanceof Allocator) {
            return "allocator";
        }
        if (e instanceof Device) {
            return "device";
        }
        if (e instanceof Share) {
            return "share";
        }
        return e instanceof Flow ? "flow" : "element";
    }

    private static String stem(String file) {
        Path name = Path.of(file).getFileName();
        String s = name == null ? file : name.toString();
        return s.endsWith(".cen") ? s.substring(0, s.length() - 4) : s;
    }
}
