package org.censpec.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.List;
import org.censpec.model.Finding;
import org.censpec.model.TraceStep;
import org.censpec.verify.CheckedSpec;

/**
 * The machine contract: {@code {"findings": [{"id", "severity", "file", "line", "column",
 * "message", "trace"}], "summary": {"errors", "warnings"}}}. Field order is fixed.
 */
public final class JsonFormat {
    private JsonFormat() {}

    public static String render(List<CheckedSpec> reports) {
        JsonArray findings = new JsonArray();
        int errors = 0;
        int warnings = 0;
        int suppressed = 0;
        for (Finding f : TextFormat.sorted(reports)) {
            if (f.fails()) {
                errors++;
            } else if (f.warns()) {
                warnings++;
            } else {
                suppressed++;
            }
            JsonObject o = new JsonObject();
            o.addProperty("id", f.id());
            o.addProperty("severity", f.severity().label());
            o.addProperty("file", f.loc().file());
            o.addProperty("line", f.loc().line());
            o.addProperty("column", f.loc().column());
            o.addProperty("message", f.message());
            JsonArray trace = new JsonArray();
            for (TraceStep t : f.trace()) {
                trace.add(step(t));
            }
            o.add("trace", trace);
            if (f.isSuppressed()) {
                o.addProperty("suppressed", f.suppression().get());
            }
            findings.add(o);
        }
        JsonObject summary = new JsonObject();
        summary.addProperty("errors", errors);
        summary.addProperty("warnings", warnings);
        summary.addProperty("suppressed", suppressed);
        JsonObject root = new JsonObject();
        root.add("findings", findings);
        root.add("summary", summary);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .serializeNulls()
                        .create()
                        .toJson(root) + "\n";
    }

    private static JsonObject step(TraceStep t) {
        JsonObject s = new JsonObject();
        s.addProperty("actor", t.actor());
        s.addProperty("step", t.step());
        s.addProperty("file", t.loc().file());
        s.addProperty("line", t.loc().line());
        s.addProperty("column", t.loc().column());
        JsonArray mask = new JsonArray();
        t.accessMask().forEach(mask::add);
        s.add("mask", mask);
        if (t.allocator().isPresent()) {
            s.addProperty("allocator", t.allocator().get());
        } else {
            s.add("allocator", JsonNull.INSTANCE);
        }
        return s;
    }
}
