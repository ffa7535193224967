package org.censpec.tools.dt;

/**
 * What a devicetree node is, as far as dma-bufs go: the kinds of device that import them
 * (a GPU, a 2D engine, a codec, a camera interface or ISP, a display controller, the DRM
 * display subsystem device displays attach through, an NPU or DSP), the DMA masters that do
 * not (DMA engines, USB, PCIe, storage, network, audio, crypto, remote processors), and nodes
 * that move no data themselves (sensors, CSI-2 receivers, display components without DMA).
 */
enum MasterKind {
    GPU("GPU", true),
    G2D("2D engine", true),
    CODEC("video or JPEG codec", true),
    CAMERA("camera interface or ISP", true),
    DISPLAY("display controller", true),
    DISPLAY_SUBSYSTEM("DRM display subsystem", true),
    NPU("NPU or compute DSP", true),
    DMA_ENGINE("DMA engine", false),
    USB("USB controller", false),
    PCIE("PCIe controller", false),
    STORAGE("storage controller", false),
    NETWORK("network controller", false),
    AUDIO("audio interface", false),
    CRYPTO("crypto engine", false),
    REMOTEPROC("remote processor (firmware memory)", false),
    SERIAL("serial bus controller", false),
    NO_DMA("no DMA of its own", false);

    private final String words;
    private final boolean importer;

    MasterKind(String words, boolean importer) {
        this.words = words;
        this.importer = importer;
    }

    /** How a comment names the kind. */
    String words() {
        return words;
    }

    /** Whether drivers of this kind import dma-bufs (attach and map them). */
    boolean importsDmaBufs() {
        return importer;
    }
}
