package org.censpec.tools.dt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What import-dt knows about devicetree nodes (masters.tsv beside this class): a node's kind
 * and through which device its driver attaches dma-bufs. The first rule that fits wins; a node
 * no rule fits is of unknown kind.
 */
final class KnownMasters {
    /** How a node's driver attaches a buffer: the device {@code match} must name. */
    sealed interface Via {
        /** Through the node's own device. */
        record Self() implements Via {}

        /** Through the DRM display subsystem node whose {@code ports} or pipelines name it. */
        record DisplaySubsystem() implements Via {}

        /** Through the first node, in tree order, with a compatible matching {@code pattern}. */
        record FirstCompatible(Pattern pattern) implements Via {}

        /** Through a device the driver creates, named {@code devName}. */
        record DevName(String devName) implements Via {}

        /** Through the DMA engine its first {@code dmas} entry names. */
        record Dmas() implements Via {}
    }

    /**
     * One rule: what it fits (a compatible or a node name), the kind, the way it attaches, the
     * node the attaching device's DMA is configured from (empty: its own), a note.
     */
    record Rule(
            Optional<Pattern> compatible,
            Optional<Pattern> name,
            MasterKind kind,
            Via via,
            Optional<Pattern> dmaFrom,
            String note,
            int line) {
        boolean fits(DtNode n) {
            return name.map(p -> p.matcher(n.baseName()).matches()).orElse(true)
                    && compatible
                            .map(p -> n.strings("compatible").stream()
                                    .anyMatch(c -> p.matcher(c).matches()))
                            .orElse(true);
        }
    }

    private static final List<Rule> RULES = load();

    private KnownMasters() {}

    /** The first rule that fits {@code n}, if any; a node without a compatible is no device and fits none. */
    static Optional<Rule> classify(DtNode n) {
        if (n.strings("compatible").isEmpty()) {
            return Optional.empty();
        }
        return RULES.stream().filter(r -> r.fits(n)).findFirst();
    }

    static List<Rule> rules() {
        return RULES;
    }

    private static List<Rule> load() {
        try (InputStream in = KnownMasters.class.getResourceAsStream("masters.tsv")) {
            if (in == null) {
                throw new IllegalStateException("masters.tsv is missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Rule> rules = new ArrayList<>();
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (!line.isBlank() && !line.startsWith("#")) {
                    rules.add(parse(line, n));
                }
            }
            return List.copyOf(rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rule parse(String line, int n) {
        String[] f = line.split("\t", -1);
        if (f.length != 6
                || !List.of("compatible", "name", "compatible+name").contains(f[0])
                || !(f[4].equals("self") || f[4].startsWith("compatible:"))) {
            throw new IllegalStateException("masters.tsv:" + n
                    + ": expected compatible|name|compatible+name, regex, kind, " + "via, dma, note");
        }
        String[] both = f[1].split(" ", 2);
        Optional<Pattern> compatible = switch (f[0]) {
            case "name" -> Optional.empty();
            default -> Optional.of(Pattern.compile(both[0]));
        };
        Optional<Pattern> name = switch (f[0]) {
            case "compatible" -> Optional.empty();
            case "name" -> Optional.of(Pattern.compile(f[1]));
            default -> Optional.of(Pattern.compile(both.length > 1 ? both[1] : ""));
        };
        Optional<Pattern> dmaFrom = f[4].equals("self")
                ? Optional.empty()
                : Optional.of(Pattern.compile(f[4].substring("compatible:".length())));
        return new Rule(compatible, name, MasterKind.valueOf(f[2]), via(f[3], n), dmaFrom, f[5], n);
    }

    private static Via via(String s, int n) {
        if (s.equals("self")) {
            return new Via.Self();
        }
        if (s.equals("display-subsystem")) {
            return new Via.DisplaySubsystem();
        }
        if (s.equals("dmas")) {
            return new Via.Dmas();
        }
        if (s.startsWith("compatible:")) {
            return new Via.FirstCompatible(Pattern.compile(s.substring("compatible:".length())));
        }
        if (s.startsWith("dev-name:")) {
            return new Via.DevName(s.substring("dev-name:".length()));
        }
        throw new IllegalStateException("masters.tsv:" + n + ": unknown via '" + s + "'");
    }
}
