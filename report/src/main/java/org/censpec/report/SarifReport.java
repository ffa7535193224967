package org.censpec.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.censpec.model.Finding;
import org.censpec.model.Fix;
import org.censpec.model.Flow;
import org.censpec.model.Rule;
import org.censpec.model.SourceLocation;
import org.censpec.model.TraceStep;
import org.censpec.model.rules.RuleCatalog;
import org.censpec.verify.CheckedSpec;

/**
 * SARIF 2.1.0: one run; {@code tool.driver.rules} holds one rule per finding id (the whole
 * catalog, so rule indexes are stable); each finding is a result with its rule, level,
 * message and location; a flow finding's interleaving is a code flow with one thread flow
 * per actor, whose locations carry the global execution order, so that viewers such as
 * GitHub code scanning replay the interleaving step by step.
 */
public final class SarifReport {
    public static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private SarifReport() {}

    public static String render(List<CheckedSpec> specs, String toolVersion) {
        List<Rule> rules = new ArrayList<>(RuleCatalog.all());
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            ruleIndex.put(rules.get(i).id(), i);
        }
        JsonArray results = new JsonArray();
        for (CheckedSpec spec : specs) {
            for (Finding f : spec.findings()) {
                if (!ruleIndex.containsKey(f.id())) {
                    ruleIndex.put(f.id(), rules.size());
                    rules.add(f.rule());
                }
                results.add(result(spec, f, ruleIndex.get(f.id())));
            }
        }
        JsonArray ruleArray = new JsonArray();
        for (Rule r : rules) {
            JsonObject o = new JsonObject();
            o.addProperty("id", r.id());
            o.addProperty("name", ruleName(r.id()));
            o.add("shortDescription", text(r.summary()));
            o.add("fullDescription", text(r.description()));
            JsonObject config = new JsonObject();
            config.addProperty("level", r.severity().label());
            o.add("defaultConfiguration", config);
            o.add("help", text(r.id() + ": " + r.description()));
            ruleArray.add(o);
        }
        JsonObject driver = new JsonObject();
        driver.addProperty("name", "censpec");
        driver.addProperty("version", toolVersion);
        driver.addProperty("semanticVersion", toolVersion);
        driver.add("rules", ruleArray);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);
        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.add("results", results);
        run.addProperty("columnKind", "unicodeCodePoints");
        JsonArray runs = new JsonArray();
        runs.add(run);
        JsonObject root = new JsonObject();
        root.addProperty("$schema", SCHEMA);
        root.addProperty("version", "2.1.0");
        root.add("runs", runs);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(root) + "\n";
    }

    private static JsonObject result(CheckedSpec spec, Finding f, int ruleIndex) {
        JsonObject r = new JsonObject();
        r.addProperty("ruleId", f.id());
        r.addProperty("ruleIndex", ruleIndex);
        r.addProperty("level", f.severity().label());
        r.add("message", text(f.message()));
        JsonArray locations = new JsonArray();
        locations.add(location(f.loc(), null));
        r.add("locations", locations);
        if (!f.trace().isEmpty()) {
            Optional<Flow> flow = spec.spec().flatMap(s -> Findings.flowOf(s, f));
            r.add("codeFlows", codeFlows(f, flow));
        }
        if (!f.fixes().isEmpty()) {
            r.add("fixes", fixes(f));
        }
        if (f.isSuppressed()) {
            JsonObject suppression = new JsonObject();
            suppression.addProperty("kind", "inSource");
            suppression.addProperty("justification", f.suppression().get());
            JsonArray suppressions = new JsonArray();
            suppressions.add(suppression);
            r.add("suppressions", suppressions);
        }
        JsonObject fingerprints = new JsonObject();
        fingerprints.addProperty(
                "censpec/v1", f.id() + ":" + f.loc().line() + ":" + f.loc().column());
        r.add("partialFingerprints", fingerprints);
        return r;
    }

    /** SARIF fixes: each fix is one artifactChange of zero-length insertions. */
    private static JsonArray fixes(Finding f) {
        JsonArray out = new JsonArray();
        for (Fix fix : f.fixes()) {
            JsonArray replacements = new JsonArray();
            for (Fix.Edit e : fix.edits()) {
                JsonObject region = new JsonObject();
                region.addProperty("startLine", e.at().line());
                region.addProperty("startColumn", e.at().column());
                region.addProperty("endLine", e.at().line());
                region.addProperty("endColumn", e.at().column());
                JsonObject inserted = new JsonObject();
                inserted.addProperty("text", e.text());
                JsonObject replacement = new JsonObject();
                replacement.add("deletedRegion", region);
                replacement.add("insertedContent", inserted);
                replacements.add(replacement);
            }
            JsonObject artifact = new JsonObject();
            artifact.addProperty("uri", f.loc().file());
            JsonObject change = new JsonObject();
            change.add("artifactLocation", artifact);
            change.add("replacements", replacements);
            JsonArray changes = new JsonArray();
            changes.add(change);
            JsonObject o = new JsonObject();
            o.add("description", text(fix.description()));
            o.add("artifactChanges", changes);
            out.add(o);
        }
        return out;
    }

    private static JsonArray codeFlows(Finding f, Optional<Flow> flow) {
        List<TraceStep> trace = f.trace();
        List<String> actors = Findings.actors(flow, trace);
        int allocated = Findings.allocationIndex(trace);
        JsonArray threadFlows = new JsonArray();
        for (String actor : actors) {
            JsonArray locs = new JsonArray();
            for (int i = 0; i < trace.size(); i++) {
                TraceStep t = trace.get(i);
                if (!t.actor().equals(actor)) {
                    continue;
                }
                boolean last = i == trace.size() - 1;
                StringBuilder msg = new StringBuilder();
                msg.append(i + 1)
                        .append(". ")
                        .append(actor)
                        .append(": ")
                        .append(t.step())
                        .append(" (mask after: ")
                        .append(Findings.maskText(t))
                        .append(')');
                if (i == allocated) {
                    msg.append("; allocates from ").append(t.allocator().orElseThrow());
                }
                if (last) {
                    msg.append(" <- ").append(f.id());
                }
                JsonObject tfl = new JsonObject();
                tfl.add("location", location(t.loc(), msg.toString()));
                JsonObject state = new JsonObject();
                state.add("access mask", text(Findings.maskText(t)));
                state.add("allocator", text(t.allocator().orElse("(none yet)")));
                tfl.add("state", state);
                tfl.addProperty("executionOrder", i + 1);
                tfl.addProperty("importance", last || i == allocated ? "essential" : "important");
                locs.add(tfl);
            }
            if (locs.isEmpty()) {
                continue; // a thread flow needs at least one location; actors that never ran are left out
            }
            JsonObject tf = new JsonObject();
            tf.addProperty("id", actor);
            tf.add("message", text("actor " + actor));
            tf.add("locations", locs);
            threadFlows.add(tf);
        }
        JsonObject codeFlow = new JsonObject();
        codeFlow.add(
                "message",
                text("An interleaving of "
                        + flow.map(fl -> "flow '" + fl.name() + "'").orElse("the flow") + " that reaches " + f.id()));
        codeFlow.add("threadFlows", threadFlows);
        JsonArray out = new JsonArray();
        out.add(codeFlow);
        return out;
    }

    private static JsonObject location(SourceLocation loc, String message) {
        JsonObject artifact = new JsonObject();
        artifact.addProperty("uri", uri(loc.file()));
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact);
        if (loc.line() >= 1) {
            JsonObject region = new JsonObject();
            region.addProperty("startLine", loc.line());
            if (loc.column() >= 1) {
                region.addProperty("startColumn", loc.column());
            }
            physical.add("region", region);
        }
        JsonObject o = new JsonObject();
        o.add("physicalLocation", physical);
        if (message != null) {
            o.add("message", text(message));
        }
        return o;
    }

    /**
     * A file name as a SARIF artifact URI: a relative path stays relative (viewers resolve it
     * against the repository root), with '/' separators and percent-encoding; an absolute
     * path becomes a file: URI.
     */
    static String uri(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            return p.normalize().toUri().toASCIIString();
        }
        String rel = p.normalize().toString().replace('\\', '/');
        try {
            return new URI(null, null, rel, null).toASCIIString();
        } catch (URISyntaxException e) {
            return rel;
        }
    }

    /** A rule name in SARIF's PascalCase manner: {@code flow.late-attach} -> {@code FlowLateAttach}. */
    static String ruleName(String id) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (char c : id.toCharArray()) {
            if (c == '.' || c == '-') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }
}
