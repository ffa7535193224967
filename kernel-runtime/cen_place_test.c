// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime, TEST BUILD only: the placement oracle, kept out
 * of the runtime so that a fault in its allocation code cannot blind it
 * (docs/semantics.md): judged by the spec's tables alone, every backing
 * page lies below its allocator's bound (4 GiB at most for pages_dma32)
 * and inside its reserved-memory region if it names one (where the
 * devicetree placed it), the first on the allocator's alignment, all
 * consecutive if it provides contiguous; the importer's DMA segments are
 * whole pages within its DMA limit, no longer than its maximum segment,
 * and lead to exactly those pages in order (no bounce buffer). The pages
 * are checked after every CPU access too.
 */

#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>

#include "cen_core.h"
#include "cen_test.h"

/* Physical address of DMA address @dma of stand-in @dev, by the ranges it was given. */
static u64 cen_test_dma_to_phys(struct device *dev, dma_addr_t dma)
{
	const struct bus_dma_region *r = dev->dma_range_map;

	if (!r)
		return dma;
	for (; r->size; r++)
		if (dma >= r->dma_start && dma - r->dma_start < r->size)
			return dma - r->dma_start + r->cpu_start;
	return U64_MAX;
}

/*
 * The physical range [*@start, *@end) of reserved-memory region @name, as
 * the devicetree gave it; false if the kernel has no such region.
 */
static bool cen_test_region(const char *name, u64 *start, u64 *end)
{
#ifdef CONFIG_OF_RESERVED_MEM
	struct device_node *parent, *np;
	struct reserved_mem *rmem;

	parent = of_find_node_by_path("/reserved-memory");
	if (!parent)
		return false;
	np = of_get_child_by_name(parent, name);
	of_node_put(parent);
	if (!np)
		return false;
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	if (!rmem)
		return false;
	*start = rmem->base;
	*end = rmem->base + rmem->size;
	return true;
#else
	return false;
#endif
}

bool cen_test_pages_ok(struct dma_buf *dmabuf)
{
	const struct cen_allocator_desc *a;
	struct page * const *pages;
	u64 bound, phys, start = 0, end = 0;
	pgoff_t nr, p;
	int alloc;

	alloc = cen_buffer_backing(dmabuf, &pages, &nr);
	if (alloc < 0 || !nr)
		return false;
	a = &cen_spec.allocators[alloc];
	bound = a->below;
	if (a->backend == CEN_BACKEND_PAGES_DMA32)
		bound = min_t(u64, bound, SZ_4G);
	/* an allocator with a region allocates inside it, nowhere else */
	if (a->region && !cen_test_region(a->region, &start, &end))
		return false;
	for (p = 0; p < nr; p++) {
		phys = page_to_phys(pages[p]);
		if (phys >= bound || bound - phys < PAGE_SIZE)
			return false;
		if (a->region && (phys < start || phys >= end ||
				  end - phys < PAGE_SIZE))
			return false;
		if (!p && !IS_ALIGNED(phys, a->align))
			return false;
		if (p && a->contiguous &&
		    phys != page_to_phys(pages[p - 1]) + PAGE_SIZE)
			return false;
	}
	return true;
}

/* The placement of a buffer as one importer's mapping @sgt shows it. */
bool cen_test_placement_ok(struct dma_buf *dmabuf, struct device *dev,
			   const struct sg_table *sgt)
{
	struct page * const *pages;
	struct scatterlist *sg;
	u64 phys, len, limit, dma;
	pgoff_t nr, p;
	unsigned int i;

	if (!cen_test_pages_ok(dmabuf) ||
	    cen_buffer_backing(dmabuf, &pages, &nr) < 0)
		return false;
	if (!dev->dma_mask)
		return false;
	limit = min_not_zero(*dev->dma_mask, dev->bus_dma_limit);
	p = 0;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		len = sg_dma_len(sg);
		dma = sg_dma_address(sg);
		if (!len || !IS_ALIGNED(len, PAGE_SIZE) ||
		    len > dma_get_max_seg_size(dev) || dma > limit ||
		    len - 1 > limit - dma)
			return false;
		phys = cen_test_dma_to_phys(dev, dma);
		for (; len; len -= PAGE_SIZE, phys += PAGE_SIZE, p++)
			if (p >= nr || page_to_phys(pages[p]) != phys)
				return false;
	}
	return p == nr;
}
