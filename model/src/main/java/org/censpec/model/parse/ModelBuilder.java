package org.censpec.model.parse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.Token;
import org.censpec.grammar.CenParser;
import org.censpec.model.Actor;
import org.censpec.model.Allocator;
import org.censpec.model.Backend;
import org.censpec.model.Device;
import org.censpec.model.DeviceStep;
import org.censpec.model.Finding;
import org.censpec.model.Flow;
import org.censpec.model.HeapAccess;
import org.censpec.model.Literal;
import org.censpec.model.NameRef;
import org.censpec.model.Operation;
import org.censpec.model.Property;
import org.censpec.model.Share;
import org.censpec.model.Sizes;
import org.censpec.model.SourceLocation;
import org.censpec.model.Spec;
import org.censpec.model.Step;
import org.censpec.model.Suppression;
import org.censpec.model.WaitStep;
import org.censpec.model.rules.SpecRules;
import org.censpec.model.semantics.Limits;

/**
 * Builds the typed model from a syntactically valid parse tree. It checks what only the
 * tree shows: numbers (suffixes, 64-bit range, dma_bits 1..64, powers of two), required
 * and repeated items inside blocks, {@code ram} present once, and backend names. Names are
 * checked later on the model by {@code SpecValidator}.
 */
final class ModelBuilder {
    static final long DEFAULT_ALIGN = Limits.DEFAULT_ALIGN;
    private static final BigInteger MAX_SIZE = BigInteger.valueOf(Long.MAX_VALUE);

    /** The file of the declaration being built: included declarations keep their own file. */
    private String file;

    private final List<Finding> findings = new ArrayList<>();

    ModelBuilder(String file) {
        this.file = file;
    }

    /** A declaration and the file it is written in (the root file or an included one). */
    record FileDecl(String file, CenParser.DeclContext decl) {}

    List<Finding> findings() {
        return findings;
    }

    Spec build(CenParser.SpecContext tree) {
        List<FileDecl> decls = new ArrayList<>();
        for (CenParser.DeclContext d : tree.decl()) {
            decls.add(new FileDecl(file, d));
        }
        return build(tree, decls);
    }

    /**
     * The spec of the root file's {@code tree} with {@code decls}: its declarations with the
     * included files' spliced in at each {@code include} (see {@link Includes}).
     */
    Spec build(CenParser.SpecContext tree, List<FileDecl> decls) {
        String rootFile = file;
        NameRef specName = specName(tree);
        Collected c = new Collected();
        for (FileDecl fd : decls) {
            file = fd.file();
            collect(fd, c);
        }
        file = rootFile;
        if (!c.ramDeclared) {
            findings.add(Finding.of(SpecRules.MISSING, specName.loc(), "spec has no 'ram SIZE;' declaration"));
        }
        long ram = c.ram == null ? Limits.PAGE : c.ram;
        List<Allocator> allocators = new ArrayList<>();
        for (FileDecl a : c.allocatorDecls) {
            file = a.file();
            allocators.add(allocator(a.decl().allocatorDecl(), allocators.size(), Spec.end(c.ramBase, ram)));
        }
        file = rootFile;
        return new Spec(
                specName.name(),
                specName.loc(),
                ram,
                c.properties,
                allocators,
                c.devices,
                c.shares,
                c.flows,
                c.suppressions,
                c.ramBase,
                Optional.ofNullable(c.heapAccess));
    }

    /** The declarations of a spec's files as they are read, in order. */
    private static final class Collected {
        final List<Property> properties = new ArrayList<>();
        final List<FileDecl> allocatorDecls = new ArrayList<>();
        final List<Device> devices = new ArrayList<>();
        final List<Share> shares = new ArrayList<>();
        final List<Flow> flows = new ArrayList<>();
        final List<Suppression> suppressions = new ArrayList<>();
        HeapAccess heapAccess;
        Long ram;
        boolean ramDeclared;
        long ramBase;
    }

    /** The name of {@code spec NAME;}, or an empty name and a finding where the root file has none. */
    private NameRef specName(CenParser.SpecContext tree) {
        if (tree.specHeader() != null) {
            return name(tree.specHeader().name());
        }
        SourceLocation at = loc(tree.getStart());
        findings.add(Finding.of(
                SpecRules.MISSING,
                at,
                "the file has no 'spec NAME;' declaration" + " (only an included file may leave it out)"));
        return new NameRef("", at);
    }

