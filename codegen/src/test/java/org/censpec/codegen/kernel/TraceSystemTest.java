package org.censpec.codegen.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.censpec.model.check.GeneratedNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated module declares its events under a trace system of its own (two censpec
 * modules loaded at once would otherwise leave the second's events out of tracefs): the
 * generated Kbuild names it per build, the runtime's cen_trace.h takes it from there and
 * nowhere else, and the generated censpec-record enables that system and no other.
 */
class TraceSystemTest {
    private static final Pattern DEFINE = Pattern.compile("(?m)^ccflags-y \\+= -DCEN_TRACE_SYSTEM=(\\w+)$");

    /** The systems the Kbuild passes: the test build's branch first, then the production module's. */
    private static List<String> systems(DriverView view) {
        String kbuild = new KernelModuleGenerator().generate(view).get("Kbuild");
        int test = kbuild.indexOf("ifeq ($(CENSPEC_TEST),1)\n");
        int other = kbuild.indexOf("\nelse\n", test);
        int end = kbuild.indexOf("\nendif\n", other);
        assertTrue(test >= 0 && other > test && end > other, kbuild);
        List<String> out = new ArrayList<>();
        for (String branch : List.of(kbuild.substring(test, other), kbuild.substring(other, end))) {
            Matcher m = DEFINE.matcher(branch);
            assertTrue(m.find(), "each build names its trace system: " + branch);
            out.add(m.group(1));
            assertFalse(m.find(), "once: " + branch);
        }
        return out;
    }

    @Test
    void eachBuildOfEachSpecHasItsOwnTraceSystem() {
        Set<String> seen = new HashSet<>();
        for (DriverView v : List.of(KernelModuleGeneratorTest.board(), KernelModuleGeneratorTest.rpi4CameraBuilt())) {
            List<String> s = systems(v);
            assertEquals(List.of("censpec_" + v.prefix() + "_test", "censpec_" + v.prefix()), s);
            assertEquals(GeneratedNames.traceSystems(v.prefix()), List.of(s.get(1), s.get(0)));
            assertTrue(s.stream().allMatch(n -> n.matches("[A-Za-z_][A-Za-z0-9_]*")), "C identifiers: " + s);
            seen.addAll(s);
        }
        assertEquals(4, seen.size(), "no two modules share a system: " + seen);
    }

    /** The runtime names no system of its own: TRACE_SYSTEM is the build's, refused when unset. */
    @Test
    void theRuntimeTakesItsTraceSystemFromTheBuildOnly() {
        for (String name : KernelModuleGenerator.RUNTIME) {
            String text = KernelModuleGenerator.runtimeFile(name);
            List<String> defines = text.lines()
                    .filter(l -> l.matches("#\\s*define\\s+TRACE_SYSTEM(_VAR)?\\b.*"))
                    .toList();
            if (name.equals("cen_trace.h")) {
                assertEquals(List.of("#define TRACE_SYSTEM CEN_TRACE_SYSTEM"), defines);
                assertTrue(
                        text.matches("(?s).*#ifndef CEN_TRACE_SYSTEM\n#error [^\n]+\n#endif\n#undef TRACE_SYSTEM\n.*"));
            } else {
                assertEquals(List.of(), defines, name);
            }
        }
    }

    private record Run(int exit, String stderr) {}

    /** Runs the generated recorder of spec {@code board} against the tracefs {@code tracefs}. */
    private static Run record(Path dir, Path tracefs, String... args) throws Exception {
        Path script = dir.resolve("censpec-record");
        Files.writeString(script, KernelModuleGenerator.recordScript("board"), StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(
                List.of("sh", script.toString(), "-o", dir.resolve("t.log").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("CENSPEC_TRACEFS", tracefs.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "censpec-record finished");
        return new Run(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path tracefs(Path dir, String... systems) throws IOException {
        Path t = Files.createDirectories(dir.resolve("tracing"));
        Files.createDirectories(t.resolve("instances"));
        for (String s : systems) {
            Files.createDirectories(t.resolve("events").resolve(s).resolve("cen_map"));
        }
        return t;
    }

    /** Without the spec's own system the recorder refuses in one line and creates no instance. */
    @Test
    void theRecorderLooksForTheSpecsOwnSystemsOnly(@TempDir Path dir) throws Exception {
        List<String> both = GeneratedNames.traceSystems("board");
        Map<List<String>, String> cases = Map.of(
                List.of(),
                "censpec-record: no censpec_board tracepoints in %s/events: is the board module loaded?\n",
                List.of("censpec_board_x", "censpec_rpi4_camera", "board"),
                "censpec-record: no censpec_board tracepoints in %s/events: is the board module loaded?\n",
                List.of(GeneratedNames.LEGACY_TRACE_SYSTEM),
                "censpec-record: the loaded censpec module has the trace system of an older censpec (censpec): "
                        + "regenerate it\n",
                both,
                "censpec-record: both " + both.get(0) + " and " + both.get(1)
                        + " are in %s/events: unload one of the two modules\n");
        int i = 0;
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Path d = Files.createDirectories(dir.resolve("case" + i++));
            Path t = tracefs(d, c.getKey().toArray(String[]::new));
            Run r = record(d, t);
            assertEquals(2, r.exit(), c.getKey() + ": " + r.stderr());
            assertEquals(String.format(c.getValue(), t), r.stderr(), c.getKey().toString());
            try (var instances = Files.list(t.resolve("instances"))) {
                assertEquals(0, instances.count(), "no ftrace instance left: " + c.getKey());
            }
        }
        Run bad = record(dir, tracefs(dir, both.get(0)), "-s", "../board");
        assertEquals(2, bad.exit());
        assertEquals("censpec-record: -s takes a spec name (a C identifier), got '../board'\n", bad.stderr());
    }
}
