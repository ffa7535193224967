package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.censpec.codegen.java.JavaBindingsGenerator;
import org.censpec.codegen.kernel.KernelModuleGenerator;
import org.censpec.codegen.kernel.SpecDriverView;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;

/**
 * For every spec, a check without spec-level errors implies that both generators succeed:
 * every limit a generator relies on is a located finding at check time. Specs are drawn
 * across the whole range, legal and not: below, ram and align from 1 byte to 2^62, dma_bits
 * 1..64, up to 33 allocators and 65 devices in a share, RAM not starting at 0, IOMMU and
 * protected devices, names next to reserved words and names differing only in case.
 * The number of specs is {@code jqwik.tries.default} (src/test/resources/junit-platform.properties;
 * raise it to 10000 for a long run).
 */
class CheckPassesImpliesGenerateTest {
    private static final String[] NAMES = {
        "cam", "CAM", "isp", "vop", "record", "s8", "u32", "int_", "class_", "value", "size", "map", "wait", "spec",
        "region", "d", "x_1", "_hidden", "yield_", "max"
    };
    private static final String[] UNITS = {"", "K", "M", "G"};

    @Provide
    Arbitrary<String> specs() {
        return Arbitraries.randomValue(CheckPassesImpliesGenerateTest::spec);
    }

    @Property
    void checkWithoutErrorsImpliesGenerateSucceeds(@ForAll("specs") String text) {
        ParseResult parsed = new SpecReader().parse("p.cen", text);
        List<Finding> findings = new ArrayList<>(parsed.findings());
        parsed.spec().ifPresent(s -> findings.addAll(SpecValidator.validate(s)));
        boolean clean = parsed.spec().isPresent() && findings.stream().noneMatch(Finding::isError);
        Statistics.label("check passes").collect(clean);
        Statistics.label("check passes").coverage(c -> c.check(true).percentage(p -> p >= 15));
        if (!clean) {
            assertFalse(findings.isEmpty(), "a spec that does not parse must say why");
            return;
        }
        Spec spec = parsed.spec().get();
        // Both generators in memory; any exception fails the property.
        new KernelModuleGenerator().generate(SpecDriverView.of(spec, "test"));
        new JavaBindingsGenerator("test").generate(spec);
    }

    private static String size(Random r, boolean small) {
        if (small || r.nextInt(25) == 0) {
            return Long.toString(1 + r.nextInt(9000));
        }
        int unit = 1 + r.nextInt(3);
        long max = unit == 3 ? 1L << 31 : 1L << 20;
        long v = 1 + (r.nextInt(4) == 0 ? Math.floorMod(r.nextLong(), max) : r.nextInt(64));
        return v + UNITS[unit];
    }

    private static String pow2(Random r) {
        int bits = r.nextInt(25) == 0 ? r.nextInt(12) : 12 + r.nextInt(28);
        return Long.toString(1L << bits);
    }

    static String spec(Random r) {
        StringBuilder sb = new StringBuilder("spec ")
                .append(r.nextInt(10) == 0 ? "a_spec_name_that_is_too_long" : "p")
                .append(";\n");
        sb.append("ram ").append(size(r, r.nextInt(15) == 0));
        if (r.nextInt(4) == 0) {
            sb.append(" at ").append(r.nextBoolean() ? "1G" : size(r, false));
        }
        sb.append(";\nproperty contiguous;\nproperty secure;\n");
        int nAlloc = r.nextInt(12) == 0 ? 31 + r.nextInt(3) : 1 + r.nextInt(6);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < nAlloc; i++) {
            String name = r.nextInt(8) == 0 ? NAMES[r.nextInt(NAMES.length)] : "a" + i;
            String backend = new String[] {"pages", "pages_dma32", "contiguous"}[r.nextInt(3)];
            sb.append("allocator ")
                    .append(name)
                    .append(" { backend ")
                    .append(backend)
                    .append(';');
            if (r.nextBoolean()) {
                sb.append(" below ").append(size(r, r.nextInt(25) == 0)).append(';');
            }
            if (r.nextBoolean()) {
                sb.append(" align ").append(pow2(r)).append(';');
            }
            if (r.nextBoolean()) {
                sb.append(" provides ")
                        .append(r.nextBoolean() ? "contiguous" : "secure")
                        .append(';');
            }
            if (r.nextInt(5) == 0) {
                sb.append(" protected;");
            }
            if (r.nextInt(5) == 0 && (backend.equals("contiguous") || r.nextInt(5) == 0)) {
                sb.append(" region \"pool").append(i).append("\";");
            }
            if (r.nextInt(4) == 0) {
                sb.append(" size ").append(size(r, r.nextInt(25) == 0)).append(';');
            }
            sb.append(" }\n");
        }
        int nDev = r.nextInt(15) == 0 ? 63 + r.nextInt(3) : 1 + r.nextInt(6);
        for (int i = 0; i < nDev; i++) {
            String name = r.nextInt(8) == 0 ? NAMES[r.nextInt(NAMES.length)] : "d" + i;
            used.add(name);
            sb.append("device ")
                    .append(name)
                    .append(" { dma_bits ")
                    .append(r.nextInt(20) == 0 ? 1 + r.nextInt(64) : 12 + r.nextInt(53))
                    .append(';');
            if (r.nextBoolean()) {
                sb.append(" align ").append(pow2(r)).append(';');
            }
            if (r.nextInt(3) == 0) {
                sb.append(" requires contiguous;");
            }
            if (r.nextInt(4) == 0) {
                sb.append(" iommu;");
            }
            if (r.nextInt(5) == 0) {
                sb.append(" protected;");
            }
            if (r.nextInt(4) == 0) {
                sb.append(" match \"vendor,dev").append(r.nextInt(nDev)).append("\";");
            }
            sb.append(" }\n");
        }
        sb.append("share s0 { ").append(String.join(", ", used)).append(" }");
        if (r.nextBoolean()) {
            sb.append(" max_size ").append(size(r, false)).append(';');
        }
        sb.append('\n');
        sb.append("flow f on s0 { actor a { attach ")
                .append(used.get(0))
                .append("; map ")
                .append(used.get(0))
                .append("; } }\n");
        return sb.toString();
    }
}
