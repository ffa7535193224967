// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the page allocator backend (pages and
 * pages_dma32 allocators) and the zones that bound it.
 */

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>

#include "cen_priv.h"

/* Orders of the pages backend, largest first, as the system heap's. */
static const unsigned int cen_orders[] = { 8, 4, 0 };

/* High orders must not dig into reclaim: fall back to smaller ones. */
#define CEN_HIGH_ORDER_GFP	(((GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY) & \
				  ~__GFP_RECLAIM) | __GFP_ZERO | __GFP_ACCOUNT)
#define CEN_LOW_ORDER_GFP	(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN | \
				 __GFP_ACCOUNT)

/* Physical end of each zone over all nodes, 0 if the zone is empty. */
static u64 cen_zone_end[MAX_NR_ZONES];

/* Physical end of every zone, over all nodes, as this kernel laid them out. */
void cen_probe_zones(void)
{
	struct zone *zone;
	enum zone_type z;
	int nid;

	for_each_online_node(nid) {
		for (z = 0; z < MAX_NR_ZONES; z++) {
			zone = &NODE_DATA(nid)->node_zones[z];
			if (!populated_zone(zone))
				continue;
			cen_zone_end[z] = max_t(u64, cen_zone_end[z],
						PFN_PHYS(zone_end_pfn(zone)));
		}
	}
}

static u64 cen_ram_end(void)
{
	u64 end = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++)
		end = max(end, cen_zone_end[z]);
	return end;
}

/*
 * Zone modifier for a bound: the highest zone whose pages all lie at or
 * below @last, as the architecture defines the zones (x86-64: ZONE_DMA the
 * first 16 MiB, ZONE_DMA32 the first 4 GiB; arm64: the zones follow the
 * devicetree's DMA ranges, on a Raspberry Pi 4 ZONE_DMA is the first GiB).
 * If no zone lies wholly below the bound, the lowest one is used and each
 * page is checked (*exact false).
 */
gfp_t cen_zone_for(u64 last, bool *exact)
{
	*exact = true;
	if (cen_ram_end() - 1 <= last)
		return 0;
#ifdef CONFIG_ZONE_DMA32
	if (cen_zone_end[ZONE_DMA32] && cen_zone_end[ZONE_DMA32] - 1 <= last)
		return GFP_DMA32;
#endif
#ifdef CONFIG_ZONE_DMA
	if (cen_zone_end[ZONE_DMA] - 1 <= last)
		return GFP_DMA;
	*exact = false;
	return GFP_DMA;
#else
	*exact = false;
	return IS_ENABLED(CONFIG_ZONE_DMA32) ? GFP_DMA32 : 0;
#endif
}

const char *cen_zone_name(gfp_t zone)
{
	if (zone & __GFP_DMA)
		return "DMA";
	if (zone & __GFP_DMA32)
		return "DMA32";
	return "any";
}

/*
 * Pages from the page allocator, in blocks of order 8, 4 and 0 (the
 * system heap's), each split into single pages and checked against the
 * bound. The first block is at least as large as the alignment, so that
 * the buffer starts on the allocator's boundary. Memory is charged to the
 * memory cgroup of the process whose map or CPU access backs the buffer.
 */
int cen_back_pages(struct cen_buffer *buf, struct page **pages,
		   unsigned int idx)
{
	const struct cen_allocator_desc *a = &cen_spec.allocators[idx];
	gfp_t zone = cen_state[idx].zone;
	u64 last = cen_alloc_last(idx);
	unsigned int o, order, min_order;
	pgoff_t i = 0, n, k;
	struct page *page;
	gfp_t gfp;

	if (get_order(a->align) > CEN_MAX_ORDER)
		return -ENOMEM;
	while (i < buf->nr_pages) {
		if (fatal_signal_pending(current))
			return -EINTR;
		/* The first block carries the alignment. */
		min_order = i ? 0 : get_order(a->align);
		page = NULL;
		for (o = 0; o < ARRAY_SIZE(cen_orders); o++) {
			order = max(cen_orders[o], min_order);
			if (order > min_order &&
			    (1UL << order) > buf->nr_pages - i)
				continue;
			gfp = order > min_order ? CEN_HIGH_ORDER_GFP :
						  CEN_LOW_ORDER_GFP;
			page = alloc_pages(gfp | zone, order);
			n = min_t(pgoff_t, buf->nr_pages - i, 1UL << order);
			if (page && !cen_block_ok(page, (u64)n << PAGE_SHIFT, last,
						  i ? PAGE_SIZE : a->align)) {
				__free_pages(page, order);
				page = NULL;
			}
			if (page || order == min_order)
				break;
		}
		if (!page)
			return -ENOMEM;
		split_page(page, order);
		for (k = 0; k < n; k++)
			pages[i + k] = cen_nth_page(page, k);
		for (; k < (1UL << order); k++)
			__free_page(cen_nth_page(page, k));
		i += n;
		cond_resched();
	}
	return 0;
}
