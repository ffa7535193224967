package org.censpec.model.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.censpec.model.Allocator;
import org.censpec.model.Device;
import org.censpec.model.Element;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;

/**
 * Every identifier the generated code derives from a spec's names, defined once: the
 * generators write these and nothing else, and {@link GeneratedNameValidator} refuses a spec
 * two of whose derived names are equal, or one of which is already a name of the Linux
 * headers the module includes, of Kbuild, or of the generated Java classes. The kernel module's
 * C names are {@code PREFIX_KIND_NAME} in upper case (the prefix is the spec's name), its
 * functions and enum tags {@code prefix_...}; the Java names are the upper-case names.
 */
public final class GeneratedNames {
    /** The constant of the whole spec's heap in the generated {@code Share} enum. */
    public static final String JAVA_GENERIC_HEAP = "GENERIC_HEAP";

    private static final Set<String> LINUX = load("kernel-names.txt");

    private GeneratedNames() {}

    public static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    public static String propertyConst(String prefix, String property) {
        return upper(prefix) + "_PROP_" + upper(property);
    }

    public static String allocatorConst(String prefix, String allocator) {
        return upper(prefix) + "_ALLOC_" + upper(allocator);
    }

    public static String deviceConst(String prefix, String device) {
        return upper(prefix) + "_DEV_" + upper(device);
    }

    public static String deviceMask(String prefix, String device) {
        return deviceConst(prefix, device) + "_MASK";
    }

    /** The static array of a device's match strings in {@code <prefix>_spec.c}. */
    public static String matchArray(String device) {
        return "cen_match_" + device;
    }

    public static String shareConst(String prefix, String share) {
        return upper(prefix) + "_SHARE_" + upper(share);
    }

    public static String shareMask(String prefix, String share) {
        return shareConst(prefix, share) + "_MASK";
    }

    /** The uapi macro of a share heap's name. */
    public static String shareHeapMacro(String prefix, String share) {
        return upper(prefix) + "_HEAP_" + upper(share) + "_NAME";
    }

    /** The uapi macro of a share's {@code n}-th alias heap name (from 1). */
    public static String shareAliasHeapMacro(String prefix, String share, int n) {
        return upper(prefix) + "_HEAP_" + upper(share) + "_ALIAS" + n + "_NAME";
    }

    /** {@code PREFIX_SUFFIX}: the fixed macros and enum counters of the module. */
    public static String fixed(String prefix, Fixed which) {
        return upper(prefix) + "_" + which.suffix;
    }

    public static String headerGuard(String prefix) {
        return "_" + upper(prefix) + "_H";
    }

    public static String uapiGuard(String prefix) {
        return "_UAPI_" + upper(prefix) + "_H";
    }

    /** The exported functions and the enum tags of the public header: {@code prefix_SUFFIX}. */
    public static String lower(String prefix, Lower which) {
        return prefix + "_" + which.suffix;
    }

    /** The test build's module name: {@code prefix_test}. */
    public static String testModule(String prefix) {
        return prefix + "_test";
    }

    /**
     * The trace system of a module's events ({@code cen_trace.h}, its tracefs directory
     * {@code events/SYSTEM/}): {@code censpec_} and the module's name, so that every module
     * loaded at once has its own (the kernel refuses two loaded modules of one name) and none
     * is a system of the kernel's own ({@code kmem}, {@code cma}, ...).
     */
    public static String traceSystem(String module) {
        return TRACE_SYSTEM_PREFIX + module;
    }

    /** What every module's trace system starts with. */
    public static final String TRACE_SYSTEM_PREFIX = "censpec_";

    /** The trace system of every module before each had its own; logs recorded then name no system. */
    public static final String LEGACY_TRACE_SYSTEM = "censpec";

    /** The trace systems of spec {@code prefix}'s modules: the production module's, then the test build's. */
    public static List<String> traceSystems(String prefix) {
        return List.of(traceSystem(prefix), traceSystem(testModule(prefix)));
    }

    /** The last component of the bindings' Java package: the spec name in lower case. */
    public static String javaPackageName(String prefix) {
        return prefix.toLowerCase(Locale.ROOT);
    }

    /** The Java enum constant of a name. */
    public static String javaConst(String name) {
        return upper(name);
    }

    /** The fixed upper-case names of a module. */
    public enum Fixed {
        NR_PROPERTIES,
        NR_ALLOCATORS,
        NR_DEVICES,
        NR_SHARES,
        ALL_ALLOCATORS,
        HEAP_NAME,
        NR_HEAPS,
        MAX_LEN;

        final String suffix = name();
    }

    /** The lower-case names of a module's public header. */
    public enum Lower {
        REGISTER_DEVICE,
        UNREGISTER_DEVICE,
        PROPERTY,
        ALLOCATOR,
        DEVICE,
        SHARE;

        final String suffix = name().toLowerCase(Locale.ROOT);
    }

    /**
     * One derived name.
     *
     * @param identifier the name, e.g. {@code T_DEV_X_MASK} (Java: {@code Share.NAME})
     * @param what       what it is, e.g. "the mask macro"
     * @param owner      the element it is derived from, or null for the spec itself
     * @param loc        where that element (or the spec) is declared
     */
    public record Derived(String identifier, String what, Element owner, SourceLocation loc) {}

