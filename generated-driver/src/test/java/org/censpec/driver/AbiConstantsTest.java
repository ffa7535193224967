package org.censpec.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.censpec.testsupport.Prerequisite;
import org.censpec.testsupport.Requires;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The ioctl numbers, struct layout and flags in the generated Java bindings equal what a C
 * program compiled against the generated uapi header (and the system's linux/dma-buf.h)
 * prints.
 */
class AbiConstantsTest {
    static final List<String> SPECS = CommittedOutput.SPECS;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("SPECS")
    @Requires(Prerequisite.C_COMPILER)
    void javaConstantsEqualTheCHeaders(String spec) throws Exception {
        Path kernel = CommittedOutput.kernel(spec);
        Path c = tmp.resolve("abi.c");
        Files.writeString(c, """
                #include <fcntl.h>
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/mman.h>
                #include <linux/dma-buf.h>
                #include "uapi/%1$s.h"

                int main(void)
                {
                	printf("DMA_HEAP_IOCTL_ALLOC %%lu\\n", (unsigned long)DMA_HEAP_IOCTL_ALLOC);
                	printf("ALLOCATION_DATA_SIZE %%zu\\n", sizeof(struct dma_heap_allocation_data));
                	printf("ALLOCATION_LEN_OFFSET %%zu\\n", offsetof(struct dma_heap_allocation_data, len));
                	printf("ALLOCATION_FD_OFFSET %%zu\\n", offsetof(struct dma_heap_allocation_data, fd));
                	printf("ALLOCATION_FD_FLAGS_OFFSET %%zu\\n", offsetof(struct dma_heap_allocation_data, fd_flags));
                	printf("ALLOCATION_HEAP_FLAGS_OFFSET %%zu\\n", offsetof(struct dma_heap_allocation_data, heap_flags));
                	printf("DMA_BUF_IOCTL_SYNC %%lu\\n", (unsigned long)DMA_BUF_IOCTL_SYNC);
                	printf("DMA_BUF_SYNC_READ %%lu\\n", (unsigned long)DMA_BUF_SYNC_READ);
                	printf("DMA_BUF_SYNC_WRITE %%lu\\n", (unsigned long)DMA_BUF_SYNC_WRITE);
                	printf("DMA_BUF_SYNC_RW %%lu\\n", (unsigned long)DMA_BUF_SYNC_RW);
                	printf("DMA_BUF_SYNC_START %%lu\\n", (unsigned long)DMA_BUF_SYNC_START);
                	printf("DMA_BUF_SYNC_END %%lu\\n", (unsigned long)DMA_BUF_SYNC_END);
                	printf("O_RDWR %%d\\nO_CLOEXEC %%d\\n", O_RDWR, O_CLOEXEC);
                	printf("PROT_READ %%d\\nPROT_WRITE %%d\\nMAP_SHARED %%d\\n", PROT_READ, PROT_WRITE, MAP_SHARED);
                	printf("GENERIC_HEAP %%s\\n", %2$s_HEAP_NAME);
                	return 0;
                }
                """.formatted(spec, spec.toUpperCase(java.util.Locale.ROOT)));
        Path exe = tmp.resolve("abi");
        run(List.of("gcc", "-Wall", "-Werror", "-I", kernel.toString(), "-o", exe.toString(), c.toString()));
        Map<String, String> fromC = new LinkedHashMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            int sp = line.indexOf(' ');
            fromC.put(line.substring(0, sp), line.substring(sp + 1));
        }
        // the uapi numbers are the runtime library's; the generic heap's name is the board's table
        Class<?> abi = org.censpec.bindings.runtime.HeapAbi.class;
        Class<?> share = compileBindings(spec).loadClass("org.censpec.bindings." + spec + ".Share");
        assertTrue(fromC.size() >= 18, fromC.toString());
        for (Map.Entry<String, String> e : fromC.entrySet()) {
            Object java = (e.getKey().equals("GENERIC_HEAP") ? share : abi)
                    .getField(e.getKey())
                    .get(null);
            assertEquals(e.getValue(), String.valueOf(java), e.getKey());
        }
    }

    private ClassLoader compileBindings(String spec) throws Exception {
        List<File> sources = new ArrayList<>();
        try (Stream<Path> s = Files.walk(CommittedOutput.dir(spec).resolve("java"))) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toFile()));
        }
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        String jna = Path.of(Native.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                + java.io.File.pathSeparator
                + CommittedOutput.bindingsRuntime();
        var javac = ToolProvider.getSystemJavaCompiler();
        try (var fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            assertTrue(javac.getTask(
                            null,
                            fm,
                            null,
                            List.of("--release", "17", "-cp", jna, "-d", classes.toString()),
                            null,
                            fm.getJavaFileObjectsFromFiles(sources))
                    .call());
        }
        return new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
