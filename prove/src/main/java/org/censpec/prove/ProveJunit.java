package org.censpec.prove;

import java.util.List;
import org.censpec.report.Xml;

/**
 * The prove report as JUnit XML, as censpec check writes it for Jenkins and GitLab: a
 * {@code testsuite} for the spec against its model and board (a case per failure), then one per
 * boot with a {@code testcase} per check (classname SPEC.GROUP), failing with its failures, and
 * a skipped case per thing the boot did not prove, its reason as the message. The importers the
 * spec does not name and the suggested match lines are the spec suite's {@code system-out}.
 */
public final class ProveJunit {
    private ProveJunit() {}

    public static String render(ProveReport r) {
        StringBuilder body = new StringBuilder();
        int tests = 0;
        int failures = 0;
        StringBuilder spec = new StringBuilder();
        for (ProveReport.Failure f : r.specFailures()) {
            spec.append("    <testcase classname=\"")
                    .append(Xml.escape(r.spec() + ".spec"))
                    .append("\" name=\"")
                    .append(Xml.escape(f.what() + (f.at().isEmpty() ? "" : " at " + f.at())))
                    .append("\" time=\"0\">\n");
            failure(spec, List.of(f));
            spec.append("    </testcase>\n");
        }
        int n = Math.max(1, r.specFailures().size());
        if (r.specFailures().isEmpty()) {
            spec.append("    <testcase classname=\"")
                    .append(Xml.escape(r.spec() + ".spec"))
                    .append("\" name=\"")
                    .append(Xml.escape("the spec against its model and the board " + r.board()))
                    .append("\" time=\"0\"/>\n");
        }
        spec.append(unnamed(r.unnamedImporters()));
        body.append(suite("spec " + r.spec(), n, r.specFailures().size(), 0, 0, spec));
        tests += n;
        failures += r.specFailures().size();
        for (ProveReport.Boot b : r.boots()) {
            StringBuilder cases = new StringBuilder();
            int failed = 0;
            for (ProveReport.Check c : b.checks()) {
                cases.append("    <testcase classname=\"")
                        .append(Xml.escape(r.spec() + "." + c.group()))
                        .append("\" name=\"")
                        .append(Xml.escape(c.name() + " (" + c.passed() + "/" + (c.passed() + c.failed()) + ")"))
                        .append("\" time=\"0\"");
                if (c.ok()) {
                    cases.append("/>\n");
                    continue;
                }
                failed++;
                cases.append(">\n");
                failure(cases, c.failures());
                cases.append("    </testcase>\n");
            }
            for (String np : b.notProven()) {
                cases.append("    <testcase classname=\"")
                        .append(Xml.escape(r.spec() + ".not-proven"))
                        .append("\" name=\"")
                        .append(Xml.escape(np))
                        .append("\" time=\"0\">\n      <skipped message=\"")
                        .append(Xml.escape(np))
                        .append("\"/>\n    </testcase>\n");
            }
            if (!b.verdict().isEmpty()) {
                failed++;
                cases.append("    <testcase classname=\"")
                        .append(Xml.escape(r.spec() + ".guest"))
                        .append("\" name=\"verdict\" time=\"")
                        .append(b.seconds())
                        .append("\">\n      <failure type=\"module\" message=\"")
                        .append(Xml.escape(b.verdict()))
                        .append("\"/>\n    </testcase>\n");
            }
            int count = b.checks().size() + b.notProven().size() + (b.verdict().isEmpty() ? 0 : 1);
            String name = "boot " + b.arch() + " " + b.machine() + " " + b.kernel() + " mem=" + b.memory() + " smp="
                    + b.smp();
            body.append(suite(name, count, failed, b.notProven().size(), b.seconds(), cases));
            tests += count;
            failures += failed;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"censpec prove\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"0\" time=\"0\">\n" + body + "</testsuites>\n";
    }

    /** The importers the spec does not name and the suggested match lines: the spec suite's output, not a case. */
    private static String unnamed(UnnamedImporters u) {
        if (u.suggestions().isEmpty() && u.notes().isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("importers the spec does not name (information, not a check); ")
                .append(UnnamedImporters.ON_QEMU)
                .append('\n');
        u.importers()
                .forEach(s -> t.append("attached: ")
                        .append(s.dev())
                        .append(": ")
                        .append(s.view())
                        .append(" (")
                        .append(String.join(", ", s.boots()))
                        .append(")\n"));
        u.notes().forEach(note -> t.append("note: ").append(note).append('\n'));
        u.suggestions().forEach(l -> t.append(l).append('\n'));
        return "    <system-out>" + Xml.text(t.toString()) + "</system-out>\n";
    }

    private static String suite(String name, int tests, int failures, int skipped, long seconds, CharSequence cases) {
        return "  <testsuite name=\"" + Xml.escape(name) + "\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\"" + seconds + "\">\n" + cases
                + "  </testsuite>\n";
    }

    private static void failure(StringBuilder b, List<ProveReport.Failure> fs) {
        ProveReport.Failure first = fs.get(0);
        String message = first.what() + ": model " + first.model() + ", kernel " + first.kernel()
                + (fs.size() > 1 ? " (and " + (fs.size() - 1) + " more)" : "");
        b.append("      <failure type=\"")
                .append(first.cause().label())
                .append("\" message=\"")
                .append(Xml.escape(message))
                .append("\">");
        for (ProveReport.Failure f : fs.subList(0, Math.min(fs.size(), 200))) {
            b.append(Xml.text("[" + f.cause().label() + "] " + f.what()
                    + (f.scenario().isEmpty() ? "" : " (" + f.scenario() + ")")
                    + (f.at().isEmpty() ? "" : " at " + f.at()) + "\n  model:  " + f.model() + "\n  kernel: "
                    + f.kernel()
                    + (f.why().isEmpty() ? "" : "\n  why:    " + f.why()) + "\n"));
        }
        b.append("</failure>\n");
    }
}
