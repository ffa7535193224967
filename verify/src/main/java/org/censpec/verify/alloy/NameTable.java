package org.censpec.verify.alloy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands out Alloy identifiers. Every name is unique by construction (a clash gets a numeric
 * suffix) and remembers the object it stands for, so results are mapped back by looking up
 * the generated name, never by taking a name apart.
 */
final class NameTable {
    private final Map<String, Object> byName = new LinkedHashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /** Reserves a fixed identifier of the generated model (a sig, fun or pred name). */
    void reserve(String name) {
        if (byName.putIfAbsent(name, name) != null) {
            throw new IllegalStateException("reserved twice: " + name);
        }
    }

    /** A fresh identifier built from {@code base}, bound to {@code element}. */
    String fresh(String base, Object element) {
        String candidate = base;
        while (byName.containsKey(candidate)) {
            int n = counters.merge(base, 1, Integer::sum) + 1;
            candidate = base + "_" + n;
        }
        byName.put(candidate, element);
        return candidate;
    }

    Object element(String name) {
        return byName.get(name);
    }

    Map<String, Object> all() {
        return byName;
    }
}
