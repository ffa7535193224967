package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.censpec.codegen.java.JavaBindingsGenerator;
import org.censpec.codegen.kernel.KernelModuleGenerator;
import org.censpec.codegen.kernel.SpecDriverView;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Finding;
import org.censpec.model.Literal;
import org.censpec.model.Spec;
import org.censpec.model.check.GeneratedNames;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * What a spec, its strings and its file name say is data in the generated code, never code:
 * the reproducers of issue 29 and the property "check passes => generate succeeds, every
 * string of the spec is one C string literal holding exactly its bytes, no identifier that
 * the templates or {@link GeneratedNames} do not make, and javac compiles the bindings" over
 * {@link HostileSpecs}. The kernel build of such specs (W=1) is generated-driver's
 * HostileBuildTest.
 */
class HostileNamesTest {
    private static final Set<String> TEMPLATE_WORDS = templateWords();

    /** Issue 29: a file name that closed MODULE_INFO's string and exported a symbol of its own. */
    @Test
    void theSpecFileNameIsOneCStringLiteral() {
        String file = "inj\"); int censpec_injected_by_filename = 42; EXPORT_SYMBOL(censpec_injected_by_filename);"
                + " static const char z[] = (\"x.cen";
        Spec spec = clean(file, "spec t; ram 1G; allocator sys { backend pages; } device x { dma_bits 32; }");
        Map<String, String> kernel = new KernelModuleGenerator().generate(SpecDriverView.of(spec, "test"));
        String c = kernel.get("t_spec.c");
        assertFalse(identifiers(c).contains("censpec_injected_by_filename"), c);
        Matcher m =
                Pattern.compile("MODULE_INFO\\(censpec_spec, (\"[^\\n]*\")\\);").matcher(c);
        assertTrue(m.find(), c);
        assertEquals(file, CSource.decode(m.group(1)));
        assertTrue(c.contains("(inj\"); int censpec_injected_by_filename"), "the comment names it, harmlessly");
    }

    /** Issue 29: T_DEV_X_MASK was device x_mask's enum constant and device x's mask macro. */
    @Test
    void namesWhoseGeneratedNamesCollideAreRefused() {
        List<Finding> f = findings(
                "t.cen",
                "spec t; ram 1G; allocator sys { backend pages; }"
                        + " device x { dma_bits 32; } device x_mask { dma_bits 64; } share s { x } share s_mask { x_mask }");
        assertEquals(
                List.of("spec.invalid-name", "spec.invalid-name"),
                f.stream().map(Finding::id).toList(),
                f.toString());
        assertTrue(
                f.get(0)
                        .message()
                        .contains("device 'x_mask': its generated C name T_DEV_X_MASK (the enum constant)"
                                + " is also the mask macro of device 'x' (line 1)"),
                f.get(0).message());
        assertEquals(1, f.get(0).loc().line());
        assertTrue(
                f.get(1).message().startsWith("share 's_mask': its generated C name T_SHARE_S_MASK"),
                f.get(1).message());
    }

