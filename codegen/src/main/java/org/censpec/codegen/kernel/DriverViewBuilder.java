package org.censpec.codegen.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.censpec.codegen.emit.CText;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.model.NameRef;
import org.censpec.model.Sizes;
import org.censpec.model.SourceLocation;
import org.censpec.model.check.GeneratedNames;
import org.censpec.model.check.GeneratedNames.Fixed;
import org.censpec.model.check.ReservedNames;
import org.censpec.model.semantics.Acceptance;
import org.censpec.model.semantics.HeapNames;
import org.censpec.model.semantics.Limits;

/**
 * Computes a {@link DriverView} from the plain facts of a spec: the masks, the C names,
 * literals and alignment padding. Masks come from the semantics core
 * ({@link org.censpec.model.semantics.Acceptance}): given explicitly by the mapper from the
 * spec model, or computed by the core from the facts given here. Limits are the core's
 * {@link Limits}; the checker reports a spec beyond them as spec.* errors, so these checks
 * only fire for a builder fed directly.
 */
public final class DriverViewBuilder {

    /** Backends of the generated kernel code. */
    public enum Backend {
        PAGES,
        PAGES_DMA32,
        CONTIGUOUS
    }

    /** Default alignment of allocators and devices. */
    public static final long DEFAULT_ALIGN = Limits.DEFAULT_ALIGN;
    /** At most this many allocators fit a mask. */
    public static final int MAX_ALLOCATORS = Limits.MAX_ALLOCATORS;

    private static final int TAB = 8;
    private static final String CONTIGUOUS = "contiguous";
    private static final Pattern C_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private record Allocator(String name, Backend backend, List<String> provides, long below, long align) {}

    /** {@code mask} is null when the core computes it from these facts. */
    private record Device(
            String name, int dmaBits, List<String> requires, List<String> forbids, long align, Long mask) {}

    private record Share(String name, List<String> members) {}

    /** What the kernel runtime needs of an allocator beyond acceptance. */
    private record AllocatorTraits(Long size, String region, boolean protectedMem) {
        static final AllocatorTraits NONE = new AllocatorTraits(null, null, false);
    }

    /** What the kernel runtime needs of a device beyond acceptance. */
    private record DeviceTraits(boolean iommu, boolean protectedOk, List<String> match) {
        static final DeviceTraits NONE = new DeviceTraits(false, false, List.of());
    }

    private final String specName;
    private final String specFile;
    private final long ram;
    /** Longest prefix whose generated lines still fit the kernel's 100 columns. */
    public static final int MAX_PREFIX_LENGTH = Limits.MAX_SPEC_NAME;

    private String prefix;
    private String version = KernelModuleGenerator.VERSION;
    private final List<String> properties = new ArrayList<>();
    private final List<Allocator> allocators = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<Share> shares = new ArrayList<>();
    private final Map<String, AllocatorTraits> allocatorTraits = new java.util.HashMap<>();
    private final Map<String, DeviceTraits> deviceTraits = new java.util.HashMap<>();
    private final Map<String, Long> shareMaxSizes = new java.util.HashMap<>();
    private final Map<String, List<String>> shareAliases = new java.util.HashMap<>();
    private String heapGroup;
    private Integer heapMode;
    private long ramBase;

    /**
     * @param specName the spec's name; also the default prefix
     * @param specFile the spec file's name, e.g. {@code rpi4_camera.cen}
     * @param ram      end of physical memory in bytes (default {@code below})
     */
    public DriverViewBuilder(String specName, String specFile, long ram) {
        this.specName = Objects.requireNonNull(specName);
        this.specFile = Objects.requireNonNull(specFile);
        this.ram = ram;
        this.prefix = specName;
    }

    public DriverViewBuilder prefix(String p) {
        this.prefix = Objects.requireNonNull(p);
        return this;
    }

    public DriverViewBuilder version(String v) {
        this.version = Objects.requireNonNull(v);
        return this;
    }

