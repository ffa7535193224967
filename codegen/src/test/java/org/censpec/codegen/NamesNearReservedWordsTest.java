package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.censpec.codegen.java.JavaBindingsGenerator;
import org.censpec.codegen.kernel.KernelModuleGenerator;
import org.censpec.codegen.kernel.SpecDriverView;
import org.censpec.model.Finding;
import org.censpec.model.Spec;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names next to reserved words (contextual Java keywords, kernel type and macro names) are
 * accepted because the generated code writes element names only in upper-case constants and
 * strings: the check passes, both generators succeed, and javac compiles the bindings.
 */
class NamesNearReservedWordsTest {
    private static final String SPEC = """
            spec near;
            ram 4G;
            property record;
            property u32;
            allocator s8 { backend pages; provides record; }
            allocator current { backend contiguous; provides u32; below 1G; }
            device yield { dma_bits 32; requires record; }
            device var { dma_bits 32; }
            device min { dma_bits 32; }
            device permits { dma_bits 40; }
            device sealed { dma_bits 32; }
            device NULL_ { dma_bits 32; }
            share u64 { yield, var, min }
            share size_t { permits, sealed, NULL_ }
            flow jiffies on u64 { actor likely { attach yield; attach var; attach min; map yield; } }
            """;

    @Test
    void namesNextToReservedWordsCheckGenerateAndCompile(@TempDir Path dir) throws IOException {
        ParseResult parsed = new SpecReader().parse("near.cen", SPEC);
        List<Finding> findings = new ArrayList<>(parsed.findings());
        Spec spec = parsed.spec().orElseThrow();
        findings.addAll(SpecValidator.validate(spec));
        assertEquals(List.of(), findings);
        assertTrue(new KernelModuleGenerator()
                        .generate(SpecDriverView.of(spec, "test"))
                        .size()
                > 3);
        Map<String, String> java =
                new JavaBindingsGenerator("test").generate(spec).files();
        BindingsJavac.compile(dir, java);
    }

    @Test
    void theSpecNameStillRefusesKernelAndContextualNames() {
        for (String name : List.of("u32", "record", "current")) {
            ParseResult parsed = new SpecReader().parse("n.cen", "spec " + name + "; ram 1G;");
            List<Finding> f = SpecValidator.validate(parsed.spec().orElseThrow());
            assertEquals(
                    List.of("spec.invalid-name"), f.stream().map(Finding::id).toList(), name);
        }
    }

    /**
     * The runtime's own prefix (found by the long fuzz run: {@code spec cen_rk3399_isp;} passed
     * the check and then failed to generate): refused by the check, in any case; names that only
     * start with "cen" are fine.
     */
    @Test
    void theSpecNameRefusesTheRuntimePrefix() {
        for (String name : List.of("cen", "cen_rk3399_isp", "CEN_board", "Cen")) {
            ParseResult parsed = new SpecReader().parse("n.cen", "spec " + name + "; ram 1G;");
            List<Finding> f = SpecValidator.validate(parsed.spec().orElseThrow());
            assertEquals(
                    List.of("spec.invalid-name"), f.stream().map(Finding::id).toList(), name);
            assertTrue(
                    f.get(0).message().contains("kernel runtime's cen_ names"),
                    f.get(0).message());
        }
        for (String name : List.of("cenboard", "central", "censpec_board")) {
            ParseResult parsed = new SpecReader().parse("n.cen", "spec " + name + "; ram 1G;");
            assertEquals(List.of(), SpecValidator.validate(parsed.spec().orElseThrow()), name);
        }
    }
}
