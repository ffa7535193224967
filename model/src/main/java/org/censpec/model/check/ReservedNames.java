package org.censpec.model.check;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Names a spec may not use because they become C and Java identifiers in generated code:
 * C keywords (C11 and C23), Java keywords and literals, identifiers the Linux kernel
 * defines as macros or types, and anything starting with {@code __} (reserved to the
 * implementation and the kernel's annotations such as {@code __init}).
 */
public final class ReservedNames {
    /** Longest accepted name: generated symbols add a prefix of up to 40 characters. */
    public static final int MAX_LENGTH = org.censpec.model.semantics.Limits.MAX_NAME;

    private static final Set<String> C = Set.of(
            "auto",
            "break",
            "case",
            "char",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extern",
            "float",
            "for",
            "goto",
            "if",
            "inline",
            "int",
            "long",
            "register",
            "restrict",
            "return",
            "short",
            "signed",
            "sizeof",
            "static",
            "struct",
            "switch",
            "typedef",
            "union",
            "unsigned",
            "void",
            "volatile",
            "while",
            "_Bool",
            "_Complex",
            "_Imaginary",
            "_Alignas",
            "_Alignof",
            "_Atomic",
            "_Generic",
            "_Noreturn",
            "_Static_assert",
            "_Thread_local",
            "bool",
            "true",
            "false",
            "alignas",
            "alignof",
            "nullptr",
            "static_assert",
            "thread_local",
            "typeof",
            "typeof_unqual",
            "constexpr");
    private static final Set<String> JAVA = Set.of(
            "abstract",
            "assert",
            "boolean",
            "break",
            "byte",
            "case",
            "catch",
            "char",
            "class",
            "const",
            "continue",
            "default",
            "do",
            "double",
            "else",
            "enum",
            "extends",
            "final",
            "finally",
            "float",
            "for",
            "goto",
            "if",
            "implements",
            "import",
            "instanceof",
            "int",
            "interface",
            "long",
            "native",
            "new",
            "package",
            "private",
            "protected",
            "public",
            "return",
            "short",
            "static",
            "strictfp",
            "super",
            "switch",
            "synchronized",
            "this",
            "throw",
            "throws",
            "transient",
            "try",
            "void",
            "volatile",
            "while",
            "true",
            "false",
            "null",
            "_");
    /**
     * Contextual Java keywords and kernel type names: fine for an element, whose name the
     * generated code only writes upper case (in constants) or in strings, but not for the spec,
     * whose name is a bare C identifier prefix and a Java package name.
     */
    private static final Set<String> CONTEXTUAL = Set.of("var", "yield", "record", "sealed", "permits");

    private static final Set<String> KERNEL = Set.of(
            "asm",
            "current",
            "jiffies",
            "likely",
            "unlikely",
            "barrier",
            "container_of",
            "min",
            "max",
            "fallthrough",
            "noinline",
            "NULL",
            "u8",
            "u16",
            "u32",
            "u64",
            "s8",
            "s16",
            "s32",
            "s64",
            "size_t",
            "ssize_t",
            "loff_t",
            "dma_addr_t",
            "phys_addr_t",
            "gfp_t",
            "module",
            "THIS_MODULE",
            "printk",
            "pr_fmt",
            "dev_fmt",
            "KBUILD_MODNAME",
            "PAGE_SIZE",
            "PAGE_SHIFT",
            "BIT",
            "GENMASK");

    private ReservedNames() {}

    /** Why {@code name} cannot name the spec, or empty when it can. */
    public static Optional<String> specNameProblem(String name) {
        Optional<String> p = problem(name);
        if (p.isPresent()) {
            return p;
        }
        if (collidesWithRuntime(name)) {
            return Optional.of("collides with the kernel runtime's cen_ names (the spec name is the generated "
                    + "module's symbol prefix)");
        }
        if (CONTEXTUAL.contains(name)) {
            return Optional.of("is a contextual Java keyword");
        }
        if (KERNEL.contains(name)) {
            return Optional.of("is defined by the Linux kernel headers");
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a Java keyword or literal (exact case). */
    public static boolean javaKeyword(String name) {
        return JAVA.contains(name) || CONTEXTUAL.contains(name);
    }

    /**
     * Whether a symbol prefix (by default the spec's name) would collide with the hand-written
     * kernel runtime's {@code cen_} functions and {@code CEN_} macros, in either case.
     */
    public static boolean collidesWithRuntime(String prefix) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        return lower.equals("cen") || lower.startsWith("cen_");
    }

    /**
     * Why {@code name} cannot name a property, allocator, device, share, flow, actor or label,
     * or empty when it can: the generated C and Java write these names only inside upper-case
     * constants and strings, so only what the language contract forbids (C and Java keywords,
     * a leading {@code __}), what is not an identifier and what is too long is refused.
     */
    public static Optional<String> problem(String name) {
        if (name.length() > MAX_LENGTH) {
            return Optional.of("is " + name.length() + " characters long; names are limited to " + MAX_LENGTH
                    + " so that generated C symbols stay readable");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return Optional.of("is not a valid C identifier");
        }
        if (name.startsWith("__")) {
            return Optional.of("starts with '__', which is reserved to the compiler and the kernel");
        }
        if (C.contains(name)) {
            return Optional.of("is a C keyword");
        }
        if (JAVA.contains(name)) {
            return Optional.of("is a Java keyword");
        }
        return Optional.empty();
    }
}
