package org.censpec.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.censpec.bindings.runtime.AllocatorRow;
import org.censpec.bindings.runtime.DeviceRow;
import org.censpec.bindings.runtime.ShareRow;
import org.censpec.bindings.runtime.Tables;
import org.censpec.codegen.emit.GeneratedFiles;
import org.censpec.codegen.emit.Identifiers;
import org.censpec.codegen.java.JavaBindingsGenerator;
import org.censpec.model.Spec;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertTrue(device.contains("UNICAM(new DeviceRow(\"unicam\", 30, 0x1L, 4096L)),"), device);
        assertTrue(device.contains("V3D(new DeviceRow(\"v3d\", 32, 0x3L, 4096L)),"), device);
        assertTrue(device.contains("HEVC(new DeviceRow(\"hevc\", 32, 0x1L, 4096L));"), device);
        // only the tables are generated; the client is the runtime library (bindings-runtime/)
        assertEquals(
                java.util.Set.of("Device", "Allocator", "Property", "Share"),
                files.files().keySet().stream()
                        .map(f -> f.replaceFirst("^.*/", "").replace(".java", ""))
                        .collect(java.util.stream.Collectors.toSet()));
        String share = files.files().get("java/org/censpec/bindings/rpi4_camera/Share.java");
        assertTrue(
                share.contains(
                        "PREVIEW(new ShareRow<>(\"preview\", \"rpi4_camera-preview-contiguous\", 0x1L, List.of(Device.UNICAM, Device.V3D, Device.HVS))),"),
                share);
        assertTrue(share.contains("public enum Share implements ShareRow.Table<Device> {"), share);
        assertTrue(share.contains("GENERIC_HEAP = \"rpi4_camera\";"), share);
    }

    /** The tables compiled against the runtime answer what the spec says, through the runtime's rows. */
    @Test
    void compiledTablesAnswerThroughTheRuntime(@TempDir Path dir) throws Exception {
        Path classes = BindingsJavac.compile(
                dir,
                new JavaBindingsGenerator("0.1.0")
                        .generate(example("rpi4_camera"))
                        .files());
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            DeviceRow.Table v3d = (DeviceRow.Table) constant(loader, "Device", "V3D");
            DeviceRow.Table unicam = (DeviceRow.Table) constant(loader, "Device", "UNICAM");
            AllocatorRow.Table<?> cma = (AllocatorRow.Table<?>) constant(loader, "Allocator", "CMA_LOW");
            AllocatorRow.Table<?> dma32 = (AllocatorRow.Table<?>) constant(loader, "Allocator", "DMA32");
            assertEquals("v3d", v3d.specName());
            assertEquals(32, v3d.dmaBits());
            assertEquals(0x3L, v3d.mask());
            assertTrue(v3d.accepts(cma) && v3d.accepts(dma32));
            assertTrue(unicam.accepts(cma) && !unicam.accepts(dma32));
            assertEquals(2L, dma32.bit());
            assertEquals(1L << 30, cma.below());
            assertEquals(
                    List.of("contiguous", "cached"),
                    cma.provides().stream().map(p -> p.specName()).toList());
            ShareRow.Table<?> preview = (ShareRow.Table<?>) constant(loader, "Share", "PREVIEW");
            assertEquals("rpi4_camera-preview-contiguous", preview.heapName());
            assertEquals(
                    List.of("unicam", "v3d", "hvs"),
                    preview.devices().stream().map(d -> d.specName()).toList());
        }
    }

    /** The runtime refuses tables written for another row format, naming both. */
    @Test
    void tablesOfAnotherFormatAreRefusedByName() {
        assertEquals(Tables.FORMAT, JavaBindingsGenerator.TABLE_FORMAT);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Tables.require(Tables.FORMAT + 1, "demo.Device"));
        assertTrue(
                e.getMessage().startsWith("demo.Device was generated for table format " + (Tables.FORMAT + 1)),
                e.getMessage());
    }

    private static Object constant(ClassLoader loader, String table, String name) throws Exception {
        Class<?> c = Class.forName("org.censpec.bindings.rpi4_camera." + table, true, loader);
        for (Object o : c.getEnumConstants()) {
            if (((Enum<?>) o).name().equals(name)) {
                return o;
            }
        }
        throw new AssertionError(table + "." + name + " missing");
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
