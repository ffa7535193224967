package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.censpec.codegen.kernel.DeviceView;
import org.censpec.codegen.kernel.DriverView;
import org.censpec.codegen.kernel.SpecDriverView;
import org.censpec.model.Device;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.censpec.verify.direct.Acceptance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The constraint masks in the generated C are computed by the kernel view builder on its
 * own; they must equal the masks the verifier computed, for the examples and for
 * generated boards.
 */
class KernelMasksMatchVerifierTest {
    @ParameterizedTest
    @ValueSource(strings = {"rpi4_camera", "imx8mp_evk", "rk3399_isp"})
    void examples(String name) throws Exception {
        assertMasksMatch(new SpecReader().read(Path.of("..", "examples", name + ".cen")).spec().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void randomBoards(long seed) {
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder("spec r;\nram 8G;\nproperty p0;\nproperty p1;\n");
        String[] sizes = {"256M", "1G", "4G", "8G"};
        String[] aligns = {"4K", "64K", "1M"};
        String[] backends = {"pages", "pages_dma32", "contiguous"};
        for (int a = 0; a < 6; a++) {
            sb.append("allocator a").append(a).append(" { backend ").append(backends[rnd.nextInt(3)]).append(';')
                    .append(rnd.nextBoolean() ? " provides p0;" : "").append(" below ").append(sizes[rnd.nextInt(4)])
                    .append("; align ").append(aligns[rnd.nextInt(3)]).append("; }\n");
        }
        int[] bits = {24, 30, 32, 33, 40, 64};
        for (int d = 0; d < 8; d++) {
            sb.append("device d").append(d).append(" { dma_bits ").append(bits[rnd.nextInt(bits.length)]).append(';')
                    .append(rnd.nextInt(3) == 0 ? " requires p0;" : "").append(rnd.nextInt(4) == 0 ? " forbids p0;" : "")
                    .append(" align ").append(aligns[rnd.nextInt(3)]).append("; }\n");
        }
        assertMasksMatch(new SpecReader().parse("r.cen", sb.toString()).spec().orElseThrow());
    }

    private static void assertMasksMatch(Spec spec) {
        DriverView view = SpecDriverView.of(spec, "test");
        Acceptance acceptance = new Acceptance(spec);
        List<DeviceView> devices = view.devices();
        assertEquals(spec.devices().size(), devices.size());
        for (int i = 0; i < devices.size(); i++) {
            Device d = spec.devices().get(i);
            long generated = Long.decode(devices.get(i).maskHex().replaceAll("[uUlL]+$", ""));
            assertEquals(acceptance.mask(d), generated, d.name());
        }
    }
}
