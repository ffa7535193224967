package org.censpec.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small TextMate tokenizer for tests: {@code match} rules with {@code name} and
 * {@code captures}, {@code begin}/{@code end} rules with nested patterns, {@code include}
 * of {@code #repository} entries; line by line, as editors run grammars. The grammar's
 * regexes are written in the subset Oniguruma and java.util.regex share.
 */
final class TextMateTokenizer {
    private sealed interface Rule permits MatchRule, BeginEndRule {}

    private record MatchRule(Pattern match, String name, Map<Integer, String> captures) implements Rule {}

    private record BeginEndRule(Pattern begin, Pattern end, String name, List<JsonElement> patterns) implements Rule {}

    private final JsonObject grammar;
    private final JsonObject repository;

    TextMateTokenizer(String json) {
        grammar = JsonParser.parseString(json).getAsJsonObject();
        repository = grammar.getAsJsonObject("repository");
    }

    String scopeName() {
        return grammar.get("scopeName").getAsString();
    }

    private List<Rule> flatten(Iterable<JsonElement> patterns) {
        List<Rule> out = new ArrayList<>();
        for (JsonElement e : patterns) {
            flattenOne(e.getAsJsonObject(), out, 0);
        }
        return out;
    }

    private void flattenOne(JsonObject o, List<Rule> out, int depth) {
        if (depth > 20) {
            throw new IllegalStateException("include cycle");
        }
        if (o.has("include")) {
            String ref = o.get("include").getAsString();
            if (!ref.startsWith("#") || !repository.has(ref.substring(1))) {
                throw new IllegalStateException("unknown include " + ref);
            }
            flattenOne(repository.getAsJsonObject(ref.substring(1)), out, depth + 1);
        } else if (o.has("match")) {
            out.add(new MatchRule(
                    Pattern.compile(o.get("match").getAsString()), str(o, "name"), captures(o, "captures")));
        } else if (o.has("begin")) {
            List<JsonElement> inner = new ArrayList<>();
            if (o.has("patterns")) {
                o.getAsJsonArray("patterns").forEach(inner::add);
            }
            out.add(new BeginEndRule(
                    Pattern.compile(o.get("begin").getAsString()),
                    Pattern.compile(o.get("end").getAsString()),
                    str(o, "name"),
                    inner));
        } else if (o.has("patterns")) {
            for (JsonElement e : o.getAsJsonArray("patterns")) {
                flattenOne(e.getAsJsonObject(), out, depth + 1);
            }
        }
    }

    private static String str(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsString() : null;
    }

    private static Map<Integer, String> captures(JsonObject o, String key) {
        Map<Integer, String> out = new java.util.HashMap<>();
        if (o.has(key)) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject(key).entrySet()) {
                out.put(
                        Integer.parseInt(e.getKey()),
                        e.getValue().getAsJsonObject().get("name").getAsString());
            }
        }
        return out;
    }

    /** For each line, for each character, the innermost scope (the grammar's scopeName when none). */
    List<String[]> tokenize(String text) {
        List<Rule> root = flatten(grammar.getAsJsonArray("patterns"));
        Deque<BeginEndRule> stack = new ArrayDeque<>();
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String[] scopes = new String[line.length()];
            int pos = 0;
            while (pos <= line.length()) {
                BeginEndRule top = stack.peek();
                String current = top == null || top.name() == null ? scopeName() : top.name();
                List<Rule> rules = top == null ? root : flatten(top.patterns());
                int bestStart = Integer.MAX_VALUE;
                Matcher best = null;
                Object bestRule = null;
                if (top != null) {
                    Matcher m = matcher(top.end(), line, pos);
                    if (m.find()) {
                        bestStart = m.start();
                        best = m;
                        bestRule = "end";
                    }
                }
                for (Rule r : rules) {
                    Matcher m = matcher(r instanceof MatchRule mr ? mr.match() : ((BeginEndRule) r).begin(), line, pos);
                    if (m.find() && m.start() < bestStart) {
                        bestStart = m.start();
                        best = m;
                        bestRule = r;
                    }
                }
                if (best == null) {
                    fill(scopes, pos, line.length(), current);
                    break;
                }
                fill(scopes, pos, best.start(), current);
                if (bestRule.equals("end")) {
                    fill(scopes, best.start(), best.end(), current);
                    stack.pop();
                } else if (bestRule instanceof MatchRule mr) {
                    fill(scopes, best.start(), best.end(), mr.name() == null ? current : mr.name());
                    for (Map.Entry<Integer, String> c : mr.captures().entrySet()) {
                        if (c.getKey() <= best.groupCount() && best.start(c.getKey()) >= 0) {
                            fill(scopes, best.start(c.getKey()), best.end(c.getKey()), c.getValue());
                        }
                    }
                } else {
                    BeginEndRule br = (BeginEndRule) bestRule;
                    fill(scopes, best.start(), best.end(), br.name() == null ? current : br.name());
                    stack.push(br);
                }
                pos = best.end() > pos ? best.end() : pos + 1;
            }
            out.add(scopes);
        }
        return out;
    }

    private static Matcher matcher(Pattern p, String line, int pos) {
        Matcher m = p.matcher(line);
        m.region(Math.min(pos, line.length()), line.length());
        m.useAnchoringBounds(false);
        m.useTransparentBounds(true);
        return m;
    }

    private static void fill(String[] scopes, int from, int to, String scope) {
        for (int i = Math.max(0, from); i < Math.min(to, scopes.length); i++) {
            scopes[i] = scope;
        }
    }
}
