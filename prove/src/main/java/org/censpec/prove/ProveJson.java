package org.censpec.prove;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * The prove report for machines: {@code {"spec", "file", "board", "boardNotes", "specFailures",
 * "boots": [{"kernel", "arch", "machine", "memory", "smp", "seconds", "assumedMemory",
 * "guestMemory", "verdict", "passed", "failed", "checks": [{"group", "name", "passed", "failed",
 * "failures"}], "notProven", "serialLog"}], "unnamedImporters": {"note", "importers": [{"dev",
 * "kernel", "view", "boots"}], "suggestedMatches", "notes"}, "summary": {"passed", "failed",
 * "byCause"}}}}; a failure is {@code {"what", "scenario", "at", "model", "kernel", "cause", "why"}}. Field order is
 * fixed, as in censpec check's JSON.
 */
public final class ProveJson {
    private ProveJson() {}

    public static String render(ProveReport r) {
        JsonObject root = new JsonObject();
        root.addProperty("spec", r.spec());
        root.addProperty("file", r.file());
        root.addProperty("board", r.board());
        root.add("boardNotes", strings(r.boardNotes()));
        root.add("specFailures", failures(r.specFailures()));
        JsonArray boots = new JsonArray();
        r.boots().forEach(b -> boots.add(boot(b)));
        root.add("boots", boots);
        root.add("unnamedImporters", unnamed(r.unnamedImporters()));
        JsonObject summary = new JsonObject();
        summary.addProperty("passed", r.passed());
        summary.addProperty("failed", r.failed());
        JsonObject byCause = new JsonObject();
        for (ProveReport.Cause c : ProveReport.Cause.values()) {
            byCause.addProperty(
                    c.label(), r.failures().stream().filter(f -> f.cause() == c).count());
        }
        summary.add("byCause", byCause);
        root.add("summary", summary);
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(root) + "\n";
    }

    private static JsonObject boot(ProveReport.Boot b) {
        JsonObject o = new JsonObject();
        o.addProperty("kernel", b.kernel());
        o.addProperty("arch", b.arch());
        o.addProperty("machine", b.machine());
        o.addProperty("memory", b.memory());
        o.addProperty("smp", b.smp());
        o.addProperty("seconds", b.seconds());
        o.addProperty("assumedMemory", b.assumedMemory());
        o.addProperty("guestMemory", b.guestMemory());
        o.addProperty("verdict", b.verdict());
        o.addProperty("passed", b.passed());
        o.addProperty("failed", b.failed());
        JsonArray checks = new JsonArray();
        for (ProveReport.Check c : b.checks()) {
            JsonObject co = new JsonObject();
            co.addProperty("group", c.group());
            co.addProperty("name", c.name());
            co.addProperty("passed", c.passed());
            co.addProperty("failed", c.failed());
            co.add("failures", failures(c.failures()));
            checks.add(co);
        }
        o.add("checks", checks);
        o.add("notProven", strings(b.notProven()));
        o.addProperty("serialLog", b.serialLog());
        return o;
    }

    private static JsonObject unnamed(UnnamedImporters u) {
        JsonObject o = new JsonObject();
        o.addProperty("note", UnnamedImporters.ON_QEMU);
        JsonArray seen = new JsonArray();
        for (UnnamedImporters.Seen s : u.importers()) {
            JsonObject i = new JsonObject();
            i.addProperty("dev", s.dev());
            i.addProperty("kernel", s.kernel());
            i.addProperty("view", s.view());
            i.add("boots", strings(s.boots()));
            seen.add(i);
        }
        o.add("importers", seen);
        o.add("suggestedMatches", strings(u.suggestions()));
        o.add("notes", strings(u.notes()));
        return o;
    }

    private static JsonArray failures(List<ProveReport.Failure> fs) {
        JsonArray a = new JsonArray();
        for (ProveReport.Failure f : fs) {
            JsonObject o = new JsonObject();
            o.addProperty("what", f.what());
            o.addProperty("scenario", f.scenario());
            o.addProperty("at", f.at());
            o.addProperty("model", f.model());
            o.addProperty("kernel", f.kernel());
            o.addProperty("cause", f.cause().label());
            o.addProperty("why", f.why());
            a.add(o);
        }
        return a;
    }

    private static JsonArray strings(List<String> s) {
        JsonArray a = new JsonArray();
        s.forEach(a::add);
        return a;
    }
}
