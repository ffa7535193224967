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
 * {@code uapi/p.h} (userspace ABI), {@code p_internal.h}, {@code p_main.c} (exporter),
 * {@code p_test.c} (only built with {@code make CENSPEC_TEST=1}), {@code Kbuild},
 * {@code Makefile}. Spec-specific content is confined to the enums and masks of the
 * headers, the heap names of the uapi header and three tables of {@code p_main.c};
 * module-internal symbols use the fixed prefix {@code cen_}, so that the layout of
 * the code does not depend on the length of the spec's prefix (at most
 * {@value org.censpec.codegen.kernel.DriverViewBuilder#MAX_PREFIX_LENGTH} characters).
 *
 * <p>The golden files are the committed {@code generated-driver/rpi4_camera/kernel/}
 * (the module began as a hand-written reference for the language document's example);
 * a test renders a view built by hand and compares byte for byte. To change the
 * generated code, change the templates and regenerate the committed output
 * ({@code ./censpec generate examples/SPEC.cen -o generated-driver/SPEC}); the drift test
 * and the kernel tests then cover the new files.
 */
package org.censpec.codegen.kernel;
