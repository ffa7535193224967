package org.censpec.codegen.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.censpec.codegen.emit.TemplateException;
import org.censpec.codegen.emit.Templates;
import org.censpec.codegen.kernel.DriverViewBuilder.Backend;
import org.junit.jupiter.api.Test;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STGroup;
import org.stringtemplate.v4.STGroupString;

class KernelModuleGeneratorTest {

    private static final String GOLDEN = "generated-driver/rpi4_camera/kernel/";

    /** The rpi4_camera example of docs/language.md, as a view written out by hand. */
    static DriverView rpi4CameraByHand() {
        String up = "RPI4_CAMERA";
        List<PropertyView> properties = List.of(
                new PropertyView("contiguous", up + "_PROP_CONTIGUOUS", false),
                new PropertyView("cached", up + "_PROP_CACHED", false),
                new PropertyView("secure", up + "_PROP_SECURE", true));
        List<AllocatorView> allocators = List.of(
                new AllocatorView(
                        "\"cma_low\"",
                        up + "_ALLOC_CMA_LOW",
                        "CEN_BACKEND_CONTIGUOUS",
                        "0x40000000ULL",
                        "1G",
                        "0x100000ULL",
                        "1M",
                        List.of(up + "_PROP_CONTIGUOUS", up + "_PROP_CACHED"),
                        false,
                        true,
                        false,
                        "0x0ULL",
                        "0",
                        false,
                        "NULL",
                        false,
                        false),
                new AllocatorView(
                        "\"dma32\"",
                        up + "_ALLOC_DMA32",
                        "CEN_BACKEND_PAGES_DMA32",
                        "0x100000000ULL",
                        "4G",
                        "0x1000ULL",
                        "4K",
                        List.of(up + "_PROP_CACHED"),
                        false,
                        false,
                        false,
                        "0x0ULL",
                        "0",
                        false,
                        "NULL",
                        false,
                        false),
                new AllocatorView(
                        "\"system\"",
                        up + "_ALLOC_SYSTEM",
                        "CEN_BACKEND_PAGES",
                        "0x200000000ULL",
                        "8G",
                        "0x1000ULL",
                        "4K",
                        List.of(up + "_PROP_CACHED"),
                        false,
                        false,
                        true,
                        "0x0ULL",
                        "0",
                        false,
                        "NULL",
                        false,
                        false));
        List<DeviceView> devices = List.of(
                new DeviceView(
                        "\"unicam\"",
                        up + "_DEV_UNICAM",
                        "30",
                        "0x1000ULL",
                        "4K",
                        up + "_DEV_UNICAM_MASK",
                        "0x1U",
                        false,
                        false,
                        false,
                        List.of("\"brcm,bcm2835-unicam\""),
                        true,
                        "cen_match_unicam"),
                new DeviceView(
                        "\"hvs\"",
                        up + "_DEV_HVS",
                        "30",
                        "0x1000ULL",
                        "4K",
                        up + "_DEV_HVS_MASK",
                        "0x1U",
                        false,
                        false,
                        false,
                        List.of("\"brcm,bcm2711-hvs\""),
                        true,
                        "cen_match_hvs"),
                new DeviceView(
                        "\"v3d\"",
                        up + "_DEV_V3D",
                        "32",
                        "0x1000ULL",
                        "4K",
                        up + "_DEV_V3D_MASK",
                        "0x3U",
                        false,
                        false,
                        false,
                        List.of("\"brcm,2711-v3d\""),
                        true,
                        "cen_match_v3d"),
                new DeviceView(
                        "\"hevc\"",
                        up + "_DEV_HEVC",
                        "32",
                        "0x1000ULL",
                        "4K",
                        up + "_DEV_HEVC_MASK",
                        "0x1U",
                        true,
                        false,
                        false,
                        List.of(),
                        false,
                        "cen_match_hevc"));
        List<ShareView> shares = List.of(
                new ShareView(
                        "preview",
                        up + "_SHARE_PREVIEW",
                        List.of("unicam", "v3d", "hvs"),
                        up + "_SHARE_PREVIEW_MASK",
                        "0x1U",
                        false),
                new ShareView(
                        "decode",
                        up + "_SHARE_DECODE",
                        List.of("hevc", "hvs"),
                        up + "_SHARE_DECODE_MASK",
                        "0x1U",
                        true));
        List<HeapView> heaps = List.of(
                new HeapView(
                        "\"rpi4_camera\"",
                        "rpi4_camera",
                        up + "_HEAP_NAME",
                        up + "_ALL_ALLOCATORS",
                        true,
                        false,
                        up + "_MAX_LEN",
                        "rpi4_camera",
                        false,
                        false),
                new HeapView(
                        "\"preview\"",
                        "rpi4_camera-preview-contiguous",
                        up + "_HEAP_PREVIEW_NAME",
                        up + "_SHARE_PREVIEW_MASK",
                        false,
                        false,
                        up + "_MAX_LEN",
                        "rpi4_camera-preview",
                        true,
                        false),
                new HeapView(
                        "\"decode\"",
                        "rpi4_camera-decode-contiguous",
                        up + "_HEAP_DECODE_NAME",
                        up + "_SHARE_DECODE_MASK",
                        false,
                        true,
                        up + "_MAX_LEN",
                        "rpi4_camera-decode",
                        true,
                        false));
        List<DefineView> maskDefines = List.of(
                new DefineView(up + "_ALL_ALLOCATORS", "\t", "0x7U"),
                new DefineView(up + "_DEV_UNICAM_MASK", "\t", "0x1U"),
                new DefineView(up + "_DEV_HVS_MASK", "\t", "0x1U"),
                new DefineView(up + "_DEV_V3D_MASK", "\t", "0x3U"),
                new DefineView(up + "_DEV_HEVC_MASK", "\t", "0x1U"),
                new DefineView(up + "_SHARE_PREVIEW_MASK", "\t", "0x1U"),
                new DefineView(up + "_SHARE_DECODE_MASK", "\t", "0x1U"));
        List<DefineView> heapDefines = List.of(
                new DefineView(up + "_HEAP_NAME", "\t\t", "\"rpi4_camera\""),
                new DefineView(up + "_HEAP_PREVIEW_NAME", "\t", "\"rpi4_camera-preview-contiguous\""),
                new DefineView(up + "_HEAP_DECODE_NAME", "\t", "\"rpi4_camera-decode-contiguous\""),
                new DefineView(up + "_NR_HEAPS", "\t\t", "3"));
        DriverView.Literals literals = new DriverView.Literals(
                "\"rpi4_camera\"",
                "\"rpi4_camera.cen\"",
                "rpi4_camera.cen",
                "\"0.1.0\"",
                "\"rpi4_camera_spec.c needs censpec kernel runtime " + KernelModuleGenerator.RUNTIME_VERSION
                        + ": regenerate it\"");
        return new DriverView(
                "rpi4_camera",
                up,
                "rpi4_camera",
                literals,
                "0.1.0",
                KernelModuleGenerator.RUNTIME_VERSION,
                properties,
                allocators,
                devices,
                shares,
                heaps,
                maskDefines,
                heapDefines,
                "0x0ULL",
                "0x200000000ULL",
                devices.stream().filter(DeviceView::hasMatch).toList(),
                heaps.subList(1, 3),
                false,
                "",
                false,
                "0600");
    }

