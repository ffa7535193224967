package org.censpec.model.check;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

/** Suggestions for a misspelt name: the closest declared one, and the list of valid ones. */
public final class DidYouMean {
    private DidYouMean() {}

    /** The candidate within edit distance 2 (or a third of the name) closest to {@code name}. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new TreeSet<>(candidates)) {
            int d = distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, name.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"}, or {@code "; valid: a, b"} when nothing is close, or "". */
    public static String hint(String name, Collection<String> candidates, String what) {
        Optional<String> c = closest(name, candidates);
        if (c.isPresent()) {
            return "; did you mean '" + c.get() + "'?";
        }
        if (candidates.isEmpty()) {
            return "; no " + what + " is declared";
        }
        if (candidates.size() <= 12) {
            return "; declared " + plural(what) + ": " + String.join(", ", new TreeSet<>(candidates));
        }
        return "";
    }

    /** {@code property} -> {@code properties}, {@code device} -> {@code devices}. */
    static String plural(String noun) {
        return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
