package org.censpec.model.check;

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
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
            "volatile", "while", "_Bool", "_Complex", "_Imaginary", "_Alignas", "_Alignof", "_Atomic",
            "_Generic", "_Noreturn", "_Static_assert", "_Thread_local", "bool", "true", "false", "alignas",
            "alignof", "nullptr", "static_assert", "thread_local", "typeof", "typeof_unqual", "constexpr");
    private static final Set<String> JAVA = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "_");
    private static final Set<String> KERNEL = Set.of(
            "asm", "current", "jiffies", "likely", "unlikely", "barrier", "container_of", "min", "max",
            "fallthrough", "noinline", "NULL", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
            "size_t", "ssize_t", "loff_t", "dma_addr_t", "phys_addr_t", "gfp_t", "module", "THIS_MODULE",
            "printk", "pr_fmt", "dev_fmt", "KBUILD_MODNAME", "PAGE_SIZE", "PAGE_SHIFT", "BIT", "GENMASK");

    private ReservedNames() {
    }

    /** Why {@code name} cannot be used, or empty when it can. */
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
        if (KERNEL.contains(name)) {
            return Optional.of("is defined by the Linux kernel headers");
        }
        return Optional.empty();
    }
}
