package org.censpec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code censpec import-dt} on 15 real devicetrees of 12 SoCs (the 6.1 blobs recompiled from
 * Debian's linux-source-6.1, the 6.12 ones as Debian's linux-image-6.12.118+deb12-arm64 ships
 * them; src/test/resources/dt/README.md), each against a hand-checked table of the devices its
 * spec must have: what attaches dma-bufs, its match, the nodes it stands for, and the importers
 * the board disables (commented out). Every spec passes check, is fmt-clean and has a CMA
 * allocator.
 */
class DtCorpusTest {
    /** One expected spec device: its match string and the nodes it stands for. */
    record Dev(String name, String match, List<String> standsFor) {}

    /** One board: blob, SoC, --ram, the active devices and the commented-out (disabled) ones. */
    record Board(String dtb, String soc, String ram, List<Dev> on, List<String> off) {
        Board on(String name, String match, String... standsFor) {
            List<Dev> more = new ArrayList<>(on);
            more.add(new Dev(name, match, List.of(standsFor)));
            return new Board(dtb, soc, ram, more, off);
        }

        Board off(String... names) {
            List<String> more = new ArrayList<>(off);
            more.addAll(List.of(names));
            return new Board(dtb, soc, ram, on, more);
        }

        @Override
        public String toString() {
            return dtb;
        }
    }

    private static Board board(String dtb, String soc, String ram) {
        return new Board(dtb, soc, ram, List.of(), List.of());
    }

