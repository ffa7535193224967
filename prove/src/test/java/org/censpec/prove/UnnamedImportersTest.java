package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

/**
 * The importers the spec does not name, read from what a proof's guests returned. The fixture is
 * recorded guest output of {@code censpec prove --arch arm64} of region_pool.cen (generated-driver's
 * test spec) on Debian 6.1, virt, 2026-12-07: each boot's whole dmesg.txt and the BEGIN line of its
 * results.txt (resources org/censpec/prove/unnamed/): the test build's four stand-ins, the
 * devicetree test importer's three nodes (one compatible for all three), vgem, and the data boot's
 * two edu engines, each logged once per module load.
 */
class UnnamedImportersTest {
    static final Path SPEC = Path.of("..", "generated-driver", "src", "test", "resources", "specs", "region_pool.cen");
    static final String MAIN = "boot-arm64-6.1-1024M-smp1";
    static final String DATA = "boot-arm64-6.1-data";

    private static Spec spec() throws IOException {
        return new SpecReader()
                .parse(SPEC.toString(), Files.readString(SPEC))
                .spec()
                .orElseThrow();
    }

    private static String resource(String boot, String file) throws IOException {
        try (InputStream in = UnnamedImportersTest.class.getResourceAsStream("unnamed/" + boot + "/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static UnnamedImporters.BootLog recorded(String boot) throws IOException {
        return new UnnamedImporters.BootLog(boot, resource(boot, "results.txt"), resource(boot, "dmesg.txt"));
    }

    @Test
    void everyUnnamedImporterOfTheRecordedBootsGetsItsMatchLine() throws Exception {
        UnnamedImporters u = UnnamedImporters.from(spec(), List.of(recorded(MAIN), recorded(DATA)));
        assertEquals(
                List.of(
                        "0000:00:01.0",
                        "0000:00:02.0",
                        "censpec-soc:importer-windowed-coherent",
                        "censpec-soc:importer-windowed-noncoherent",
                        "importer-noncoherent",
                        "region_pool-@bus1g",
                        "region_pool-@nomask",
                        "region_pool-@raw32",
                        "region_pool-@seg64k",
                        "vgem"),
                u.importers().stream().map(UnnamedImporters.Seen::dev).toList());
        UnnamedImporters.Seen bus1g = u.importers().get(5);
        assertEquals("6.1.0-57-arm64", bus1g.kernel());
        assertEquals(
                "no devicetree node; DMA mask 0xffffffff, no IOMMU, bus offset 0xc0000000, max segment 65536",
                bus1g.view());
        assertEquals(List.of(MAIN), bus1g.boots());
        assertEquals(List.of(DATA), u.importers().get(0).boots());
        List<String> matches =
                u.suggestions().stream().filter(l -> l.startsWith("match ")).toList();
        assertEquals(
                List.of(
                        "match \"0000:00:01.0\";",
                        "match \"0000:00:02.0\";",
                        "match \"censpec-soc:importer-windowed-coherent\";",
                        "match \"censpec-soc:importer-windowed-noncoherent\";",
                        "match \"importer-noncoherent\";",
                        "match \"region_pool-@bus1g\";",
                        "match \"region_pool-@nomask\";",
                        "match \"region_pool-@raw32\";",
                        "match \"region_pool-@seg64k\";",
                        "match \"vgem\";"),
                matches);
        assertTrue(
                u.suggestions()
                        .contains(
                                "//   its compatible censpec,test-importer is shared by 3 recorded devices: matched by"
                                        + " name"),
                String.join("\n", u.suggestions()));
        assertTrue(
                u.suggestions().get(0).contains("kernel 6.1.0-57-arm64"),
                u.suggestions().get(0));
        assertEquals(List.of(), u.notes());
    }

    @Test
    void aDeviceLoggedByEveryModuleLoadAndEveryBootIsOneSighting() throws Exception {
        // the main boot's vgem line again, as a second boot of the same kernel logs it
        UnnamedImporters.BootLog again = new UnnamedImporters.BootLog(
                "boot-arm64-6.1-2048M-smp1",
                resource(MAIN, "results.txt"),
                resource(MAIN, "dmesg.txt") + resource(MAIN, "dmesg.txt"));
        UnnamedImporters u = UnnamedImporters.from(spec(), List.of(recorded(MAIN), again));
        UnnamedImporters.Seen vgem = u.importers().get(u.importers().size() - 1);
        assertEquals("vgem", vgem.dev());
        assertEquals(List.of(MAIN, "boot-arm64-6.1-2048M-smp1"), vgem.boots());
        assertTrue(u.suggestions().contains("match \"vgem\";"));
    }

    @Test
    void nothingIsSuggestedThatCannotBeAttributed() throws Exception {
        // the data boot as another kernel returned it: two kernels, nothing attributable
        UnnamedImporters.BootLog other = new UnnamedImporters.BootLog(
                DATA,
                resource(DATA, "results.txt").replace("6.1.0-57-arm64", "6.12.118+deb12-arm64"),
                resource(DATA, "dmesg.txt"));
        UnnamedImporters twoKernels = UnnamedImporters.from(spec(), List.of(recorded(MAIN), other));
        assertEquals(List.of(), matches(twoKernels));
        assertTrue(twoKernels.suggestions().get(0).contains("recorded under 2 kernels"));
        assertEquals(10, twoKernels.importers().size(), "still listed as seen");

        // one device name with two DMA views: no match for it, the others still get theirs
        String dmesg = resource(MAIN, "dmesg.txt");
        UnnamedImporters.BootLog otherView = new UnnamedImporters.BootLog(
                "boot-arm64-6.1-2048M-smp1",
                resource(MAIN, "results.txt"),
                dmesg.replace("bus offset 0xc0000000", "bus offset 0x80000000"));
        UnnamedImporters twoViews = UnnamedImporters.from(spec(), List.of(recorded(MAIN), otherView));
        assertTrue(twoViews.suggestions()
                .contains("// region_pool-@bus1g: seen with 2 different DMA views (logs of several boards?): no match"
                        + " proposed"));
        assertEquals(7, matches(twoViews).size());
        assertTrue(!matches(twoViews).contains("match \"region_pool-@bus1g\";"));
    }

    @Test
    void linesOfAnotherSpecOrCutShortAreNoImporters() throws Exception {
        String dmesg = resource(MAIN, "dmesg.txt");
        List<String> lines = new ArrayList<>();
        lines.add(dmesg.replace(": region_pool: importer", ": other_spec: importer"));
        lines.add("[    5.5] platform x: region_pool: importer the spec does not name: compatible -, DMA mask 0xffff");
        UnnamedImporters.BootLog log =
                new UnnamedImporters.BootLog(MAIN, resource(MAIN, "results.txt"), String.join("\n", lines));
        UnnamedImporters u = UnnamedImporters.from(spec(), List.of(log));
        assertEquals(List.of(), u.importers());
        assertEquals(List.of("// no importer the spec region_pool does not name was recorded"), u.suggestions());
    }

    @Test
    void aBootWithoutDmesgAndTheRuntimesLimitAreSaid() throws Exception {
        UnnamedImporters.BootLog none = new UnnamedImporters.BootLog(DATA, resource(DATA, "results.txt"), "");
        UnnamedImporters.BootLog full = new UnnamedImporters.BootLog(
                MAIN,
                resource(MAIN, "results.txt"),
                resource(MAIN, "dmesg.txt")
                        + "[   20.000000] region_pool: region_pool: more than 64 importers the spec does not name: the"
                        + " others are not logged\n");
        UnnamedImporters u = UnnamedImporters.from(spec(), List.of(full, none));
        assertEquals(
                List.of(
                        MAIN + ": the runtime logged its maximum of importers: the others are not listed",
                        DATA + ": no dmesg came back: the importers it saw are not known"),
                u.notes());
        assertEquals(8, u.importers().size());
        assertEquals(UnnamedImporters.none(), UnnamedImporters.from(spec(), List.of()));
    }

    private static List<String> matches(UnnamedImporters u) {
        return u.suggestions().stream().filter(l -> l.startsWith("match ")).toList();
    }
}