    /**
     * {@code ram SIZE at BASE}: RAM spans [BASE, BASE+SIZE); the constructor's {@code ram} is SIZE.
     * Call before {@link #allocator}: an allocator without {@code below} is bounded by BASE+SIZE.
     */
    public DriverViewBuilder ramBase(long base) {
        this.ramBase = base;
        return this;
    }

    /**
     * The kernel runtime's facts of an allocator declared with {@link #allocator}.
     *
     * @param size         capacity in bytes ({@code size SIZE;}), or {@code null}
     * @param region       reserved-memory region ({@code region "NAME";}), or {@code null}
     * @param protectedMem {@code protected;}: the CPU may not access its memory
     */
    public DriverViewBuilder allocatorTraits(String name, Long size, String region, boolean protectedMem) {
        allocatorTraits.put(Objects.requireNonNull(name), new AllocatorTraits(size, region, protectedMem));
        return this;
    }

    /**
     * The kernel runtime's facts of a device declared with {@link #device}.
     *
     * @param iommu       {@code iommu;}
     * @param protectedOk {@code protected;}
     * @param match       its match strings ({@code match "S", ...;}), in the order written
     */
    public DriverViewBuilder deviceTraits(String name, boolean iommu, boolean protectedOk, List<String> match) {
        deviceTraits.put(Objects.requireNonNull(name), new DeviceTraits(iommu, protectedOk, List.copyOf(match)));
        return this;
    }

    /** A share's {@code max_size}: the largest buffer its heap allocates. */
    public DriverViewBuilder shareMaxSize(String share, long maxSize) {
        shareMaxSizes.put(Objects.requireNonNull(share), maxSize);
        return this;
    }

    /** A share's {@code alias} names: further heaps of the share, in the order written. */
    public DriverViewBuilder shareAliases(String share, List<String> aliases) {
        shareAliases.put(Objects.requireNonNull(share), List.copyOf(aliases));
        return this;
    }

