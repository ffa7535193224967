package org.censpec.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Specs whose names, strings and file name are drawn from hostile alphabets: names that
 * derive each other's generated C names ({@code x} and {@code x_mask}, {@code generic_heap}),
 * names of the Linux headers and of Kbuild, {@code CONFIG_}; strings with backslashes,
 * quotes-to-be, trigraphs, comment delimiters, control, non-ASCII and bidi characters; file
 * names (any character but '/' and NUL) with quotes, backslashes, line breaks, stars and shell
 * and make metacharacters. Each draw is a grammatical spec (the grammar's strings exclude only
 * {@code "}, CR and LF), so the check decides: the property tests assert that whatever it
 * lets through generates code in which this text is only ever data.
 */
public final class HostileSpecs {
    /** A drawn spec: its file name (no directory) and its text. */
    public record Drawn(String fileName, String text) {}

    private static final String[] WORDS = {
        "x",
        "x_mask",
        "mask",
        "generic_heap",
        "heap",
        "name",
        "heap_name",
        "nr_heaps",
        "max_len",
        "all_allocators",
        "dev",
        "share",
        "prop",
        "alloc",
        "nr_devices",
        "linux_types",
        "obj",
        "ccflags",
        "config",
        "config_x",
        "platform",
        "register_device",
        "device",
        "record",
        "var",
        "u32",
        "a",
        "Z9",
        "_x",
        "module",
        "THIS",
        "KBUILD",
        "uapi",
        "cen_match",
        "match",
        "H",
        "spec",
        "_H",
        "NULL_",
        "x_1"
    };
    private static final String[] FRAGMENTS = {
        "\\",
        "\\\\",
        "\\n",
        "\\0",
        "\\x41",
        "\\u000a",
        "??=",
        "??/",
        "*/",
        "/*",
        "//",
        "%s",
        "%n",
        "$(shell id)",
        "`id`",
        "'",
        "\t",
        "\u0001",
        "\u001b[31m",
        "\u007f",
        "\u0085",
        "\u202e",
        "\u2028",
        "é",
        "中文",
        "\ud83d\ude00",
        "#",
        ";",
        "{",
        "}",
        " ",
        "a",
        "B",
        "0",
        ":",
        ",",
        "-",
        ".",
        "EXPORT_SYMBOL(x)"
    };
    private static final String[] FILE_FRAGMENTS = {
        "inj\"); int censpec_injected = 42; EXPORT_SYMBOL(censpec_injected);" + " static const char z[] = (\"",
        "\"",
        "\\",
        "\n",
        "\r",
        "*",
        "$(",
        "`",
        ";",
        "#",
        "%",
        "'",
        " ",
        "é",
        "\u202e",
        "\u001b",
        "??=",
        "a",
        "b"
    };
    private static final List<String> LINUX = linuxNames();

    private HostileSpecs() {}

    public static Drawn draw(Random r) {
        List<String> devices = new ArrayList<>();
        StringBuilder sb = new StringBuilder("spec ").append(specName(r)).append(";\nram 4G;\nproperty contiguous;\n");
        for (String p : names(r, 3)) {
            sb.append("property ").append(p).append(";\n");
        }
        List<String> allocators = names(r, 3);
        for (int i = 0; i < allocators.size(); i++) {
            sb.append("allocator ")
                    .append(allocators.get(i))
                    .append(" { backend ")
                    .append(i == 0 ? "contiguous; provides contiguous;" : "pages;");
            if (i == 0 && r.nextBoolean()) {
                sb.append(" region \"").append(string(r)).append("\";");
            }
            sb.append(" }\n");
        }
        for (String d : names(r, 4)) {
            devices.add(d);
            sb.append("device ")
                    .append(d)
                    .append(" { dma_bits ")
                    .append(32 + r.nextInt(33))
                    .append(';');
            if (r.nextBoolean()) {
                sb.append(" match \"").append(string(r)).append('"');
                if (r.nextBoolean()) {
                    sb.append(", \"").append(string(r)).append('"');
                }
                sb.append(';');
            }
            sb.append(" }\n");
        }
        List<String> shares = names(r, 3);
        for (String s : shares) {
            sb.append("share ")
                    .append(s)
                    .append(" { ")
                    .append(String.join(", ", devices))
                    .append(" }\n");
        }
        sb.append("flow f on ")
                .append(shares.get(0))
                .append(" { actor a { attach ")
                .append(devices.get(0))
                .append("; map ")
                .append(devices.get(0))
                .append("; } }\n");
        return new Drawn(fileName(r), sb.toString());
    }

    /** 1..max distinct names (distinct ignoring case, so that case is never the reason for a refusal). */
    private static List<String> names(Random r, int max) {
        List<String> out = new ArrayList<>();
        int n = 1 + r.nextInt(max);
        while (out.size() < n) {
            String name = name(r, 32);
            if (out.stream().noneMatch(name::equalsIgnoreCase)) {
                out.add(name);
            }
        }
        return out;
    }

    static String name(Random r, int maxLength) {
        String n = switch (r.nextInt(4)) {
            case 0 -> WORDS[r.nextInt(WORDS.length)];
            case 1 -> WORDS[r.nextInt(WORDS.length)] + "_" + WORDS[r.nextInt(WORDS.length)];
            case 2 -> fromLinux(r);
            default -> random(r);
        };
        n = n.length() > maxLength ? n.substring(0, maxLength) : n;
        return n.startsWith("__") ? "x" + n : n;
    }

    private static String specName(Random r) {
        return name(r, 20);
    }

    /** A lower-case name taken from the Linux names the generated code must avoid, less its prefix. */
    private static String fromLinux(Random r) {
        String l = LINUX.get(r.nextInt(LINUX.size()));
        int cut = r.nextInt(3) == 0 ? 0 : Math.max(0, l.indexOf('_', 1));
        String n = l.substring(cut).replaceAll("^_+", "");
        return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "x" + n : n;
    }

    private static String random(Random r) {
        String first = "abcXYZ_";
        String rest = "abcxyzXYZ019_";
        StringBuilder sb = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
        for (int i = r.nextInt(12); i > 0; i--) {
            sb.append(rest.charAt(r.nextInt(rest.length())));
        }
        return sb.toString();
    }

    static String string(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
            sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        }
        return sb.toString();
    }

    static String fileName(Random r) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(5); i > 0; i--) {
            sb.append(FILE_FRAGMENTS[r.nextInt(FILE_FRAGMENTS.length)]);
        }
        return sb.append(".cen").toString();
    }

    private static List<String> linuxNames() {
        try (InputStream in = org.censpec.model.check.GeneratedNames.class.getResourceAsStream("kernel-names.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.startsWith("#"))
                    .map(l -> l.replace("kbuild:", "").toLowerCase(java.util.Locale.ROOT))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
