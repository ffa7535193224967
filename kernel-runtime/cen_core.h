/* SPDX-License-Identifier: GPL-2.0 */
/*
 * censpec kernel runtime: constraint-aware dma-buf heaps with delayed
 * allocation. This file is part of the hand-written runtime that censpec
 * copies unchanged into every generated module; the spec of one board
 * comes from the generated tables (<spec>_spec.c), which define cen_spec.
 */
#ifndef _CEN_CORE_H
#define _CEN_CORE_H

#include <linux/types.h>

/*
 * The runtime's interface version: the generated tables (<spec>_spec.c) refuse
 * to build against another one. Raise it whenever a struct the tables fill in,
 * a function they call, or what the generated Kbuild takes from
 * cen_runtime.kbuild changes.
 */
#define CEN_RUNTIME_VERSION 2

struct device;
struct dma_buf;
struct page;
struct sg_table;

/* How an allocator gets its memory (cen_pages.c, cen_contig.c). */
enum cen_backend {
	CEN_BACKEND_PAGES,		/* page allocator, orders 8, 4, 0 */
	CEN_BACKEND_PAGES_DMA32,	/* the same, never above 4 GiB */
	CEN_BACKEND_CONTIGUOUS,		/* the DMA API: CMA, else one block */
};

/**
 * struct cen_allocator_desc - one allocator of the spec
 * @name: spec name
 * @backend: where its memory comes from
 * @below: every byte lies below this physical address
 * @align: start alignment of every buffer
 * @size: capacity in bytes, 0 if the spec gives none
 * @region: reserved-memory region it allocates from, or NULL
 * @provides: bit i set if it provides property i
 * @contiguous: provides the property named contiguous
 * @protected_mem: the CPU may not access its memory
 */
struct cen_allocator_desc {
	const char *name;
	enum cen_backend backend;
	u64 below;
	u64 align;
	u64 size;
	const char *region;
	u32 provides;
	bool contiguous;
	bool protected_mem;
};

/**
 * struct cen_device_desc - one DMA master of the spec
 * @name: spec name
 * @dma_bits: DMA address width (IOVA width behind an IOMMU)
 * @align: alignment the device needs
 * @mask: allocators it accepts, bit i for allocator i
 * @iommu: the device sits behind an IOMMU
 * @protected_ok: the device may access protected memory
 * @match: devicetree compatibles or device names that identify it at
 *	attach time, NULL-terminated
 */
struct cen_device_desc {
	const char *name;
	unsigned int dma_bits;
	u64 align;
	u32 mask;
	bool iommu;
	bool protected_ok;
	const char * const *match;
};

/**
 * struct cen_heap_desc - one heap, /dev/dma_heap/<name>
 * @label: spec name (the generic heap) or share name
 * @name: heap name
 * @initial_mask: access mask of a new buffer
 * @max_len: largest buffer the heap allocates, in bytes
 */
struct cen_heap_desc {
	const char *label;
	const char *name;
	u32 initial_mask;
	u64 max_len;
};

/**
 * struct cen_spec - the tables of one board, generated from its spec
 * @name: spec name
 * @ram_base: first byte of RAM
 * @ram_end: first byte after RAM
 * @allocators: in priority order, @nr_allocators of them
 * @devices: @nr_devices of them
 * @heaps: the generic heap first, @nr_heaps of them
 */
struct cen_spec {
	const char *name;
	u64 ram_base;
	u64 ram_end;
	const struct cen_allocator_desc *allocators;
	unsigned int nr_allocators;
	const struct cen_device_desc *devices;
	unsigned int nr_devices;
	const struct cen_heap_desc *heaps;
	unsigned int nr_heaps;
};

/* Defined by the generated <spec>_spec.c. */
extern const struct cen_spec cen_spec;

/* Module setup, called from module_init/module_exit (cen_module.c, cen_test.c). */
int cen_core_init(void);
void cen_core_exit(void);

/* Behind the spec's exported <spec>_register_device() and its inverse. */
int cen_register_device(struct device *dev, unsigned int id);
void cen_unregister_device(struct device *dev);

/* For the test build's control device. */
struct dma_buf *cen_create(unsigned int heap, u64 len, u32 fd_flags,
			   u64 heap_flags);
void cen_buffer_state(struct dma_buf *dmabuf, u32 *mask, int *alloc);
int cen_buffer_backing(struct dma_buf *dmabuf, struct page * const **pages,
		       pgoff_t *nr_pages);

#endif /* _CEN_CORE_H */