    /** The same spec through the builder, as the spec-model mapper will use it. */
    static DriverView rpi4CameraBuilt() {
        long k = 1024, m = k * k, g = m * k;
        return new DriverViewBuilder("rpi4_camera", "rpi4_camera.cen", 8 * g)
                .property("contiguous")
                .property("cached")
                .property("secure")
                .allocator("cma_low", Backend.CONTIGUOUS, List.of("contiguous", "cached"), g, m)
                .allocator("dma32", Backend.PAGES_DMA32, List.of("cached"), 4 * g, null)
                .allocator("system", Backend.PAGES, List.of("cached"), null, null)
                .device("unicam", 30, List.of("contiguous"), List.of(), null)
                .deviceTraits("unicam", false, false, List.of("brcm,bcm2835-unicam"))
                .device("hvs", 30, List.of("contiguous"), List.of(), 4 * k)
                .deviceTraits("hvs", false, false, List.of("brcm,bcm2711-hvs"))
                .device("v3d", 32, List.of(), List.of(), null)
                .deviceTraits("v3d", false, false, List.of("brcm,2711-v3d"))
                .device("hevc", 32, List.of("contiguous"), List.of("secure"), null)
                .share("preview", List.of("unicam", "v3d", "hvs"))
                .share("decode", List.of("hevc", "hvs"))
                .build();
    }