    /** Adds one declaration to {@code c}; allocators wait until RAM's end is known. */
    private void collect(FileDecl fd, Collected c) {
        CenParser.DeclContext decl = fd.decl();
        if (decl.ramDecl() != null) {
            ram(decl.ramDecl(), c);
        } else if (decl.propertyDecl() != null) {
            NameRef n = name(decl.propertyDecl().name());
            c.properties.add(new Property(n.name(), n.loc()));
        } else if (decl.allocatorDecl() != null) {
            c.allocatorDecls.add(fd);
        } else if (decl.deviceDecl() != null) {
            c.devices.add(device(decl.deviceDecl()));
        } else if (decl.shareDecl() != null) {
            c.shares.add(share(decl.shareDecl()));
        } else if (decl.heapAccessDecl() != null) {
            CenParser.HeapAccessDeclContext h = decl.heapAccessDecl();
            if (c.heapAccess != null) {
                findings.add(Finding.of(SpecRules.DUPLICATE, loc(h.kw), "heap_access is declared more than once"));
            } else {
                c.heapAccess = heapAccess(h);
            }
        } else if (decl.flowDecl() != null) {
            c.flows.add(flow(decl.flowDecl()));
        } else if (decl.suppressDecl() != null) {
            c.suppressions.add(suppression(decl.suppressDecl()));
        }
    }