    /**
     * {@code heap_access}: the group ({@code null}: none) and mode (0..0777) the module's udev
     * rules give the heap nodes.
     */
    public DriverViewBuilder heapAccess(String group, int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("heap mode " + Integer.toOctalString(mode) + " is not 0..0777");
        }
        this.heapGroup = group;
        this.heapMode = mode;
        return this;
    }

    public DriverViewBuilder property(String name) {
        properties.add(Objects.requireNonNull(name));
        return this;
    }

    /**
     * @param below physical bound in bytes, or {@code null} for {@code ram}
     * @param align alignment in bytes, or {@code null} for 4K
     */
    public DriverViewBuilder allocator(String name, Backend backend, List<String> provides, Long below, Long align) {
        allocators.add(new Allocator(
                Objects.requireNonNull(name),
                Objects.requireNonNull(backend),
                List.copyOf(provides),
                below == null ? ramBase + ram : below,
                align == null ? DEFAULT_ALIGN : align));
        return this;
    }

    /** @param align alignment in bytes, or {@code null} for 4K */
    public DriverViewBuilder device(String name, int dmaBits, List<String> requires, List<String> forbids, Long align) {
        devices.add(new Device(
                Objects.requireNonNull(name),
                dmaBits,
                List.copyOf(requires),
                List.copyOf(forbids),
                align == null ? DEFAULT_ALIGN : align,
                null));
        return this;
    }

    /** A device whose constraint mask the semantics core already computed (bit i = allocator i). */
    public DriverViewBuilder device(
            String name, int dmaBits, List<String> requires, List<String> forbids, long align, long mask) {
        devices.add(new Device(
                Objects.requireNonNull(name), dmaBits, List.copyOf(requires), List.copyOf(forbids), align, mask));
        return this;
    }

    public DriverViewBuilder share(String name, List<String> members) {
        shares.add(new Share(Objects.requireNonNull(name), List.copyOf(members)));
        return this;
    }

    /** Whether device {@code d} accepts allocator {@code a}, by the semantics core. */
    static boolean accepts(Allocator a, Device d) {
        SourceLocation here = new SourceLocation("", 0, 0);
        return Acceptance.accepts(
                new org.censpec.model.Device(
                        d.name(), here, d.dmaBits(), refs(d.requires()), refs(d.forbids()), d.align()),
                new org.censpec.model.Allocator(
                        a.name(),
                        here,
                        0,
                        org.censpec.model.Backend.valueOf(a.backend().name()),
                        refs(a.provides()),
                        a.below(),
                        a.align()));
    }

    /** The spec model's allocator of {@code a} at priority {@code i}, as the naming convention reads it. */
    private org.censpec.model.Allocator modelAllocator(Allocator a, int i) {
        SourceLocation here = new SourceLocation("", 0, 0);
        return new org.censpec.model.Allocator(
                a.name(),
                here,
                i,
                org.censpec.model.Backend.valueOf(a.backend().name()),
                refs(a.provides()),
                a.below(),
                a.align(),
                allocatorTraits.getOrDefault(a.name(), AllocatorTraits.NONE).protectedMem(),
                java.util.Optional.empty(),
                java.util.Optional.empty());
    }

    /** The heap name of {@code share} (null: the generic heap) over {@code mask}, by the naming convention. */
    private String heapName(String share, long mask) {
        List<org.censpec.model.Allocator> backing = new ArrayList<>();
        for (int i = 0; i < allocators.size(); i++) {
            if ((mask >>> i & 1) != 0) {
                backing.add(modelAllocator(allocators.get(i), i));
            }
        }
        return Identifiers.heapName(HeapNames.name(prefix, share, backing));
    }

    private static List<NameRef> refs(List<String> names) {
        return names.stream()
                .map(n -> new NameRef(n, new SourceLocation("", 0, 0)))
                .toList();
    }

    public DriverView build() {
        if (allocators.size() > MAX_ALLOCATORS) {
            throw new IllegalArgumentException("at most " + MAX_ALLOCATORS + " allocators fit a mask");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("prefix " + prefix + " is longer than " + MAX_PREFIX_LENGTH
                    + " characters; generated lines would exceed 100 columns");
        }
        validate();
        List<PropertyView> propertyViews = propertyViews();
        List<AllocatorView> allocatorViews = allocatorViews();
        Map<String, Long> deviceMasks = deviceMasks();
        List<DeviceView> deviceViews = deviceViews(deviceMasks);
        long all = allocators.size() == MAX_ALLOCATORS ? 0xffffffffL : (1L << allocators.size()) - 1;
        Map<String, Long> shareMasks = shareMasks(deviceMasks, all);
        List<ShareView> shareViews = shareViews(shareMasks);
        List<HeapView> heapViews = heapViews(shareMasks, all);

        List<String[]> masks = new ArrayList<>();
        masks.add(new String[] {GeneratedNames.fixed(prefix, Fixed.ALL_ALLOCATORS), maskLiteral(all)});
        deviceViews.forEach(d -> masks.add(new String[] {d.maskMacro(), d.maskHex()}));
        shareViews.forEach(s -> masks.add(new String[] {s.maskMacro(), s.maskHex()}));

        List<String[]> heapNames = new ArrayList<>();
        heapViews.forEach(h -> heapNames.add(new String[] {h.nameMacro(), CText.string(h.heapName())}));
        heapNames.add(new String[] {GeneratedNames.fixed(prefix, Fixed.NR_HEAPS), Integer.toString(heapViews.size())});
        requireDistinct(propertyViews, allocatorViews, deviceViews, shareViews, masks, heapNames);

        return new DriverView(
                prefix,
                upper(prefix),
                specName,
                literals(),
                version,
                KernelModuleGenerator.RUNTIME_VERSION,
                propertyViews,
                allocatorViews,
                deviceViews,
                shareViews,
                heapViews,
                aligned(masks),
                aligned(heapNames),
                ullLiteral(ramBase),
                ullLiteral(ramBase + ram),
                deviceViews.stream().filter(DeviceView::hasMatch).toList(),
                heapViews.stream().filter(HeapView::renamed).toList(),
                heapMode != null,
                heapGroup == null ? "" : heapGroup,
                heapGroup != null,
                String.format("%04o", heapMode == null ? 0600 : heapMode));
    }

    private DriverView.Literals literals() {
        return new DriverView.Literals(
                CText.string(specName),
                CText.string(specFile),
                CText.comment(specFile),
                CText.string(version),
                CText.string(prefix + "_spec.c needs censpec kernel runtime " + KernelModuleGenerator.RUNTIME_VERSION
                        + ": regenerate it"));
    }

    private List<PropertyView> propertyViews() {
        List<PropertyView> views = new ArrayList<>();
        for (int i = 0; i < properties.size(); i++) {
            String p = properties.get(i);
            views.add(new PropertyView(p, GeneratedNames.propertyConst(prefix, p), i == properties.size() - 1));
        }
        return views;
    }

    private List<AllocatorView> allocatorViews() {
        List<AllocatorView> views = new ArrayList<>();
        for (int i = 0; i < allocators.size(); i++) {
            views.add(allocatorView(allocators.get(i), i == allocators.size() - 1));
        }
        return views;
    }

    private AllocatorView allocatorView(Allocator a, boolean last) {
        for (String p : a.provides()) {
            requireDeclared(p, "allocator " + a.name());
        }
        List<String> provided = properties.stream()
                .filter(a.provides()::contains)
                .map(p -> GeneratedNames.propertyConst(prefix, p))
                .toList();
        AllocatorTraits t = allocatorTraits.getOrDefault(a.name(), AllocatorTraits.NONE);
        long size = t.size() == null ? 0 : t.size();
        return new AllocatorView(
                CText.string(a.name()),
                GeneratedNames.allocatorConst(prefix, a.name()),
                "CEN_BACKEND_" + a.backend().name(),
                ullLiteral(a.below()),
                humanSize(a.below()),
                ullLiteral(a.align()),
                humanSize(a.align()),
                provided,
                provided.isEmpty(),
                a.provides().contains(CONTIGUOUS),
                last,
                ullLiteral(size),
                humanSize(size),
                t.size() != null,
                t.region() == null ? "NULL" : CText.string(t.region()),
                t.region() != null,
                t.protectedMem());
    }

    /** Each device's mask: the allocators it accepts, or its explicit {@code mask}. */
    private Map<String, Long> deviceMasks() {
        Map<String, Long> masks = new LinkedHashMap<>();
        for (Device d : devices) {
            d.requires().forEach(p -> requireDeclared(p, "device " + d.name()));
            d.forbids().forEach(p -> requireDeclared(p, "device " + d.name()));
            long mask = 0;
            for (int b = 0; b < allocators.size(); b++) {
                if (accepts(allocators.get(b), d)) {
                    mask |= 1L << b;
                }
            }
            masks.put(d.name(), d.mask() != null ? d.mask() : mask);
        }
        return masks;
    }

    private List<DeviceView> deviceViews(Map<String, Long> deviceMasks) {
        List<DeviceView> views = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            DeviceTraits t = deviceTraits.getOrDefault(d.name(), DeviceTraits.NONE);
            views.add(new DeviceView(
                    CText.string(d.name()),
                    GeneratedNames.deviceConst(prefix, d.name()),
                    Integer.toString(d.dmaBits()),
                    ullLiteral(d.align()),
                    humanSize(d.align()),
                    GeneratedNames.deviceMask(prefix, d.name()),
                    maskLiteral(deviceMasks.get(d.name())),
                    i == devices.size() - 1,
                    t.iommu(),
                    t.protectedOk(),
                    t.match().stream().map(CText::string).toList(),
                    !t.match().isEmpty(),
                    GeneratedNames.matchArray(d.name())));
        }
        return views;
    }

    /** Each share's mask: the intersection of its members' masks within {@code all}. */
    private Map<String, Long> shareMasks(Map<String, Long> deviceMasks, long all) {
        Map<String, Long> masks = new LinkedHashMap<>();
        for (Share s : shares) {
            long mask = all;
            for (String m : s.members()) {
                Long dm = deviceMasks.get(m);
                if (dm == null) {
                    throw new IllegalArgumentException("share " + s.name() + ": undefined device " + m);
                }
                mask &= dm;
            }
            masks.put(s.name(), mask);
        }
        return masks;
    }

    private List<ShareView> shareViews(Map<String, Long> shareMasks) {
        List<ShareView> views = new ArrayList<>();
        for (int i = 0; i < shares.size(); i++) {
            Share s = shares.get(i);
            views.add(new ShareView(
                    s.name(),
                    GeneratedNames.shareConst(prefix, s.name()),
                    s.members(),
                    GeneratedNames.shareMask(prefix, s.name()),
                    maskLiteral(shareMasks.get(s.name())),
                    i == shares.size() - 1));
        }
        return views;
    }

    /** The generic heap over every allocator, one heap per share, then the aliases; the last marked. */
    private List<HeapView> heapViews(Map<String, Long> shareMasks, long all) {
        String maxLen = GeneratedNames.fixed(prefix, Fixed.MAX_LEN);
        List<HeapView> views = new ArrayList<>();
        views.add(heap(
                specName,
                heapName(null, all),
                GeneratedNames.fixed(prefix, Fixed.HEAP_NAME),
                GeneratedNames.fixed(prefix, Fixed.ALL_ALLOCATORS),
                true,
                maxLen,
                HeapNames.former(prefix, null)));
        for (Map.Entry<String, Long> s : shareMasks.entrySet()) {
            String share = s.getKey();
            Long shareMax = shareMaxSizes.get(share);
            views.add(heap(
                    share,
                    heapName(share, s.getValue()),
                    GeneratedNames.shareHeapMacro(prefix, share),
                    GeneratedNames.shareMask(prefix, share),
                    false,
                    shareMax == null ? maxLen : ullLiteral(shareMax),
                    HeapNames.former(prefix, share)));
        }
        views.addAll(aliasHeaps(maxLen));
        return lastMarked(views);
    }

    private static HeapView heap(
            String label,
            String name,
            String nameMacro,
            String maskMacro,
            boolean generic,
            String maxLen,
            String former) {
        return new HeapView(
                CText.string(label),
                name,
                nameMacro,
                maskMacro,
                generic,
                false,
                maxLen,
                former,
                !former.equals(name),
                false);
    }

    /** The shares' aliases, share by share in declaration order: heaps with the share's mask and length. */
    private List<HeapView> aliasHeaps(String maxLen) {
        List<HeapView> out = new ArrayList<>();
        for (Share s : shares) {
            List<String> names = shareAliases.getOrDefault(s.name(), List.of());
            for (int k = 0; k < names.size(); k++) {
                Long shareMax = shareMaxSizes.get(s.name());
                out.add(new HeapView(
                        CText.string(s.name()),
                        Identifiers.heapName(names.get(k)),
                        GeneratedNames.shareAliasHeapMacro(prefix, s.name(), k + 1),
                        GeneratedNames.shareMask(prefix, s.name()),
                        false,
                        false,
                        shareMax == null ? maxLen : ullLiteral(shareMax),
                        "",
                        false,
                        true));
            }
        }
        return out;
    }

    /** The same heaps, the last one marked. */
    private static List<HeapView> lastMarked(List<HeapView> heaps) {
        List<HeapView> out = new ArrayList<>();
        for (int i = 0; i < heaps.size(); i++) {
            HeapView h = heaps.get(i);
            out.add(new HeapView(
                    h.labelLiteral(),
                    h.heapName(),
                    h.nameMacro(),
                    h.maskMacro(),
                    h.generic(),
                    i == heaps.size() - 1,
                    h.maxLenExpr(),
                    h.formerName(),
                    h.renamed(),
                    h.alias()));
        }
        return out;
    }

    /**
     * Every name the module defines is defined once (the checker reports a spec whose names
     * would collide as spec.invalid-name first; see GeneratedNames).
     */
    private static void requireDistinct(
            List<PropertyView> properties,
            List<AllocatorView> allocators,
            List<DeviceView> devices,
            List<ShareView> shares,
            List<String[]> masks,
            List<String[]> heapNames) {
        List<String> names = new ArrayList<>();
        properties.forEach(p -> names.add(p.constName()));
        allocators.forEach(a -> names.add(a.constName()));
        devices.forEach(d -> names.add(d.constName()));
        shares.forEach(s -> names.add(s.constName()));
        masks.forEach(m -> names.add(m[0]));
        heapNames.forEach(h -> names.add(h[0]));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("two generated C names are both " + n);
            }
        }
    }

    /*
     * The spec checker reports these as spec.* errors first; the builder checks them
     * again because the generated C would otherwise be wrong, not just unusual.
     */
    private void validate() {
        requireName(specName, "spec");
        requireName(prefix, "prefix");
        if (ReservedNames.collidesWithRuntime(prefix)) {
            throw new IllegalArgumentException("prefix " + prefix + " collides with the kernel runtime's cen_ names");
        }
        properties.forEach(p -> requireName(p, "property"));
        for (Allocator a : allocators) {
            requireName(a.name(), "allocator");
            if (a.below() == 0 || Long.compareUnsigned(a.below(), Limits.MIN_BELOW) < 0) {
                throw new IllegalArgumentException("allocator " + a.name() + ": below must be at least 4K");
            }
            requireAlign(a.align(), "allocator " + a.name());
        }
        for (Device d : devices) {
            requireName(d.name(), "device");
            if (d.dmaBits() < Limits.MIN_DMA_BITS || d.dmaBits() > Limits.MAX_DMA_BITS) {
                throw new IllegalArgumentException("device " + d.name() + ": dma_bits must be " + Limits.MIN_DMA_BITS
                        + ".." + Limits.MAX_DMA_BITS);
            }
            requireAlign(d.align(), "device " + d.name());
        }
        shares.forEach(s -> requireName(s.name(), "share"));
        requireDistinct(properties, "property");
        requireDistinct(allocators.stream().map(Allocator::name).toList(), "allocator");
        requireDistinct(devices.stream().map(Device::name).toList(), "device");
        requireDistinct(shares.stream().map(Share::name).toList(), "share");
    }

    /* C constants are upper case: names differing only in case would collide. */
    private static void requireDistinct(List<String> names, String what) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(upper(n))) {
                throw new IllegalArgumentException(what + " names collide in C: " + n);
            }
        }
    }

    private static void requireName(String name, String what) {
        if (!C_NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException(what + " name is not a C identifier: " + name);
        }
    }

    private static void requireAlign(long align, String where) {
        if (Long.bitCount(align) != 1 || Long.compareUnsigned(align, Limits.MIN_ALIGN) < 0) {
            throw new IllegalArgumentException(where + ": align must be a power of two of at least 4K");
        }
    }

    private void requireDeclared(String property, String where) {
        if (!properties.contains(property)) {
            throw new IllegalArgumentException(where + ": undefined property " + property);
        }
    }

    static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    /** Unsigned 64-bit C literal, e.g. {@code 0x40000000ULL}. */
    static String ullLiteral(long v) {
        return "0x" + Long.toHexString(v) + "ULL";
    }

    /** Unsigned 32-bit mask literal, e.g. {@code 0x3U}. */
    static String maskLiteral(long mask) {
        return "0x" + Long.toHexString(mask & 0xffffffffL) + "U";
    }

    /** Size with the largest exact K/M/G suffix, e.g. {@code 1G}, {@code 4K}, {@code 1536}. */
    static String humanSize(long v) {
        return Sizes.format(v);
    }

    /**
     * {@code #define}s whose values start in one column: the first tab stop after the
     * longest {@code #define NAME} of the block.
     */
    static List<DefineView> aligned(List<String[]> nameValues) {
        int longest = 0;
        for (String[] nv : nameValues) {
            longest = Math.max(longest, ("#define " + nv[0]).length());
        }
        int column = (longest / TAB + 1) * TAB;
        List<DefineView> out = new ArrayList<>();
        for (String[] nv : nameValues) {
            int len = ("#define " + nv[0]).length();
            out.add(new DefineView(nv[0], "\t".repeat(column / TAB - len / TAB), nv[1]));
        }
        return out;
    }
}
