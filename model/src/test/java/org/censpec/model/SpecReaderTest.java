package org.censpec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.censpec.model.check.SpecValidator;
import org.censpec.model.parse.ParseResult;
import org.censpec.model.parse.SpecReader;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    private static Spec parse(String text) {
        ParseResult r = new SpecReader().parse("t.cen", text);
        assertEquals(List.of(), r.findings());
        assertEquals(List.of(), SpecValidator.validate(r.spec().orElseThrow()));
        return r.spec().orElseThrow();
    }

    @Test
    void everyConstructOfTheContractParsesWithLocations() {
        Spec s = parse("""
                /* block
                   comment */ spec board; // trailing
                property contiguous;
                allocator cma { backend contiguous; provides contiguous; below 1G; align 1M; }
                allocator sys { backend pages; }
                device cam { dma_bits 30; requires contiguous; align 64K; }
                device gpu { forbids contiguous; dma_bits 40; }
                share s { cam, gpu }
                flow f on s {
                    actor a { attach cam; ready: map cam; unmap cam; detach cam; }
                    actor b { wait a.ready; attach gpu; }
                }
                ram 2G;
                """);
        assertEquals("board", s.name());
        assertEquals(new SourceLocation("t.cen", 2, 20), s.loc());
        assertEquals(2L << 30, s.ram());
        Allocator cma = s.allocators().get(0);
        assertEquals(0, cma.priority());
        assertEquals(Backend.CONTIGUOUS, cma.backend());
        assertEquals(1L << 30, cma.below());
        assertEquals(1L << 20, cma.align());
        assertTrue(cma.provides("contiguous"));
        Allocator sys = s.allocators().get(1);
        assertEquals(1, sys.priority());
        assertEquals(2L << 30, sys.below(), "below defaults to ram, even when ram comes last");
        assertEquals(4096, sys.align(), "align defaults to 4K");
        Device cam = s.devices().get(0);
        assertEquals(30, cam.dmaBits());
        assertEquals(64 * 1024, cam.align());
        assertEquals(new SourceLocation("t.cen", 6, 8), cam.loc());
        assertEquals(4096, s.devices().get(1).align());
        Flow f = s.flows().get(0);
        assertEquals("s", f.share().name());
        Step ready = f.actors().get(0).steps().get(1);
        assertEquals("ready", ready.label().orElseThrow().name());
        assertEquals("map cam", ready.text());
        assertEquals(new SourceLocation("t.cen", 10, 27), ready.loc());
        WaitStep w = (WaitStep) f.actors().get(1).steps().get(0);
        assertEquals("wait a.ready", w.text());
        assertEquals(Optional.empty(), w.label());
    }

    @Test
    void keywordsMayNameThingsWhereTheGrammarAllows() {
        Spec s = parse("""
                spec wait;
                ram 1M;
                property map;
                allocator below { backend pages_dma32; provides map; }
                device attach { dma_bits 64; requires map; }
                share flow { attach }
                flow actor on flow { actor spec { map: attach attach; map attach; } }
                """);
        assertEquals(Backend.PAGES_DMA32, s.allocators().get(0).backend());
        assertTrue(s.devices().get(0).reachesBelow(Long.MAX_VALUE));
    }

    @Test
    void sizesUsePowersOf1024() {
        Spec s = parse("spec x;\nram 3G;\nallocator a { backend pages; below 5M; align 8K; }\n");
        assertEquals(5L << 20, s.allocators().get(0).below());
        assertEquals(8192, s.allocators().get(0).align());
    }

    @Test
    void reachIsTwoToTheDmaBits() {
        Device d = new Device("d", new SourceLocation("t", 1, 1), 30, List.of(), List.of(), 4096);
        assertTrue(d.reachesBelow(1L << 30));
        assertTrue(!d.reachesBelow((1L << 30) + 4096));
    }
}