    /** {@code ram SIZE [at BASE];}, at most once, ending within 63 bits. */
    private void ram(CenParser.RamDeclContext r, Collected c) {
        if (c.ramDeclared) {
            findings.add(Finding.of(SpecRules.DUPLICATE, loc(r.kw), "ram is declared more than once"));
            return;
        }
        c.ramDeclared = true;
        c.ram = atLeast(size(r.amount, "ram"), Limits.PAGE, r.amount, "ram", "RAM holds at least one 4K page");
        if (r.base == null) {
            return;
        }
        Optional<BigInteger> b = number(r.base);
        c.ramBase = b.isPresent() ? b.get().longValue() : 0;
        if (c.ram != null
                && BigInteger.valueOf(c.ramBase)
                                .add(BigInteger.valueOf(c.ram))
                                .compareTo(BigInteger.valueOf(Limits.MAX_SIZE))
                        > 0) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    loc(r.base),
                    "RAM at " + Printable.quote(r.base.getText()) + " of size " + Printable.quote(r.amount.getText())
                            + " ends beyond 63 bits"));
        }
    }

    /** {@code suppress ID [NAME] "reason";} */
    private Suppression suppression(CenParser.SuppressDeclContext sd) {
        String reason = sd.reason.getText();
        return new Suppression(
                sd.findingId().getText(),
                sd.target == null ? Optional.empty() : Optional.of(name(sd.target)),
                reason.substring(1, reason.length() - 1),
                loc(sd.getStart()));
    }

    /** {@code share NAME { D, ... }} and its clauses, each at most once. */
    private Share share(CenParser.ShareDeclContext ctx) {
        NameRef n = name(ctx.name());
        Long maxSize = null;
        List<Literal> aliases = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CenParser.ShareClauseContext c : ctx.shareClause()) {
            String kw = c.kw.getText();
            if (!seen.add(kw)) {
                findings.add(Finding.of(
                        SpecRules.DUPLICATE,
                        loc(c.kw),
                        "'" + kw + "' is given more than once in share '" + n.name() + "'"));
                continue;
            }
            if (kw.equals("max_size")) {
                maxSize = size(c.NUMBER().getSymbol(), "max_size");
            } else {
                c.STRING().forEach(t -> aliases.add(literal(t.getSymbol())));
            }
        }
        return new Share(n.name(), n.loc(), names(ctx.nameList()), Optional.ofNullable(maxSize), aliases);
    }

    /** {@code heap_access [group "NAME"] [mode OCTAL];}, each item at most once. */
    private HeapAccess heapAccess(CenParser.HeapAccessDeclContext ctx) {
        Literal group = null;
        Integer mode = null;
        Set<String> seen = new HashSet<>();
        for (CenParser.HeapAccessItemContext item : ctx.heapAccessItem()) {
            String kw = item.kw.getText();
            if (!seen.add(kw)) {
                findings.add(Finding.of(
                        SpecRules.DUPLICATE, loc(item.kw), "'" + kw + "' is given more than once in heap_access"));
            } else if (kw.equals("group")) {
                group = literal(item.STRING().getSymbol());
            } else {
                mode = fileMode(item.NUMBER().getSymbol());
            }
        }
        int defaultMode = group == null ? HeapAccess.DEFAULT_MODE : HeapAccess.GROUP_MODE;
        return new HeapAccess(loc(ctx.kw), Optional.ofNullable(group), mode == null ? defaultMode : mode);
    }

    /** An octal file mode, 0 to 0777 (no set-id or sticky bits on a device node). */
    private int fileMode(Token t) {
        String text = t.getText();
        if (!text.matches("[0-7]{1,4}") || Integer.parseInt(text, 8) > 0777) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    loc(t),
                    "mode " + Printable.quote(text) + " is not a file mode: octal digits, at most 0777 (e.g. 0660)"));
            return HeapAccess.DEFAULT_MODE;
        }
        return Integer.parseInt(text, 8);
    }

    private Allocator allocator(CenParser.AllocatorDeclContext ctx, int priority, long ram) {
        NameRef n = name(ctx.name());
        Backend backend = null;
        List<NameRef> provides = new ArrayList<>();
        Long below = null;
        Long align = null;
        Long capacity = null;
        Literal region = null;
        Set<String> seen = new HashSet<>();
        for (CenParser.AllocatorItemContext item : ctx.allocatorItem()) {
            String kw = item.kw.getText();
            if (!seen.add(kw)) {
                findings.add(Finding.of(
                        SpecRules.DUPLICATE,
                        loc(item.kw),
                        "'" + kw + "' is given more than once in allocator '" + n.name() + "'"));
                continue;
            }
            switch (kw) {
                case "backend" -> backend = backend(name(item.name()));
                case "provides" -> provides.addAll(names(item.nameList()));
                case "below" ->
                    below = atLeast(
                            size(item.NUMBER().getSymbol(), "below"),
                            Limits.MIN_BELOW,
                            item.NUMBER().getSymbol(),
                            "below",
                            "an allocator must hold at least one 4K page");
                case "align" -> align = alignment(item.NUMBER().getSymbol());
                case "protected" -> {}
                case "region" -> region = literal(item.STRING().getSymbol());
                case "size" ->
                    capacity = atLeast(
                            size(item.NUMBER().getSymbol(), "size"),
                            Limits.PAGE,
                            item.NUMBER().getSymbol(),
                            "size",
                            "an allocator must hold at least one 4K page");
                default -> throw new IllegalStateException("grammar and builder disagree on " + kw);
            }
        }
        if (region != null && backend != Backend.CONTIGUOUS && backend != null) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    region.loc(),
                    "allocator '" + n.name() + "' names region "
                            + Printable.quote(region.value()) + " but its backend is " + backend.keyword()
                            + "; only a contiguous allocator allocates from a reserved-memory region"));
        }
        if (backend == null && !seen.contains("backend")) {
            findings.add(Finding.of(
                    SpecRules.MISSING,
                    n.loc(),
                    "allocator '" + n.name() + "' has no 'backend' (contiguous, pages or pages_dma32)"));
        }
        return new Allocator(
                n.name(),
                n.loc(),
                priority,
                backend == null ? Backend.PAGES : backend,
                provides,
                below == null ? (backend == null ? Backend.PAGES : backend).defaultBelow(ram) : below,
                align == null ? DEFAULT_ALIGN : align,
                seen.contains("protected"),
                Optional.ofNullable(region),
                Optional.ofNullable(capacity));
    }

    private Backend backend(NameRef ref) {
        for (Backend b : Backend.values()) {
            if (b.keyword().equals(ref.name())) {
                return b;
            }
        }
        findings.add(Finding.of(
                SpecRules.UNDEFINED,
                ref.loc(),
                "unknown backend " + Printable.quote(ref.name()) + "; expected contiguous, pages or pages_dma32"));
        return null;
    }

    private Device device(CenParser.DeviceDeclContext ctx) {
        NameRef n = name(ctx.name());
        Integer dmaBits = null;
        List<NameRef> requires = new ArrayList<>();
        List<NameRef> forbids = new ArrayList<>();
        List<Literal> match = new ArrayList<>();
        Long align = null;
        Set<String> seen = new HashSet<>();
        for (CenParser.DeviceItemContext item : ctx.deviceItem()) {
            String kw = item.kw.getText();
            if (!seen.add(kw)) {
                findings.add(Finding.of(
                        SpecRules.DUPLICATE,
                        loc(item.kw),
                        "'" + kw + "' is given more than once in device '" + n.name() + "'"));
                continue;
            }
            switch (kw) {
                case "dma_bits" -> dmaBits = dmaBits(item.NUMBER().getSymbol());
                case "requires" -> requires.addAll(names(item.nameList()));
                case "forbids" -> forbids.addAll(names(item.nameList()));
                case "align" -> align = alignment(item.NUMBER().getSymbol());
                case "iommu", "protected" -> {}
                case "match" -> item.STRING().forEach(t -> match.add(literal(t.getSymbol())));
                default -> throw new IllegalStateException("grammar and builder disagree on " + kw);
            }
        }
        if (!seen.contains("dma_bits")) {
            findings.add(Finding.of(SpecRules.MISSING, n.loc(), "device '" + n.name() + "' has no 'dma_bits'"));
        }
        return new Device(
                n.name(),
                n.loc(),
                dmaBits == null ? 64 : dmaBits,
                requires,
                forbids,
                align == null ? DEFAULT_ALIGN : align,
                seen.contains("iommu"),
                seen.contains("protected"),
                match);
    }

    private Flow flow(CenParser.FlowDeclContext ctx) {
        NameRef n = name(ctx.name(0));
        NameRef share = name(ctx.name(1));
        List<Actor> actors = new ArrayList<>();
        for (CenParser.ActorDeclContext a : ctx.actorDecl()) {
            NameRef an = name(a.name());
            List<Step> steps = new ArrayList<>();
            for (CenParser.StepDeclContext s : a.stepDecl()) {
                steps.add(step(s));
            }
            actors.add(new Actor(an.name(), an.loc(), steps));
        }
        return new Flow(n.name(), n.loc(), share, actors);
    }

    private Step step(CenParser.StepDeclContext ctx) {
        Optional<NameRef> label = ctx.label == null ? Optional.empty() : Optional.of(name(ctx.label));
        SourceLocation at = loc(ctx.getStart());
        if (ctx.action() instanceof CenParser.DeviceActionContext d) {
            Operation op = Operation.valueOf(d.op.getText().toUpperCase(java.util.Locale.ROOT));
            return new DeviceStep(op, name(d.name()), label, at);
        }
        CenParser.WaitActionContext w = (CenParser.WaitActionContext) ctx.action();
        return new WaitStep(name(w.actor), name(w.target), label, at);
    }

    private List<NameRef> names(CenParser.NameListContext ctx) {
        List<NameRef> out = new ArrayList<>();
        for (CenParser.NameContext n : ctx.name()) {
            out.add(name(n));
        }
        return out;
    }

    private NameRef name(CenParser.NameContext ctx) {
        return new NameRef(ctx.getText(), loc(ctx.getStart()));
    }

    /** A size: decimal digits with an optional K, M or G suffix (powers of 1024). */
    private Long size(Token t, String what) {
        Optional<BigInteger> v = number(t);
        if (v.isEmpty()) {
            return null;
        }
        if (v.get().signum() == 0) {
            findings.add(Finding.of(SpecRules.RANGE, loc(t), what + " must be greater than 0"));
            return null;
        }
        return v.get().longValue();
    }

    private Long alignment(Token t) {
        Long v = size(t, "align");
        if (v != null && Long.bitCount(v) != 1) {
            findings.add(Finding.of(
                    SpecRules.RANGE, loc(t), "align " + Printable.quote(t.getText()) + " is not a power of two"));
            return null;
        }
        return atLeast(
                v, Limits.MIN_ALIGN, t, "align", "allocations are whole 4K pages, so 4K is the smallest alignment");
    }

    private Long atLeast(Long v, long min, Token t, String what, String why) {
        if (v != null && v < min) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    loc(t),
                    what + " " + Printable.quote(t.getText()) + " is less than " + Sizes.format(min) + ": " + why));
            return null;
        }
        return v;
    }

    private Literal literal(Token t) {
        String text = t.getText();
        return new Literal(text.substring(1, text.length() - 1), loc(t));
    }

    private Integer dmaBits(Token t) {
        Optional<BigInteger> v = number(t);
        if (v.isEmpty()) {
            return null;
        }
        if (v.get().compareTo(BigInteger.valueOf(Limits.MIN_DMA_BITS)) < 0
                || v.get().compareTo(BigInteger.valueOf(Limits.MAX_DMA_BITS)) > 0) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    loc(t),
                    "dma_bits " + Printable.quote(t.getText())
                            + " is out of range " + Limits.MIN_DMA_BITS + ".." + Limits.MAX_DMA_BITS
                            + " (a device must address at least one 4K page)"));
            return null;
        }
        return v.get().intValue();
    }

    private Optional<BigInteger> number(Token t) {
        String text = t.getText();
        char last = text.charAt(text.length() - 1);
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        // more than 19 significant digits is at least 10^19 > 2^63: out of range without parsing
        // it (BigInteger's parsing is quadratic in the digits; a 4 MiB number took minutes)
        BigInteger v = digits.length() - first > 19 ? null : new BigInteger(digits.substring(first)).shiftLeft(shift);
        if (v == null || v.compareTo(MAX_SIZE) > 0) {
            findings.add(Finding.of(
                    SpecRules.RANGE,
                    loc(t),
                    "number " + Printable.quote(text) + " does not fit in 63 bits (largest: 8589934591G)"));
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private SourceLocation loc(Token t) {
        return new SourceLocation(file, t.getLine(), t.getCharPositionInLine() + 1);
    }
}