    /** Every C name the kernel module derives from the spec, in declaration order (spec-level first). */
    public static List<Derived> kernel(Spec spec) {
        String p = spec.name();
        List<Derived> out = new ArrayList<>();
        out.add(new Derived(headerGuard(p), "the public header's guard", null, spec.loc()));
        out.add(new Derived(uapiGuard(p), "the uapi header's guard", null, spec.loc()));
        for (Fixed f : Fixed.values()) {
            out.add(new Derived(fixed(p, f), "a macro of the module", null, spec.loc()));
        }
        for (Lower l : Lower.values()) {
            out.add(new Derived(lower(p, l), "a name of the module's public header", null, spec.loc()));
        }
        for (Property x : valid(spec.properties())) {
            out.add(new Derived(propertyConst(p, x.name()), "the enum constant", x, x.loc()));
        }
        for (Allocator x : valid(spec.allocators())) {
            out.add(new Derived(allocatorConst(p, x.name()), "the enum constant", x, x.loc()));
        }
        for (Device x : valid(spec.devices())) {
            out.add(new Derived(deviceConst(p, x.name()), "the enum constant", x, x.loc()));
            out.add(new Derived(deviceMask(p, x.name()), "the mask macro", x, x.loc()));
            if (!x.match().isEmpty()) {
                out.add(new Derived(matchArray(x.name()), "the match array", x, x.loc()));
            }
        }
        for (Share x : valid(spec.shares())) {
            out.add(new Derived(shareConst(p, x.name()), "the enum constant", x, x.loc()));
            out.add(new Derived(shareMask(p, x.name()), "the mask macro", x, x.loc()));
            out.add(new Derived(shareHeapMacro(p, x.name()), "the heap name macro", x, x.loc()));
            for (int k = 0; k < x.aliases().size(); k++) {
                out.add(new Derived(
                        shareAliasHeapMacro(p, x.name(), k + 1),
                        "an alias heap's name macro",
                        x,
                        x.aliases().get(k).loc()));
            }
        }
        return out;
    }

    /** The constants of the generated enums; Share also has GENERIC_HEAP. */
    public static List<Derived> java(Spec spec) {
        List<Derived> out = new ArrayList<>();
        out.add(new Derived("Share." + JAVA_GENERIC_HEAP, "the whole spec's heap name", null, spec.loc()));
        for (Share x : valid(spec.shares())) {
            out.add(new Derived("Share." + javaConst(x.name()), "the Share constant", x, x.loc()));
        }
        return out;
    }

    /** Elements whose names are identifiers (the others are NameValidator's to report). */
    private static <E extends Element> List<E> valid(List<E> elements) {
        return elements.stream()
                .filter(e -> ReservedNames.problem(e.name()).isEmpty())
                .toList();
    }

    /**
     * Why the spec name {@code prefix} cannot prefix the generated names (beyond
     * {@link ReservedNames#specNameProblem}), or empty: the CONFIG_ namespace, a Kbuild variable,
     * a fixed name of the module the Linux headers already have.
     */
    public static java.util.Optional<String> specNameProblem(String prefix) {
        String up = upper(prefix);
        if (up.equals("CONFIG") || up.startsWith("CONFIG_")) {
            return java.util.Optional.of("puts every generated macro in the kernel configuration's CONFIG_ namespace");
        }
        for (String stem : List.of(prefix, testModule(prefix))) {
            if (kbuildVariable(stem)) {
                return java.util.Optional.of(
                        "would make the module's Kbuild line " + stem + "-y, a variable of Kbuild itself");
            }
        }
        if (ReservedNames.javaKeyword(javaPackageName(prefix))) {
            return java.util.Optional.of(
                    "would make the Java package org.censpec.bindings." + javaPackageName(prefix) + ", a Java keyword");
        }
        List<String> fixed = new ArrayList<>(List.of(headerGuard(prefix), uapiGuard(prefix)));
        for (Fixed f : Fixed.values()) {
            fixed.add(fixed(prefix, f));
        }
        for (Lower l : Lower.values()) {
            fixed.add(lower(prefix, l));
        }
        return fixed.stream()
                .filter(GeneratedNames::inLinux)
                .findFirst()
                .map(n -> "would make the module's " + n + ", already a name of the Linux headers it includes");
    }

    /**
     * The C names an element of {@code kind} ("property", "allocator", "device" (with match
     * strings), "share") named {@code name} gets in a module of prefix {@code prefix}.
     */
    public static List<String> elementNames(String prefix, String kind, String name) {
        return switch (kind) {
            case "property" -> List.of(propertyConst(prefix, name));
            case "allocator" -> List.of(allocatorConst(prefix, name));
            case "device" -> List.of(deviceConst(prefix, name), deviceMask(prefix, name), matchArray(name));
            case "share" -> List.of(shareConst(prefix, name), shareMask(prefix, name), shareHeapMacro(prefix, name));
            default -> throw new IllegalArgumentException("no generated names for a " + kind);
        };
    }

    /** Whether a name is already declared by the Linux headers a module's tables include (6.1, 6.12). */
    public static boolean inLinux(String identifier) {
        return LINUX.contains(identifier);
    }

    /** Whether {@code stem-y} (or -m, -objs) is a variable of Kbuild itself. */
    static boolean kbuildVariable(String stem) {
        return LINUX.contains("kbuild:" + stem);
    }

    private static Set<String> load(String resource) {
        try (InputStream in = GeneratedNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
