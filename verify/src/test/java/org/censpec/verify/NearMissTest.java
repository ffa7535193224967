package org.censpec.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.censpec.model.Finding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every semantic finding id: a spec that triggers it at a given line, and a spec one
 * edit away that must not trigger it. Both engines must agree on both.
 */
class NearMissTest {
    private static final String HEAD = """
            spec t;
            ram 8G;
            property contiguous;
            property secure;
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                // device.unsatisfiable: 30-bit device vs an allocator below 4G; fixed by a 1G bound.
                pair(
                        "device.unsatisfiable",
                        6,
                        "allocator a { backend contiguous; provides contiguous; below 4G; }\ndevice d { dma_bits 30; }\n",
                        "allocator a { backend contiguous; provides contiguous; below 1G; }\ndevice d { dma_bits 30; }\n"),
                // device.unsatisfiable by alignment: the device needs 1M, the allocator guarantees 64K.
                pair(
                        "device.unsatisfiable",
                        6,
                        "allocator a { backend pages; align 64K; below 1G; }\ndevice d { dma_bits 32; align 1M; }\n",
                        "allocator a { backend pages; align 1M; below 1G; }\ndevice d { dma_bits 32; align 1M; }\n"),
                // device.unsatisfiable by a forbidden property.
                pair(
                        "device.unsatisfiable",
                        6,
                        "allocator a { backend pages; provides secure; below 1G; }\ndevice d { dma_bits 32; forbids secure; }\n",
                        "allocator a { backend pages; below 1G; }\ndevice d { dma_bits 32; forbids secure; }\n"),
                pair("share.empty-intersection", 9, """
                        allocator a { backend pages; provides secure; below 1G; }
                        allocator b { backend pages; below 1G; }
                        device x { dma_bits 32; requires secure; }
                        device y { dma_bits 32; forbids secure; }
                        share s { x, y }
                        """, """
                        allocator a { backend pages; provides secure; below 1G; }
                        allocator b { backend pages; below 1G; }
                        device x { dma_bits 32; requires secure; }
                        device y { dma_bits 32; }
                        share s { x, y }
                        """),
                pair("allocator.unused", 6, """
                        allocator a { backend pages; below 1G; }
                        allocator b { backend pages; below 1G; }
                        device x { dma_bits 32; }
                        share s { x }
                        """, """
                        allocator a { backend pages; provides secure; below 1G; }
                        allocator b { backend pages; below 1G; }
                        device x { dma_bits 32; }
                        device y { dma_bits 32; forbids secure; }
                        share s { x }
                        share t { y }
                        """),
                pair(
                        "flow.attach-rejected",
                        11,
                        flowSpec("attach y; attach x;", "", "forbids secure"),
                        flowSpec("attach y;", "", "forbids secure")),
                pair(
                        "flow.late-attach",
                        11,
                        flowSpec("attach x; map x; attach y;", "", "dma_bits 30"),
                        flowSpec("attach x; attach y; map x;", "", "dma_bits 30")),
                pair(
                        "flow.attach-after-map",
                        11,
                        flowSpec("attach x; map x; attach y;", "", ""),
                        flowSpec("attach x; attach y; map x;", "", "")),
                pair(
                        "flow.map-before-attach",
                        11,
                        flowSpec("attach x; map y;", "", ""),
                        flowSpec("attach x; attach y; map y;", "", "")),
                pair(
                        "flow.map-before-attach",
                        11,
                        flowSpec("attach x; unmap x;", "", ""),
                        flowSpec("attach x; map x; unmap x;", "", "")),
                pair(
                        "flow.unbalanced",
                        11,
                        flowSpec("attach x; map x; map x;", "", ""),
                        flowSpec("attach x; map x; unmap x; map x;", "", "")),
                pair(
                        "flow.unbalanced",
                        11,
                        flowSpec("attach x; attach x;", "", ""),
                        flowSpec("attach x; detach x; attach x;", "", "")),
                // Attachment belongs to the buffer: the other actor may map what this one attached...
                pair(
                        "flow.map-before-attach",
                        12,
                        flowSpec("attach x;", "map x;", ""),
                        flowSpec("r: attach x;", "wait a.r; map x;", "")),
                // ... and a wait that can never be satisfied deadlocks.
                pair(
                        "flow.deadlock",
                        10,
                        flowSpec("wait b.r; r: attach x;", "wait a.r; r: attach y;", ""),
                        flowSpec("r: attach x;", "wait a.r; r: attach y;", "")));
    }

    /** A two-device spec (x and y, y with extra attributes) with actors a and b. */
    private static String flowSpec(String actorA, String actorB, String yExtra) {
        String y = yExtra.startsWith("dma_bits")
                ? "device y { " + yExtra + "; }"
                : "device y { dma_bits 32; " + (yExtra.isEmpty() ? "" : yExtra + ";") + " }";
        return "allocator a1 { backend pages; provides secure; below 4G; }\n"
                + "allocator a2 { backend pages; below 1G; }\n"
                + "device x { dma_bits 32; requires secure; }\n"
                + y + "\n"
                + "share s { x, y }\n"
                + "flow f on s {\n"
                + "    actor a { " + actorA + " }\n"
                + "    actor b { " + actorB + " }\n"
                + "}\n";
    }

    private static Arguments pair(String id, int line, String bad, String good) {
        return Arguments.of(id, line, HEAD + bad, HEAD + good);
    }

    static List<Engine> engines() {
        return List.of(Engine.values());
    }

    @ParameterizedTest(name = "{0} at line {1}")
    @MethodSource("cases")
    void triggersAndNearMissPasses(String id, int line, String bad, String good) {
        for (Engine engine : engines()) {
            SpecCheck check = new SpecCheck(engine, Duration.ofSeconds(60));
            List<Finding> badFindings = check.check("bad.cen", bad).findings();
            assertFalse(badFindings.stream().anyMatch(f -> f.id().startsWith("spec.")), badFindings.toString());
            assertTrue(
                    badFindings.stream()
                            .anyMatch(f -> f.id().equals(id) && f.loc().line() == line),
                    engine + " must report " + id + " at line " + line + ": " + badFindings);
            List<Finding> goodFindings = check.check("good.cen", good).findings();
            assertEquals(
                    List.of(),
                    goodFindings.stream().filter(f -> f.id().equals(id)).toList(),
                    engine + " near miss must not report " + id);
        }
    }
}
