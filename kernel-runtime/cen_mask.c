// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: masks and limits. The bound of each allocator,
 * the allocators the CPU may access, and what a device reaches by what the
 * DMA API knows about it (DMA mask, bus limit, bus offsets, IOMMU): the
 * arithmetic behind every constraint mask.
 */

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sizes.h>

#include "cen_priv.h"

const char *cen_alloc_name(int alloc)
{
	return alloc < 0 ? "-" : cen_spec.allocators[alloc].name;
}

/* Allocators the CPU may access: every one not declared protected. */
u32 cen_cpu_mask(void)
{
	unsigned int i;
	u32 mask = 0;

	for (i = 0; i < cen_spec.nr_allocators; i++)
		if (!cen_spec.allocators[i].protected_mem)
			mask |= BIT(i);
	return mask;
}

/* Last byte allocator @i may hand out. */
u64 cen_alloc_last(unsigned int i)
{
	const struct cen_allocator_desc *a = &cen_spec.allocators[i];
	u64 below = a->below;

	if (a->backend == CEN_BACKEND_PAGES_DMA32 && below > SZ_4G)
		below = SZ_4G;
	return below - 1;
}

bool cen_range_ok(phys_addr_t start, u64 len, u64 last)
{
	return len && start <= last && len - 1 <= last - start;
}

bool cen_block_ok(struct page *page, u64 len, u64 last, u64 align)
{
	phys_addr_t phys = page_to_phys(page);

	return IS_ALIGNED(phys, align) && cen_range_ok(phys, len, last);
}

/* Reach of a device, from what the DMA API knows about it. */

/* Highest DMA address the device can reach, 0 if it has no DMA mask. */
u64 cen_dma_limit(struct device *dev)
{
	if (!dev->dma_mask || !*dev->dma_mask)
		return 0;
	return min_not_zero(*dev->dma_mask, dev->bus_dma_limit);
}

/*
 * Can @dev reach every byte of [@start, @last] without bouncing? The bus
 * address of a physical address follows the device's dma_range_map (the
 * devicetree's dma-ranges), as the DMA API translates it; a byte outside
 * every range cannot be reached at all.
 */
static bool cen_dev_reaches(struct device *dev, u64 start, u64 last, u64 limit)
{
	const struct bus_dma_region *r = dev->dma_range_map;
	u64 covered = 0;

	if (!r)
		return last <= limit;
	for (; r->size; r++) {
		u64 lo = max_t(u64, start, r->cpu_start);
		u64 hi = min_t(u64, last, r->cpu_start + r->size - 1);

		if (lo > hi)
			continue;
		if (hi - r->cpu_start + r->dma_start > limit)
			return false;
		covered += hi - lo + 1;
	}
	return covered == last - start + 1;
}

/*
 * Whether an IOMMU translates the device's DMA addresses. A device in an
 * identity (passthrough) domain is in an IOMMU group, so
 * device_iommu_mapped() is true, yet its DMA addresses are physical ones,
 * bounded by its mask as without an IOMMU.
 */
bool cen_iommu_translates(struct device *dev)
{
	struct iommu_domain *domain;

	if (!device_iommu_mapped(dev))
		return false;
	domain = iommu_get_domain_for_dev(dev);
	return domain && domain->type != IOMMU_DOMAIN_IDENTITY;
}

/*
 * Mask of a device the spec does not name: the allocators whose whole
 * range [ram_base, below) it reaches, by its DMA mask, bus limit and bus
 * offsets; any CPU-accessible allocator for a device behind an IOMMU that
 * translates (it maps any page; its IOVA space is not a physical bound).
 * Never a protected allocator: nothing says this device may see protected
 * memory.
 */
u32 cen_derived_mask(struct device *dev, u64 limit)
{
	unsigned int i;
	u32 mask = 0;

	if (cen_iommu_translates(dev))
		return cen_cpu_mask();
	for (i = 0; i < cen_spec.nr_allocators; i++) {
		if (cen_spec.allocators[i].protected_mem)
			continue;
		if (cen_dev_reaches(dev, cen_spec.ram_base, cen_alloc_last(i),
				    limit))
			mask |= BIT(i);
	}
	return mask;
}

/* Does @dev, said to be spec device @d, reach what the spec promised? */
bool cen_keeps_promise(struct device *dev, const struct cen_device_desc *d,
		       u64 limit)
{
	u64 want = DMA_BIT_MASK(d->dma_bits);

	if (d->iommu)
		return limit >= want;
	return cen_dev_reaches(dev, cen_spec.ram_base,
			       min(want, cen_spec.ram_end - 1), limit);
}
