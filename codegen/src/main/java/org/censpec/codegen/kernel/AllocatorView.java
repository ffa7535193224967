package org.censpec.codegen.kernel;

import java.util.List;

/**
 * An allocator; its index in {@link DriverView#allocators()} is its bit and priority.
 *
 * @param nameLiteral     its name as a C string, e.g. {@code "cma_low"}
 * @param constName       enum constant, e.g. {@code RPI4_CAMERA_ALLOC_CMA_LOW}
 * @param backendConst    backend enum constant, e.g. {@code CEN_BACKEND_CONTIGUOUS}
 * @param belowLiteral    C literal of the physical bound, e.g. {@code 0x40000000ULL}
 * @param belowHuman      the bound for a comment, e.g. {@code 1G}
 * @param alignLiteral    C literal of the alignment
 * @param alignHuman      the alignment for a comment
 * @param provides        enum constants of the provided properties, in declaration order
 * @param providesNothing {@code provides} is empty
 * @param contiguous      provides the property named {@code contiguous}
 * @param last            last allocator of the spec
 * @param sizeLiteral     C literal of its capacity ({@code size}), {@code 0x0ULL} if none
 * @param sizeHuman       the capacity for a comment
 * @param hasSize         the spec gives a capacity
 * @param regionLiteral   C string of its reserved-memory region, {@code NULL} if none
 * @param hasRegion       the spec names a region
 * @param protectedMem    the CPU may not access its memory
 */
public record AllocatorView(
        String nameLiteral,
        String constName,
        String backendConst,
        String belowLiteral,
        String belowHuman,
        String alignLiteral,
        String alignHuman,
        List<String> provides,
        boolean providesNothing,
        boolean contiguous,
        boolean last,
        String sizeLiteral,
        String sizeHuman,
        boolean hasSize,
        String regionLiteral,
        boolean hasRegion,
        boolean protectedMem) {

    public AllocatorView {
        provides = List.copyOf(provides);
    }
}