    /** The hand-checked table (each row checked against dtc -I dtb -O dts and the drivers' import paths). */
    static List<Board> boards() {
        return List.of(
                board("6.12/rk3588-rock-5b.dtb", "RK3588", "16G")
                        .on("display_subsystem", "rockchip,display-subsystem", "/vop@fdd90000")
                        .on("gpu", "rockchip,rk3588-mali")
                        .on("video_codec_fdb50000", "rockchip,rk3588-vpu121")
                        .on("rga", "rockchip,rk3588-rga")
                        .on("video_codec_fdba0000", "fdba0000.video-codec")
                        .on("video_codec_fdba4000", "fdba4000.video-codec")
                        .on("video_codec_fdba8000", "fdba8000.video-codec")
                        .on("video_codec_fdbac000", "fdbac000.video-codec")
                        .on("video_codec_fdc70000", "rockchip,rk3588-av1-vpu"),
                board("6.12/rk3568-rock-3a.dtb", "RK3568", "4G")
                        .on("display_subsystem", "rockchip,display-subsystem", "/vop@fe040000")
                        .on("gpu", "rockchip,rk3568-mali")
                        .on("video_codec_fdea0400", "rockchip,rk3568-vpu")
                        .on("rga", "rockchip,rk3568-rga")
                        .on("video_codec_fdee0000", "rockchip,rk3568-vepu"),
                board("6.12/rk3399-rock-pi-4b.dtb", "RK3399", "4G")
                        .on("display_subsystem", "rockchip,display-subsystem", "/vop@ff8f0000", "/vop@ff900000")
                        .on("video_codec_ff650000", "rockchip,rk3399-vpu")
                        .on("video_codec_ff660000", "rockchip,rk3399-vdec")
                        .on("rga", "rockchip,rk3399-rga")
                        .on("gpu", "rockchip,rk3399-mali")
                        .off("isp0", "isp1"),
                board("rk3399-gru-scarlet-inx.dtb", "RK3399", "4G")
                        .on("display_subsystem", "rockchip,display-subsystem", "/vop@ff8f0000", "/vop@ff900000")
                        .on("video_codec_ff650000", "rockchip,rk3399-vpu")
                        .on("video_codec_ff660000", "rockchip,rk3399-vdec")
                        .on("rga", "rockchip,rk3399-rga")
                        .on("isp0", "ff910000.isp0")
                        .on("gpu", "rockchip,rk3399-mali")
                        .off("isp1"),
                board("6.12/imx8mp-evk.dtb", "i.MX8MP", "6G")
                        .on("display_controller_32e80000", "32e80000.display-controller")
                        .on("display_controller_32fc6000", "32fc6000.display-controller")
                        .on("etnaviv", "etnaviv", "/soc@0/gpu@38000000", "/soc@0/gpu@38008000", "/soc@0/npu@38500000")
                        .on("video_codec_38300000", "nxp,imx8mm-vpu-g1")
                        .on("video_codec_38310000", "nxp,imx8mq-vpu-g2")
                        .off("isi", "isp_32e10000", "isp_32e20000", "display_controller_32e90000"),
                board("imx8mp-evk.dtb", "i.MX8MP", "6G")
                        .on("etnaviv", "etnaviv", "/soc@0/gpu@38000000", "/soc@0/gpu@38008000"),
                board("imx8mp-tqma8mpql-mba8mpxl.dtb", "i.MX8MP", "2G")
                        .on("etnaviv", "etnaviv", "/soc@0/gpu@38000000", "/soc@0/gpu@38008000"),
                board("6.12/imx8mq-evk.dtb", "i.MX8MQ", "3G")
                        .on("lcd_controller", "fsl,imx8mq-lcdif")
                        .on("etnaviv", "etnaviv", "/soc@0/gpu@38000000")
                        .on("video_codec_38300000", "nxp,imx8mq-vpu-g1")
                        .on("video_codec_38310000", "nxp,imx8mq-vpu-g2")
                        .off("csi_30a90000", "csi_30b80000"),
                board("6.12/imx8mm-evk.dtb", "i.MX8MM", "2G")
                        .on("lcdif", "fsl,imx8mm-lcdif")
                        .on("csi", "fsl,imx8mm-csi")
                        .on("etnaviv", "etnaviv", "/soc@0/gpu@38000000", "/soc@0/gpu@38008000")
                        .on("video_codec_38300000", "nxp,imx8mm-vpu-g1")
                        .on("video_codec_38310000", "nxp,imx8mq-vpu-g2"),
                board("bcm2711-rpi-4-b.dtb", "BCM2711", "8G")
                        .on("gpu", "brcm,bcm2711-vc5", "/soc/txp@7e004000", "/soc/hvs@7e400000")
                        .on("gpu_7ec00000", "brcm,2711-v3d"),
                board("6.12/mt8183-kukui-krane-sku176.dtb", "MT8183", "4G")
                        .on("gpu", "mediatek,mt8183b-mali")
                        .on(
                                "dma_controller0",
                                "mediatek,mt8183-mdp3-rdma",
                                "/soc/dma-controller@14005000",
                                "/soc/mdp3-wdma@14006000")
                        .on(
                                "ovl",
                                "mediatek,mt8183-disp-ovl",
                                "/soc/ovl@14009000",
                                "/soc/ovl@1400a000",
                                "/soc/rdma@1400b000",
                                "/soc/rdma@1400c000")
                        .on("video_codec", "mediatek,mt8183-vcodec-dec")
                        .on("jpeg_encoder", "mediatek,mt8183-jpgenc"),
                board("6.12/qrb5165-rb5.dtb", "SM8250", "8G")
                        .on(
                                "compute_cb",
                                "qcom,fastrpc-compute-cb",
                                "/soc@0/remoteproc@8300000/glink-edge/fastrpc/compute-cb@2",
                                "/soc@0/remoteproc@17300000/glink-edge/fastrpc/compute-cb@5")
                        .on(
                                "video_codec",
                                "qcom,sm8250-venus",
                                "/soc@0/video-codec@aa00000/video-decoder",
                                "/soc@0/video-codec@aa00000/video-encoder")
                        .on(
                                "display_subsystem",
                                "qcom,sm8250-mdss",
                                "/soc@0/gpu@3d00000",
                                "/soc@0/display-subsystem@ae00000/display-controller@ae01000")
                        .off("camss"),
                board("6.12/k3-am625-beagleplay.dtb", "AM62x", "2G")
                        .on("gpu", "ti,am62-gpu")
                        .on("dss", "ti,am625-dss")
                        .off("dma_controller"),
                board("6.12/meson-g12b-a311d-khadas-vim3.dtb", "A311D (G12B)", "4G")
                        .on("video_decoder", "amlogic,g12a-vdec")
                        .on("vpu", "amlogic,meson-g12a-vpu")
                        .on("gpu", "amlogic,meson-g12a-mali")
                        .off("etnaviv"),
                board("6.12/sun50i-h6-pine-h64.dtb", "H6", "2G")
                        .on("display_engine", "allwinner,sun50i-h6-display-engine", "/soc/bus@1000000/mixer@100000")
                        .on("video_codec_g2", "allwinner,sun50i-h6-vpu-g2")
                        .on("video_codec", "allwinner,sun50i-h6-video-engine")
                        .on("gpu", "allwinner,sun50i-h6-mali"));
    }

