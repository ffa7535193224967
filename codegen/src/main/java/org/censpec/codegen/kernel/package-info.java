/**
 * Generation of the Linux kernel module of a spec: a dma-buf exporter serving the
 * upstream DMA-BUF heap ABI from its own misc devices ({@code /dev/dma_heap/<prefix>}
 * and {@code /dev/dma_heap/<prefix>-<share>}), with constraint masks and delayed
 * allocation (the 2014 cenalloc RFC, its three bugs fixed).
 *
 * <p>Model and view are separated as in ANTLR's own code generator: a
 * {@link org.censpec.codegen.kernel.DriverView} (built by
 * {@link org.censpec.codegen.kernel.DriverViewBuilder}) holds every name, mask,
 * literal and padding precomputed; the StringTemplate 4 groups in
 * {@code org/censpec/codegen/kernel/*.stg} only iterate and test booleans.
 * {@link org.censpec.codegen.kernel.KernelModuleGenerator} renders the files.
 *
 * <p>Generated files, for prefix {@code p}: {@code p.h} (in-kernel API for drivers),
 * {@code uapi/p.h} (userspace ABI, on the kernel's {@code <linux/dma-heap.h>}),
 * {@code p_spec.c} (the board's tables), {@code Kbuild}, {@code Makefile}; next to them the
 * hand-written runtime {@link org.censpec.codegen.kernel.KernelModuleGenerator#RUNTIME}
 * (the {@code cen_*} files of the repository's {@code kernel-runtime/}, under {@code runtime/}
 * on the class path, with the Kbuild fragment {@code cen_runtime.kbuild} that the generated
 * {@code Kbuild} includes), copied unchanged, as ANTLR's runtime is shared by its generated parsers.
 * {@code make} builds {@code p.ko}; {@code make test} the distinct test module
 * {@code p_test.ko}. Runtime symbols use the fixed prefix {@code cen_}, so a prefix of
 * {@code cen} or {@code cen_...} is refused; a prefix is at most
 * {@value org.censpec.codegen.kernel.DriverViewBuilder#MAX_PREFIX_LENGTH} characters.
 *
 * <p>The golden files are the committed {@code generated-driver/rpi4_camera/kernel/}
 * (the module began as a hand-written reference for the language document's example);
 * a test renders a view built by hand and compares byte for byte. To change the
 * generated code, change the templates and regenerate the committed output
 * ({@code ./censpec generate examples/SPEC.cen -o generated-driver/SPEC}); the drift test
 * and the kernel tests then cover the new files.
 */
package org.censpec.codegen.kernel;
