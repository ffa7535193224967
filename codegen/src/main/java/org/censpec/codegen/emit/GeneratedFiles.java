package org.censpec.codegen.emit;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Generated files by path relative to the output directory, in a stable order. */
public record GeneratedFiles(SortedMap<String, String> files) {
    public GeneratedFiles {
        files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    public static GeneratedFiles of(Map<String, String> files) {
        return new GeneratedFiles(new TreeMap<>(files));
    }

    /** Both sets of files, which must not overlap. */
    public GeneratedFiles plus(GeneratedFiles other) {
        TreeMap<String, String> all = new TreeMap<>(files);
        for (var e : other.files.entrySet()) {
            if (all.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("two generators write " + e.getKey());
            }
        }
        return new GeneratedFiles(all);
    }
}