    @TempDir
    Path tmp;

    private static final Pattern DEVICE = Pattern.compile("(?m)^(// )?device (\\w+) \\{");

    /** The device blocks of a spec, active or commented out, by name. */
    private static Map<String, String> blocks(String spec, boolean commented) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = DEVICE.matcher(spec);
        while (m.find()) {
            if ((m.group(1) != null) == commented) {
                int end = spec.indexOf(commented ? "\n// }" : "\n}", m.start());
                out.put(m.group(2), spec.substring(m.start(), end));
            }
        }
        return out;
    }

    private String importDt(Board b) throws IOException {
        Path out = tmp.resolve(Path.of(b.dtb()).getFileName().toString().replace(".dtb", ".cen"));
        Run r = Run.of(
                "import-dt", ImportDtTest.DT.resolve(b.dtb()).toString(), "--ram", b.ram(), "-o", out.toString());
        assertEquals(0, r.exit(), b + ": " + r.err());
        return Files.readString(out);
    }

    @ParameterizedTest
    @MethodSource("boards")
    void everyExpectedMasterIsFoundAndNothingElse(Board b) throws IOException {
        String spec = importDt(b);
        Map<String, String> on = blocks(spec, false);
        assertEquals(
                new TreeSet<>(b.on().stream().map(Dev::name).toList()), new TreeSet<>(on.keySet()), b + ":\n" + spec);
        for (Dev d : b.on()) {
            String block = on.get(d.name());
            assertTrue(
                    Pattern.compile("(?m)^    match [^;]*\"" + Pattern.quote(d.match()) + "\"")
                            .matcher(block)
                            .find(),
                    b + ": " + d.name() + " matches " + d.match() + ":\n" + block);
            for (String node : d.standsFor()) {
                assertTrue(
                        block.contains("stands for " + node + " "),
                        b + ": " + d.name() + " stands for " + node + ":\n" + block);
            }
        }
        assertEquals(
                new TreeSet<>(b.off()), new TreeSet<>(blocks(spec, true).keySet()), b + ": commented out:\n" + spec);
        assertTrue(
                Pattern.compile("(?m)^allocator \\w+ \\{ +// .*CMA")
                        .matcher(spec)
                        .find(),
                b + ": a CMA allocator:\n" + spec);
        Path f = tmp.resolve("spec.cen");
        Files.writeString(f, spec);
        Run check = Run.of("check", "--engine", "direct", f.toString());
        assertEquals(0, check.exit(), b + ": " + check.out() + check.err());
        Run fmt = Run.of("fmt", "--check", f.toString());
        assertEquals(0, fmt.exit(), b + ": fmt-clean: " + fmt.out() + fmt.err());
    }

    /**
     * {@code --starter-flows} (the imported specs prove/boards/run-corpus.sh --imported boots):
     * every active device in exactly one share and one flow actor, 0 errors from {@code check
     * --dtb} its own blob, and fmt-clean.
     */
    @ParameterizedTest
    @MethodSource("boards")
    void withStarterFlowsEveryDeviceIsInAPipelineAndTheSpecChecksAgainstItsBoard(Board b) throws IOException {
        Path blob = ImportDtTest.DT.resolve(b.dtb());
        Path f = tmp.resolve("flows.cen");
        Run r = Run.of("import-dt", blob.toString(), "--ram", b.ram(), "--starter-flows", "-o", f.toString());
        assertEquals(0, r.exit(), b + ": " + r.err());
        String spec = Files.readString(f);
        String flows = spec.substring(spec.indexOf("// Starter shares and flows"));
        for (Dev d : b.on()) {
            assertEquals(
                    1,
                    count(flows, "(?m)^share \\w+ \\{[^}]*\\b" + d.name() + "\\b"),
                    b + ": " + d.name() + "\n" + flows);
            assertEquals(
                    1, count(flows, "(?m)^    actor " + d.name() + "_drv \\{"), b + ": " + d.name() + "\n" + flows);
        }
        Run check = Run.of("check", "--engine", "direct", "--dtb", blob.toString(), f.toString());
        assertEquals(0, check.exit(), b + ": " + check.out() + check.err());
        assertTrue(check.out().contains("\n0 errors") || check.out().startsWith("0 errors"), check.out());
        Run fmt = Run.of("fmt", "--check", f.toString());
        assertEquals(0, fmt.exit(), b + ": fmt-clean: " + fmt.out() + fmt.err());
    }

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void theTableCoversTwelveSocsOfSeveralVendorsAndEveryImporterKind() {
        Set<String> socs = boards().stream().map(Board::soc).collect(Collectors.toSet());
        assertTrue(boards().size() >= 12 && socs.size() >= 12, socs.toString());
        String all = boards().toString()
                + boards().stream()
                        .flatMap(b -> b.on().stream())
                        .map(Dev::toString)
                        .toList();
        for (String kind :
                List.of("mali", "rga", "vpu", "isp", "display", "etnaviv", "mdss", "vcodec", "fastrpc", "dss")) {
            assertTrue(all.contains(kind), kind);
        }
    }

    /** The board: the ROCK 5B with the GPU, RGA, AV1 decoder, display subsystem and a CMA area. */
    @Test
    void rock5bHasItsMediaPipelineAndTheDefaultCmaArea() throws IOException {
        String spec = importDt(boards().get(0));
        Map<String, String> on = blocks(spec, false);
        assertTrue(on.get("gpu").contains("/gpu@fb000000 (rockchip,rk3588-mali): GPU"), on.get("gpu"));
        assertTrue(on.get("rga").contains("2D engine"), on.get("rga"));
        assertTrue(on.get("video_codec_fdc70000").contains("rockchip,rk3588-av1-vpu"));
        String display = on.get("display_subsystem");
        assertTrue(display.contains("disabled here: set status = \"okay\" on /vop@fdd90000"), display);
        // no linux,cma pool: the kernel's default area, 64 MiB below 4 GiB
        assertTrue(spec.contains("allocator cma {"), spec);
        assertTrue(spec.contains("    size 64M;"), spec);
        assertTrue(spec.contains("    below 4G;"), spec);
        // IOMMU devices: a 32-bit IOVA, which the runtime accepts from a 32-bit DMA mask
        assertTrue(on.get("video_codec_fdb50000").contains("dma_bits 32;")
                && on.get("video_codec_fdb50000").contains("iommu;"));
        // DMA engines, USB, PCIe and storage: a comment, no device
        assertTrue(spec.contains("//   DMA engine: /dma-controller@fea10000"), spec);
        assertTrue(spec.contains("//   PCIe controller: /pcie@fe190000"), spec);
    }
}
