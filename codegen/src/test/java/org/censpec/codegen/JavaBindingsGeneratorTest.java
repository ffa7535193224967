package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.censpec.codegen.emit.GeneratedFiles;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.codegen.java.JavaBindingsGenerator;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

class JavaBindingsGeneratorTest {
    static Spec example(String name) throws Exception {
        return new SpecReader()
                .read(Path.of("..", "examples", name + ".cen"))
                .spec()
                .orElseThrow();
    }

    @Test
    void rendersEnumsWithTheVerifiersMasks() throws Exception {
        GeneratedFiles files = new JavaBindingsGenerator("0.1.0").generate(example("rpi4_camera"));
        String device = files.files().get("java/org/censpec/bindings/rpi4_camera/Device.java");
        assertTrue(device.contains("UNICAM(\"unicam\", 30, 0x1L, 4096L),"), device);
        assertTrue(device.contains("V3D(\"v3d\", 32, 0x3L, 4096L),"), device);
        assertTrue(device.contains("HEVC(\"hevc\", 32, 0x1L, 4096L);"), device);
        // only the tables are generated; the client is the runtime library (bindings-runtime/)
        assertEquals(
                java.util.Set.of("Device", "Allocator", "Property", "Share"),
                files.files().keySet().stream()
                        .map(f -> f.replaceFirst("^.*/", "").replace(".java", ""))
                        .collect(java.util.stream.Collectors.toSet()));
        String share = files.files().get("java/org/censpec/bindings/rpi4_camera/Share.java");
        assertTrue(
                share.contains(
                        "PREVIEW(\"preview\", \"rpi4_camera-preview-contiguous\", 0x1L, List.of(Device.UNICAM, Device.V3D, Device.HVS)),"),
                share);
        assertTrue(share.contains("public enum Share implements HeapName {"), share);
        assertTrue(share.contains("GENERIC_HEAP = \"rpi4_camera\";"), share);
    }

    @Test
    void outputIsByteIdenticalRunToRun() throws Exception {
        Spec spec = example("imx8mp_evk");
        assertEquals(
                new JavaBindingsGenerator("0.1.0").generate(spec), new JavaBindingsGenerator("0.1.0").generate(spec));
    }

    @Test
    void generatorRefusesNamesThatAreNotPlainIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> Identifiers.plain("x\"); system(\"rm"));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.plain("__init"));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.plain("a-b"));
        assertEquals("ok_1", Identifiers.plain("ok_1"));
    }
}
