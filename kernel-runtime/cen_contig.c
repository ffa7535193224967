// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the contiguous backend. Each contiguous
 * allocator has a device of its own (cen_setup_allocators()) whose coherent
 * DMA mask is its bound, and the reserved-memory region the spec names, if
 * any; its blocks come from the DMA API (cen_back_contiguous()).
 */

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>

#include "cen_priv.h"

/*
 * Whether the block [@phys, @phys + @len) lies inside the allocator's
 * region; true for an allocator without one.
 */
static bool cen_block_in_region(const struct cen_allocator_state *st,
				phys_addr_t phys, size_t len)
{
	return !st->rmem ||
	       (phys >= st->rmem->base &&
		cen_range_ok(phys, len, st->rmem->base + st->rmem->size - 1));
}

/*
 * One physically contiguous block from the DMA API, allocated for the
 * allocator's own device whose coherent DMA mask is the allocator's bound:
 * from CMA where the kernel has it (the device's region or the default
 * area), else from the zone the DMA API derives from that mask. Without
 * CMA a block cannot exceed the largest buddy order (4 MiB on x86-64).
 * When its CMA area cannot serve a block, dma_alloc_pages() silently takes
 * one from the buddy allocator instead: for an allocator with a region,
 * whose promise is memory inside it, such a block is refused (the region
 * is full) and allocation falls back to the next allocator of the mask.
 */
int cen_back_contiguous(struct cen_buffer *buf, struct page **pages,
			unsigned int idx)
{
	const struct cen_allocator_desc *a = &cen_spec.allocators[idx];
	struct device *dev = &cen_state[idx].pdev->dev;
	size_t size = max_t(size_t, buf->size, a->align);
	struct page *page;
	dma_addr_t dma;
	pgoff_t i;

	if (!IS_ENABLED(CONFIG_DMA_CMA) && get_order(size) > CEN_MAX_ORDER)
		return -ENOMEM;
	page = dma_alloc_pages(dev, size, &dma, DMA_TO_DEVICE,
			       GFP_KERNEL | __GFP_NOWARN | __GFP_ACCOUNT);
	if (!page)
		return -ENOMEM;
	/* A mapping like dma_map_page()'s: DMA-API debug wants it checked. */
	if (dma_mapping_error(dev, dma)) {
		dma_free_pages(dev, size, page, dma, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	if (!cen_block_ok(page, buf->size, cen_alloc_last(idx), a->align) ||
	    !cen_block_in_region(&cen_state[idx], page_to_phys(page), size)) {
		dma_free_pages(dev, size, page, dma, DMA_TO_DEVICE);
		return -ENOMEM;
	}
	for (i = 0; i < buf->nr_pages; i++)
		pages[i] = cen_nth_page(page, i);
	buf->block = page;
	buf->block_dma = dma;
	buf->block_size = size;
	return 0;
}

/*
 * Gives the allocator's device the reserved-memory region @name, a child of
 * /reserved-memory that must be a reusable shared-dma-pool (a CMA area):
 * the DMA API then allocates from it. A non-reusable pool is refused, as
 * dma_alloc_pages() would silently ignore it.
 */
int cen_attach_region(struct cen_allocator_state *st, const char *name)
{
#ifdef CONFIG_OF_RESERVED_MEM
	struct device_node *parent, *np;
	struct reserved_mem *rmem;
	bool reusable;
	int ret;

	parent = of_find_node_by_path("/reserved-memory");
	if (!parent)
		return -ENODEV;
	np = of_get_child_by_name(parent, name);
	of_node_put(parent);
	if (!np)
		return -ENOENT;
	reusable = of_property_read_bool(np, "reusable") &&
		   of_device_is_compatible(np, "shared-dma-pool");
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	if (!reusable)
		return -EOPNOTSUPP;
	if (!rmem || !rmem->ops || !rmem->ops->device_init)
		return -ENODEV;
	ret = rmem->ops->device_init(rmem, &st->pdev->dev);
	if (!ret)
		st->rmem = rmem;
	return ret;
#else
	return -EOPNOTSUPP;
#endif
}
