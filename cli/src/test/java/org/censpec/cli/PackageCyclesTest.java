package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No import cycle between censpec's packages (issue 23): the JDK's own {@code jdeps} reads the
 * compiled classes of every censpec module on this test's class path (the cli module and all it
 * depends on), and the package graph must have no strongly connected component of two or more
 * packages.
 */
class PackageCyclesTest {
    private static final Pattern EDGE =
            Pattern.compile("^\\s+(org\\.censpec[\\w.]*)\\s+->\\s+(org\\.censpec[\\w.]*)\\s");

    @Test
    void thePackagesOfEveryModuleFormNoCycle() {
        Map<String, Set<String>> graph = packageGraph(censpecClassRoots());
        assertTrue(graph.size() > 20, "jdeps found too few censpec packages: " + graph.keySet());
        assertEquals(List.of(), cycles(graph), "package cycles (each a set of packages that import each other)");
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", new TreeSet<>(List.of("b")));
        graph.put("b", new TreeSet<>(List.of("c")));
        graph.put("c", new TreeSet<>(List.of("a")));
        graph.put("d", new TreeSet<>(List.of("a")));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
    }

    /** The class-path entries that hold censpec's compiled classes: the reactor's target/classes. */
    private static List<String> censpecClassRoots() {
        List<String> roots = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            boolean reactor = entry.endsWith("target" + File.separator + "classes");
            boolean installed = new File(entry).getName().startsWith("censpec-");
            if ((reactor || installed) && new File(entry).exists()) {
                roots.add(entry);
            }
        }
        assertTrue(roots.size() >= 7, "censpec modules on the class path: " + roots);
        return roots;
    }

    private static Map<String, Set<String>> packageGraph(List<String> roots) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps"));
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        args.addAll(roots);
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, rc, out.toString());
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** Tarjan's strongly connected components of two or more nodes, sorted. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        return new Tarjan(graph).components();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final List<String> stack = new ArrayList<>();
        private final List<Set<String>> found = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            for (String v : graph.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            found.sort((a, b) -> a.toString().compareTo(b.toString()));
            return found;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.remove(stack.size() - 1);
                    component.add(w);
                } while (!w.equals(v));
                if (component.size() > 1) {
                    found.add(component);
                }
            }
        }
    }
}
