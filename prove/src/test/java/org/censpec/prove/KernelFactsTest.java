package org.censpec.prove;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What prove decides per kernel comes from kernel-facts.sh's lines, never from the kernel's name. */
class KernelFactsTest {
    /** kernel-facts.sh's output for the debug kernel (build-debug-kernel.sh), as measured. */
    private static final String DEBUG = """
            heap_framework=0
            system_heap=1
            dma_cma=1
            cma_size_mib=64
            vgem_import_maps=1
            upstream_modules=0
            unix_sockets=0
            sanitizers=1
            memcg=0
            translating_iommu=0
            """;

    @Test
    void theDebugKernelsFactsGiveItsBootProfile() {
        KernelFacts f = KernelFacts.parse(DEBUG);
        assertEquals(new KernelFacts(false, true, 64, true, false, false, true, false, false), f);
        Prover.Target t = x86("debug");
        assertEquals("", Prover.kernelArgs(t, f), "its own 64 MiB CMA area: no cma= added");
    }

    @Test
    void aKernelWithDmaCmaButNoDefaultAreaGetsOne() {
        KernelFacts f = KernelFacts.parse(DEBUG.replace("cma_size_mib=64", "cma_size_mib=0"));
        Prover.Target t = x86("7.2");
        assertEquals("cma=" + Prover.X86_CMA_MIB + "M", Prover.kernelArgs(t, f));
    }

    @Test
    void aFactTheScriptDidNotPrintIsAnError() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> KernelFacts.parse(DEBUG.replace("sanitizers=1\n", "")));
        assertEquals("kernel-facts.sh printed no sanitizers", e.getMessage());
    }

    private static Prover.Target x86(String kernel) {
        return new Prover.Target(
                "x86_64", "", kernel, List.of("512M"), 1, List.of(), "", 600, Optional.empty(), List.of());
    }
}