    /**
     * The golden files: the rpi4_camera module's tables committed under generated-driver/ (it
     * began as the hand-written reference the templates were made from, and the kernel tests
     * build, lint and boot exactly these files, with the runtime of kernel-runtime/).
     */
    private static Path goldenDir() throws URISyntaxException {
        Path dir = Paths.get("..", GOLDEN);
        assertTrue(Files.isDirectory(dir), "golden files in " + dir);
        return dir;
    }

    @Test
    void rendersTheHandWrittenReferenceModule() throws Exception {
        SortedMap<String, String> files = new KernelModuleGenerator().generate(rpi4CameraByHand());
        writeTo(Paths.get("target", "generated-kernel", "rpi4_camera"), files);
        Path dir = goldenDir();
        List<String> golden;
        try (Stream<Path> walk = Files.walk(dir)) {
            golden = walk.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<String> tables = files.keySet().stream()
                .filter(p -> !KernelModuleGenerator.RUNTIME.contains(p))
                .toList();
        assertEquals(golden, tables, "generated file set, the runtime aside (committed once, in kernel-runtime/)");
        for (String path : golden) {
            String expected = Files.readString(dir.resolve(path), StandardCharsets.UTF_8);
            assertEquals(expected, files.get(path), "content of " + path);
        }
    }

    @Test
    void builderComputesTheHandWrittenView() {
        assertEquals(rpi4CameraByHand(), rpi4CameraBuilt());
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        Map<String, String> first = new KernelModuleGenerator().generate(rpi4CameraBuilt());
        Map<String, String> second = new KernelModuleGenerator().generate(rpi4CameraBuilt());
        assertEquals(first.keySet(), second.keySet());
        for (String path : first.keySet()) {
            assertArrayEquals(
                    first.get(path).getBytes(StandardCharsets.UTF_8),
                    second.get(path).getBytes(StandardCharsets.UTF_8),
                    path);
        }
    }

    @Test
    void outputHasNoTimestampsCarriageReturnsOrTemplateLeftovers() {
        for (Map.Entry<String, String> e :
                new KernelModuleGenerator().generate(rpi4CameraBuilt()).entrySet()) {
            String text = e.getValue();
            assertFalse(text.contains("\r"), e.getKey());
            assertFalse(text.contains("<d.") || text.contains("\\<"), e.getKey());
            assertFalse(text.matches("(?s).*\\b20\\d\\d-\\d\\d-\\d\\d.*"), e.getKey());
            assertTrue(text.endsWith("\n") && !text.endsWith("\n\n"), e.getKey() + " ends with one newline");
            if (KernelModuleGenerator.RUNTIME.contains(e.getKey())) {
                assertEquals(
                        KernelModuleGenerator.runtimeFile(e.getKey()), text, e.getKey() + " is the runtime, unchanged");
                assertFalse(
                        text.contains("rpi4_camera") || text.contains("RPI4_CAMERA"),
                        e.getKey() + " is board-independent");
            } else if (e.getKey().equals(KernelModuleGenerator.RECORD_SCRIPT)) {
                assertTrue(
                        text.startsWith("#!/bin/sh\n") && text.contains("\nspec=rpi4_camera\n"),
                        "the recorder names its spec and nothing else is generated");
            } else {
                assertTrue(text.contains("generated by censpec 0.1.0"), e.getKey());
            }
        }
    }

    /** The kernel runtime's traits of the language additions reach the board's tables. */
    @Test
    void tablesCarryMatchStringsIommuProtectedRegionSizeAndMaxSize() {
        long m = 1L << 20, g = 1L << 30;
        DriverView v = new DriverViewBuilder("brd", "brd.cen", 6 * g)
                .ramBase(g)
                .property("contiguous")
                .allocator("cam_pool", Backend.CONTIGUOUS, List.of("contiguous"), 4 * g, null)
                .allocator("sys", Backend.PAGES, List.of(), null, null)
                .allocatorTraits("cam_pool", 256 * m, "camera-pool", false)
                .allocatorTraits("sys", null, null, true)
                .device("hvs", 32, List.of(), List.of(), null)
                .deviceTraits("hvs", true, true, List.of("brcm,bcm2711-hvs", "fe400000.hvs"))
                .share("scan", List.of("hvs"))
                .shareMaxSize("scan", 64 * m)
                .build();
        String t = new KernelModuleGenerator().generate(v).get("brd_spec.c");
        assertTrue(
                t.contains("32);\n\nstatic const char * const cen_match_hvs[] = {\n\t\"brcm,bcm2711-hvs\",\n"
                        + "\t\"fe400000.hvs\",\n\tNULL,\n};\n\nstatic const struct cen_allocator_desc"),
                t);
        assertTrue(t.contains("\t\t.iommu = true,\n\t\t.protected_ok = true,\n\t\t.match = cen_match_hvs,\n"), t);
        assertTrue(t.contains("\t\t.size = 0x10000000ULL, /* 256M */\n\t\t.region = \"camera-pool\",\n"), t);
        assertTrue(t.contains("\t\t.protected_mem = true,\n"), t);
        assertTrue(t.contains("\t\t.max_len = 0x4000000ULL,\n"), t);
        assertTrue(t.contains("\t.ram_base = 0x40000000ULL,\n\t.ram_end = 0x1c0000000ULL,\n"), t);
        // an allocator without below ends where RAM does: base + size
        assertTrue(t.contains("\t\t.below = 0x1c0000000ULL, /* 7G */\n"), t);
    }

    /** Aliases are heaps of their share, protected suffixes, and the udev rules' group, mode and links. */
    @Test
    void aliasesSuffixesAndUdevRules() {
        long g = 1L << 30;
        DriverView v = new DriverViewBuilder("brd", "brd.cen", g)
                .property("secure")
                .allocator("tee", Backend.CONTIGUOUS, List.of("secure"), null, null)
                .allocator("sys", Backend.PAGES, List.of(), null, null)
                .allocatorTraits("tee", null, null, true)
                .device("vpu", 32, List.of("secure"), List.of(), null)
                .deviceTraits("vpu", false, true, List.of())
                .device("gpu", 64, List.of(), List.of(), null)
                .share("video", List.of("vpu"))
                .share("scan", List.of("gpu"))
                .shareMaxSize("scan", 1L << 20)
                .shareAliases("scan", List.of("linux,cma", "reserved"))
                .heapAccess("video", 0660)
                .build();
        var files = new KernelModuleGenerator().generate(v);
        String uapi = files.get("uapi/brd.h");
        assertTrue(uapi.contains("#define BRD_HEAP_VIDEO_NAME\t\t\"brd-video-contiguous-protected\"\n"), uapi);
        assertTrue(uapi.contains("#define BRD_HEAP_SCAN_ALIAS1_NAME\t\"linux,cma\"\n"), uapi);
        assertTrue(uapi.contains("#define BRD_NR_HEAPS\t\t\t5\n"), uapi);
        String t = files.get("brd_spec.c");
        assertTrue(
                t.contains("\t\t.label = \"scan\",\n\t\t.name = BRD_HEAP_SCAN_ALIAS2_NAME,\n"
                        + "\t\t.initial_mask = BRD_SHARE_SCAN_MASK,\n\t\t.max_len = 0x100000ULL,\n"),
                t);
        String rules = files.get("70-brd-dma-heap.rules");
        assertTrue(
                rules.contains(
                        "\nSUBSYSTEM==\"dma_heap|misc\", KERNEL==\"linux,cma\", GROUP=\"video\", MODE=\"0660\"\n"),
                rules);
        assertTrue(
                rules.contains("\nSUBSYSTEM==\"dma_heap|misc\", KERNEL==\"brd-video-contiguous-protected\", "
                        + "SYMLINK+=\"dma_heap/brd-video\"\n"),
                rules);
        assertEquals(1, rules.split("SYMLINK").length - 1, "only the renamed heap gets a link");
        assertEquals(5, rules.split("GROUP=").length - 1, "every heap, aliases too, gets the group");
    }

    @Test
    void aPrefixThatCollidesWithTheRuntimeIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new DriverViewBuilder("cen_core", "x.cen", 1L << 30).build());
        assertThrows(IllegalArgumentException.class, () -> new DriverViewBuilder("cen", "x.cen", 1L << 30).build());
    }

    @Test
    void masksFollowTheAcceptsRule() {
        DriverView v = rpi4CameraBuilt();
        assertEquals(
                List.of("0x1U", "0x1U", "0x3U", "0x1U"),
                v.devices().stream().map(DeviceView::maskHex).toList());
        assertEquals(
                List.of("0x1U", "0x1U"),
                v.shares().stream().map(ShareView::maskHex).toList());

        long g = 1L << 30;
        DriverView w = new DriverViewBuilder("w", "w.cen", 16 * g)
                .property("contiguous")
                .property("secure")
                .allocator("big_align", Backend.CONTIGUOUS, List.of("contiguous"), g, 2L << 20)
                .allocator("sec", Backend.PAGES, List.of("secure"), 4 * g, null)
                .allocator("high", Backend.PAGES, List.of(), null, null)
                .device("wide", 64, List.of(), List.of("secure"), null)
                .device("aligned", 32, List.of(), List.of(), 1L << 20)
                .device("any", 34, List.of(), List.of(), null)
                .share("all", List.of("wide", "aligned", "any"))
                .build();
        assertEquals(
                List.of("0x5U", "0x1U", "0x7U"),
                w.devices().stream().map(DeviceView::maskHex).toList());
        assertEquals("0x1U", w.shares().get(0).maskHex());
        assertEquals("0", w.allocators().get(2).provides().isEmpty() ? "0" : "x");
        assertTrue(w.allocators().get(2).providesNothing());
        assertEquals("16G", w.allocators().get(2).belowHuman());
        assertEquals("0x400000000ULL", w.allocators().get(2).belowLiteral());
    }

    @Test
    void rejectsWhatTheGeneratedCodeCannotHold() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("a_very_long_spec_name_x", "x.cen", 1L << 30).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .share("p", List.of("nodev"))
                        .build());
        assertThrows(IllegalArgumentException.class, () -> new KernelModuleGenerator().generate(null));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .property("bad\"name")
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .allocator("a", Backend.PAGES, List.of(), null, 3000L)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .device("d", 65, List.of(), List.of(), null)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .device("cam", 32, List.of(), List.of(), null)
                        .device("CAM", 32, List.of(), List.of(), null)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> new DriverViewBuilder("s", "s.cen", 1L << 30)
                        .property("p")
                        .allocator("a", Backend.PAGES, List.of("q"), null, null)
                        .build());
    }

    @Test
    void templateErrorsFailLoudly() {
        STGroup group = Templates.configure(new STGroupString("t", "t(d) ::= \"<d.noSuchField>\"", '<', '>'));
        ST st = group.getInstanceOf("t");
        st.add("d", new DefineView("N", "\t", "1"));
        assertThrows(TemplateException.class, st::render);

        STGroup broken = Templates.configure(new STGroupString("b", "b(d) ::= << <d.x >>", '<', '>'));
        assertThrows(TemplateException.class, () -> broken.getInstanceOf("b"));
    }

    /**
     * A second spec whose masks make every refusal reachable from the test build:
     * gpu and cam share no allocator (-EINVAL), a buffer backed for dsp by lowc
     * refuses gpu (-EBUSY), each backend gets chosen by some device, and dma32
     * (scattered pages) promises a 64K start alignment.
     */
    static DriverView refuse() {
        long k = 1024, m = k * k, g = m * k;
        return new DriverViewBuilder("refuse", "refuse.cen", 8 * g)
                .property("contiguous")
                .property("cached")
                .property("secure")
                .allocator("lowc", Backend.CONTIGUOUS, List.of("contiguous"), 256 * m, 64 * k)
                .allocator("dma32", Backend.PAGES_DMA32, List.of("cached"), 4 * g, 64 * k)
                .allocator("sys", Backend.PAGES, List.of(), null, null)
                .device("cam", 30, List.of("contiguous"), List.of(), null)
                .device("gpu", 32, List.of("cached"), List.of(), null)
                .device("nic", 40, List.of(), List.of("contiguous", "cached"), null)
                .device("dsp", 32, List.of(), List.of("secure"), null)
                .share("capture", List.of("cam", "dsp"))
                .share("render", List.of("gpu", "dsp"))
                .build();
    }

    @Test
    void rendersASecondSpec() throws IOException {
        DriverView v = refuse();
        assertEquals(
                List.of("0x1U", "0x2U", "0x4U", "0x3U"),
                v.devices().stream().map(DeviceView::maskHex).toList());
        assertEquals(
                List.of("0x1U", "0x2U"),
                v.shares().stream().map(ShareView::maskHex).toList());
        SortedMap<String, String> files = new KernelModuleGenerator().generate(v);
        writeTo(Paths.get("target", "generated-kernel", "refuse"), files);
        String tables = files.get("refuse_spec.c");
        assertTrue(
                tables.contains(
                        "[REFUSE_ALLOC_SYS] = {\n\t\t.name = \"sys\",\n\t\t.backend = CEN_BACKEND_PAGES,\n"
                                + "\t\t.below = 0x200000000ULL, /* 8G */\n\t\t.align = 0x1000ULL, /* 4K */\n\t\t.provides = 0,\n"),
                tables);
        assertTrue(files.get("refuse.h").contains("#define REFUSE_SHARE_RENDER_MASK\t0x2U\n"));
    }

    @Test
    void templatesHoldNothingOfTheExampleSpec() throws IOException {
        List<String> groups = KernelModuleGenerator.templateGroups();
        assertEquals(5, groups.size());
        for (String group : groups) {
            String text;
            try (var in = KernelModuleGeneratorTest.class.getClassLoader().getResourceAsStream(group)) {
                assertTrue(in != null, group);
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String specific : List.of(
                    "rpi4_camera",
                    "RPI4_CAMERA",
                    "cma_low",
                    "dma32",
                    "unicam",
                    "hvs",
                    "v3d",
                    "hevc",
                    "preview",
                    "decode",
                    "0x7U",
                    "0x3U",
                    "1G",
                    "4G",
                    "8G")) {
                assertFalse(
                        java.util.regex.Pattern.compile("\\b" + specific + "\\b")
                                .matcher(text)
                                .find(),
                        group + " mentions " + specific);
            }
        }
    }

    private static Path goldenFile(String path) {
        try {
            return goldenDir().resolve(path);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The smallest spec: no shares, one property nobody provides or needs. */
    static DriverView board() {
        return new DriverViewBuilder("board", "board.cen", 1L << 32)
                .property("contiguous")
                .allocator("low", Backend.PAGES_DMA32, List.of(), null, null)
                .device("dev", 32, List.of(), List.of(), null)
                .build();
    }

    @Test
    void generatedFileNamesFollowThePrefix() {
        DriverView v = board();
        TreeSet<String> expected = new TreeSet<>(List.of(
                "Kbuild",
                "Makefile",
                "board.h",
                "board_spec.c",
                "uapi/board.h",
                "censpec-record",
                "70-board-dma-heap.rules"));
        expected.addAll(KernelModuleGenerator.RUNTIME);
        assertEquals(expected, new KernelModuleGenerator().generate(v).keySet());
        assertTrue(
                KernelModuleGenerator.RUNTIME.stream().allMatch(n -> n.startsWith("cen_")),
                "the runtime's files carry its fixed prefix: " + KernelModuleGenerator.RUNTIME);
    }

    /** Leaves the rendered module under target/ so that a failure can be diffed and built by hand. */
    static void writeTo(Path dir, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
