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
 * <p>The hand-written reference for the {@code rpi4_camera} example of the language
 * document lives in the test resources ({@code golden/rpi4_camera}); a test renders
 * the same view and compares byte for byte. To change the generated code, change the
 * templates and the golden files together.
 */
package org.censpec.codegen.kernel;