    /** Issue 29: a share named generic_heap made Share.java declare GENERIC_HEAP twice. */
    @Test
    void aShareNamedGenericHeapIsRefused() {
        List<Finding> f = findings(
                "t.cen",
                "spec t; ram 1G; allocator sys { backend pages; }"
                        + " device x { dma_bits 32; } share Generic_Heap { x }");
        assertEquals(List.of("spec.invalid-name"), f.stream().map(Finding::id).toList(), f.toString());
        assertTrue(f.get(0).message().contains("Share.GENERIC_HEAP"), f.get(0).message());
        Spec unchecked = new SpecReader()
                .parse(
                        "t.cen",
                        "spec t; ram 1G; allocator sys { backend pages; }"
                                + " device x { dma_bits 32; } share generic_heap { x }")
                .spec()
                .orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new JavaBindingsGenerator("test").generate(unchecked));
    }

    /**
     * Names of the Linux headers, of Kbuild and the CONFIG_ namespace are refused for what they
     * would become; so is a spec name whose lower case, the bindings' package, is a Java keyword
     * (found by the property: spec THIS gave package org.censpec.bindings.this).
     */
    @Test
    void namesTheKernelOrKbuildAlreadyHaveAreRefused() {
        for (String spec : List.of("linux_types", "obj", "ccflags", "config", "CONFIG_foo", "THIS", "Class")) {
            List<Finding> f = findings("t.cen", "spec " + spec + "; ram 1G; allocator sys { backend pages; }");
            assertEquals(
                    List.of("spec.invalid-name"), f.stream().map(Finding::id).toList(), spec + ": " + f);
        }
        List<Finding> f = findings("t.cen", "spec key; ram 1G; allocator in_quota { backend pages; }");
        assertEquals(List.of("spec.invalid-name"), f.stream().map(Finding::id).toList(), f.toString());
        assertTrue(
                f.get(0)
                        .message()
                        .contains("allocator 'in_quota': its generated C name KEY_ALLOC_IN_QUOTA (the enum"
                                + " constant) is already a name of the Linux headers"),
                f.get(0).message());
    }

    /** Issue 29: a backslash in a match or region string passed the check, then the generator threw. */
    @Test
    void backslashesAndTrigraphsInStringsGenerateAsData() {
        String match = "a\\\"b??=c\\x41*/d";
        String region = "pool\\0\u001b[31m";
        Spec spec = clean(
                "t.cen",
                "spec t; ram 1G; property contiguous; allocator p { backend contiguous;"
                        + " provides contiguous; region \"" + region + "\"; } device d { dma_bits 32; match \""
                        + match.replace("\"", "")
                        + "\"; }");
        String c = new KernelModuleGenerator()
                .generate(SpecDriverView.of(spec, "test"))
                .get("t_spec.c");
        Set<String> strings = strings(c);
        assertTrue(strings.contains(match.replace("\"", "")), strings.toString());
        assertTrue(strings.contains(region), strings.toString());
    }

    @Provide
    Arbitrary<HostileSpecs.Drawn> hostile() {
        return Arbitraries.randomValue(HostileSpecs::draw);
    }

    @Property(tries = 120)
    void checkPassesImpliesTheGeneratedCodeHoldsSpecTextAsDataAndCompiles(@ForAll("hostile") HostileSpecs.Drawn drawn)
            throws IOException {
        ParseResult parsed = new SpecReader().parse(drawn.fileName(), drawn.text());
        List<Finding> findings = new ArrayList<>(parsed.findings());
        parsed.spec().ifPresent(s -> findings.addAll(SpecValidator.validate(s)));
        boolean clean = parsed.spec().isPresent() && findings.stream().noneMatch(Finding::isError);
        Statistics.label("check passes").collect(clean);
        Statistics.label("check passes").coverage(c -> c.check(true).percentage(p -> p >= 20));
        if (!clean) {
            assertFalse(findings.isEmpty());
            return;
        }
        Spec spec = parsed.spec().get();
        Map<String, String> kernel = new KernelModuleGenerator().generate(SpecDriverView.of(spec, "test"));
        Set<String> allowed = new HashSet<>(TEMPLATE_WORDS);
        GeneratedNames.kernel(spec).forEach(d -> allowed.add(d.identifier()));
        Set<String> strings = new HashSet<>();
        for (Map.Entry<String, String> e : kernel.entrySet()) {
            if (e.getKey().endsWith(".c") || e.getKey().endsWith(".h")) {
                if (KernelModuleGenerator.RUNTIME.contains(e.getKey())) {
                    continue;
                }
                Set<String> ids = identifiers(e.getValue());
                ids.removeAll(allowed);
                assertEquals(Set.of(), ids, e.getKey() + " has identifiers the spec made:\n" + e.getValue());
                strings.addAll(strings(e.getValue()));
            }
        }
        assertTrue(strings.contains(drawn.fileName()), "MODULE_INFO holds the file name: " + strings);
        for (Device d : spec.devices()) {
            d.match().stream().map(Literal::value).forEach(m -> assertTrue(strings.contains(m), m));
        }
        for (Allocator a : spec.allocators()) {
            a.region().map(Literal::value).ifPresent(m -> assertTrue(strings.contains(m), m));
        }
        javac(new JavaBindingsGenerator("test").generate(spec).files());
    }

    /** javac -Xlint:all -Werror on the bindings, in a temporary folder (jqwik properties get no @TempDir). */
    private static void javac(Map<String, String> sources) throws IOException {
        Path root = Files.createTempDirectory("censpec-hostile-java");
        try {
            BindingsJavac.compile(root, sources);
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Spec clean(String file, String text) {
        ParseResult parsed = new SpecReader().parse(file, text);
        assertEquals(List.of(), parsed.findings());
        Spec spec = parsed.spec().orElseThrow();
        assertEquals(List.of(), SpecValidator.validate(spec));
        return spec;
    }

    private static List<Finding> findings(String file, String text) {
        ParseResult parsed = new SpecReader().parse(file, text);
        assertEquals(List.of(), parsed.findings());
        return SpecValidator.validate(parsed.spec().orElseThrow());
    }

    private static Set<String> identifiers(String c) {
        Set<String> out = new HashSet<>();
        for (CSource.Token t : CSource.lex(c)) {
            if (t.kind() == CSource.Kind.IDENTIFIER) {
                out.add(t.text());
            }
        }
        return out;
    }

    private static Set<String> strings(String c) {
        Set<String> out = new HashSet<>();
        for (CSource.Token t : CSource.lex(c)) {
            if (t.kind() == CSource.Kind.STRING) {
                out.add(CSource.decode(t.text()));
            }
        }
        return out;
    }

    /**
     * Every identifier the kernel templates write themselves (and the pieces they join to the
     * prefix), and those the runtime's header defines (the view's backend constants).
     */
    private static Set<String> templateWords() {
        Set<String> out = new HashSet<>();
        List<String> sources = new ArrayList<>(KernelModuleGenerator.templateGroups());
        sources.add("org/censpec/codegen/kernel/runtime/cen_core.h");
        for (String group : sources) {
            try (InputStream in = HostileNamesTest.class.getClassLoader().getResourceAsStream(group)) {
                Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*")
                        .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    out.add(m.group());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
