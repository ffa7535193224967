// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: dma-buf exporter with constraint-aware delayed
 * allocation, served through the DMA-BUF heap ioctl.
 *
 * Hand-written and spec-independent: censpec copies this file unchanged
 * into every generated module; the board's allocators, devices and heaps
 * come from the generated tables (cen_spec).
 *
 * A buffer is created without backing pages. Its access mask starts as the
 * initial mask of the heap it came from; every attach ANDs the attaching
 * device's constraint mask into it and is refused if that would leave no
 * allocator (-EINVAL), or if the buffer is already backed (or being backed)
 * by an allocator the device does not accept (-EBUSY). The first map,
 * mmap, vmap or CPU access backs the buffer from the highest-priority
 * allocator (lowest bit) left in the mask that can serve it; when one
 * cannot, the next one left in the mask is tried. Detach never widens the
 * mask again.
 *
 * Locking: buf->lock protects the buffer's state and is never held while
 * memory is allocated; buf->back_lock serialises backing and is taken
 * before buf->lock, never under it. The registry and buffer list mutexes
 * are never taken while a buffer mutex is held, except buffer mutexes
 * nested inside the buffer list mutex by the debugfs reader.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cdev.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <uapi/linux/dma-heap.h>

#include "cen_core.h"

#define CREATE_TRACE_POINTS
#include "cen_trace.h"

/* Largest buddy order; MAX_ORDER changed meaning in 6.4, this did not. */
#define CEN_MAX_ORDER	ilog2(MAX_ORDER_NR_PAGES)

#define CEN_MAX_ALLOCATORS	32
#define CEN_NO_ALLOC		(-1)

/* Orders of the pages backend, largest first, as the system heap's. */
static const unsigned int cen_orders[] = { 8, 4, 0 };

/* High orders must not dig into reclaim: fall back to smaller ones. */
#define CEN_HIGH_ORDER_GFP	(((GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY) & \
				  ~__GFP_RECLAIM) | __GFP_ZERO | __GFP_ACCOUNT)
#define CEN_LOW_ORDER_GFP	(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN | \
				 __GFP_ACCOUNT)

struct cen_registration {
	struct list_head node;
	struct device *dev;
	unsigned int id;
};

struct cen_buffer {
	struct mutex back_lock;		/* serialises backing, outside lock */
	struct mutex lock;		/* protects everything below */
	struct list_head attachments;
	u32 access_mask;
	int alloc;			/* chosen allocator, -1 before backing */
	int backing;			/* allocator being tried, or -1 */
	struct page **pages;		/* nr_pages entries once backed */
	void *vaddr;
	unsigned int vmap_count;
	unsigned int nr_mapped;		/* attachments mapped now */
	/* Set at creation or backing, constant afterwards. */
	struct list_head node;		/* on cen_buffers */
	u64 id;
	size_t size;
	pgoff_t nr_pages;
	unsigned int heap;
	struct page *block;		/* contiguous backend: the block */
	dma_addr_t block_dma;
	size_t block_size;
};

struct cen_attachment {
	struct list_head node;
	struct device *dev;
	const char *spec_dev;		/* spec device name, or "unmatched" */
	u32 dev_mask;
	struct sg_table table;
	bool has_table;
	bool mapped;
	enum dma_data_direction dir;
	unsigned long attrs;
};

/* Run-time state of each allocator. */
struct cen_allocator_state {
	struct platform_device *pdev;	/* contiguous: the allocating device */
	struct reserved_mem *rmem;	/* its region, if the spec names one */
	gfp_t zone;			/* zone modifier for its bound */
	bool zone_exact;		/* every page of that zone is in bound */
	bool usable;
	atomic64_t used;		/* bytes handed out */
};

static DEFINE_MUTEX(cen_registry_lock);
static LIST_HEAD(cen_registry);
static DEFINE_MUTEX(cen_buffers_lock);
static LIST_HEAD(cen_buffers);
static atomic64_t cen_next_id = ATOMIC64_INIT(0);
static struct miscdevice *cen_miscs;
static unsigned int *cen_heap_ids;	/* file->private_data of a heap */
static bool cen_heap_class_ok;
static dev_t cen_heap_devt;
static struct cdev cen_heap_cdev;
static struct device **cen_heap_devs;
static struct dentry *cen_debugfs;
static struct cen_allocator_state cen_state[CEN_MAX_ALLOCATORS];
/* Physical end of each zone over all nodes, 0 if the zone is empty. */
static u64 cen_zone_end[MAX_NR_ZONES];

static const char *cen_alloc_name(int alloc)
{
	return alloc < 0 ? "-" : cen_spec.allocators[alloc].name;
}

/* Allocators the CPU may access: every one not declared protected. */
static u32 cen_cpu_mask(void)
{
	unsigned int i;
	u32 mask = 0;

	for (i = 0; i < cen_spec.nr_allocators; i++)
		if (!cen_spec.allocators[i].protected_mem)
			mask |= BIT(i);
	return mask;
}

/* Last byte allocator @i may hand out. */
static u64 cen_alloc_last(unsigned int i)
{
	const struct cen_allocator_desc *a = &cen_spec.allocators[i];
	u64 below = a->below;

	if (a->backend == CEN_BACKEND_PAGES_DMA32 && below > SZ_4G)
		below = SZ_4G;
	return below - 1;
}

static bool cen_range_ok(phys_addr_t start, u64 len, u64 last)
{
	return len && start <= last && len - 1 <= last - start;
}

/*
 * ---------------------------------------------------------------------
 * Reach of a device, from what the DMA API knows about it.
 * ---------------------------------------------------------------------
 */

/* Highest DMA address the device can reach, 0 if it has no DMA mask. */
static u64 cen_dma_limit(struct device *dev)
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
 * Mask of a device the spec does not name: the allocators whose whole
 * range [ram_base, below) it reaches, by its DMA mask, bus limit and bus
 * offsets; any CPU-accessible allocator for a device behind an IOMMU (the
 * IOMMU maps any page; its IOVA space is not a physical bound). Never a
 * protected allocator: nothing says this device may see protected memory.
 */
static u32 cen_derived_mask(struct device *dev, u64 limit)
{
	unsigned int i;
	u32 mask = 0;

	if (device_iommu_mapped(dev))
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
static bool cen_keeps_promise(struct device *dev,
			      const struct cen_device_desc *d, u64 limit)
{
	u64 want = DMA_BIT_MASK(d->dma_bits);

	if (d->iommu)
		return limit >= want;
	return cen_dev_reaches(dev, cen_spec.ram_base,
			       min(want, cen_spec.ram_end - 1), limit);
}

/*
 * ---------------------------------------------------------------------
 * Spec devices: explicit registration and matching at attach.
 * ---------------------------------------------------------------------
 */

int cen_register_device(struct device *dev, unsigned int id)
{
	struct cen_registration *reg, *r;
	const struct cen_device_desc *d;
	u64 limit;

	if (!dev)
		return -EINVAL;
	if (id >= cen_spec.nr_devices) {
		dev_err(dev, "%s: unknown device id %u\n", cen_spec.name, id);
		return -EINVAL;
	}
	d = &cen_spec.devices[id];
	limit = cen_dma_limit(dev);
	if (!cen_keeps_promise(dev, d, limit)) {
		dev_err(dev,
			"%s: spec device %s has %u DMA address bits, but the device's DMA limit is 0x%llx\n",
			cen_spec.name, d->name, d->dma_bits, limit);
		return -EINVAL;
	}
	if (d->iommu && !device_iommu_mapped(dev))
		dev_warn(dev, "%s: spec device %s is declared behind an IOMMU, but no IOMMU maps it\n",
			 cen_spec.name, d->name);

	reg = kzalloc(sizeof(*reg), GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	reg->dev = get_device(dev);
	reg->id = id;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			mutex_unlock(&cen_registry_lock);
			dev_err(dev, "%s: already registered as %s\n",
				cen_spec.name, cen_spec.devices[r->id].name);
			put_device(dev);
			kfree(reg);
			return -EBUSY;
		}
	}
	list_add_tail(&reg->node, &cen_registry);
	mutex_unlock(&cen_registry_lock);

	dev_dbg(dev, "registered as %s, constraint mask 0x%x\n", d->name,
		d->mask);
	return 0;
}

void cen_unregister_device(struct device *dev)
{
	struct cen_registration *r, *found = NULL;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			list_del(&r->node);
			found = r;
			break;
		}
	}
	mutex_unlock(&cen_registry_lock);

	if (!found)
		return;
	put_device(found->dev);
	kfree(found);
}

static bool cen_string_matches(struct device *dev, const char *s)
{
	return (dev->of_node && of_device_is_compatible(dev->of_node, s)) ||
	       !strcmp(dev_name(dev), s);
}

/* Spec device that @dev is: registered, else matched; -1 if neither. */
static int cen_identify(struct device *dev)
{
	const char * const *m;
	struct cen_registration *r;
	unsigned int i;
	int id = -1;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			id = r->id;
			break;
		}
	}
	mutex_unlock(&cen_registry_lock);
	if (id >= 0)
		return id;

	for (i = 0; i < cen_spec.nr_devices; i++)
		for (m = cen_spec.devices[i].match; m && *m; m++)
			if (cen_string_matches(dev, *m))
				return i;
	return -1;
}

/* The spec device name of @dev for tracepoints, "unmatched" if none. */
static const char *cen_spec_dev_name(struct device *dev)
{
	int id = dev ? cen_identify(dev) : -1;

	return id >= 0 ? cen_spec.devices[id].name : "unmatched";
}

/*
 * Constraint mask of @dev. A spec device (registered or matched) gets the
 * spec's mask, or none if its DMA mask does not keep the spec's promise. A
 * device with no DMA mask cannot map (cen_map refuses it) and does not
 * narrow the mask beyond the CPU-accessible allocators. Any other device
 * gets the mask the DMA API's view of it gives (cen_derived_mask), never
 * the RFC's all-ones.
 */
static u32 cen_device_mask(struct device *dev)
{
	const struct cen_device_desc *d;
	u64 limit = cen_dma_limit(dev);
	int id = cen_identify(dev);
	u32 mask;

	if (id >= 0) {
		d = &cen_spec.devices[id];
		if (cen_keeps_promise(dev, d, limit))
			return d->mask;
		dev_warn_ratelimited(dev,
				     "%s: DMA limit 0x%llx does not reach the %u bits of spec device %s\n",
				     cen_spec.name, limit, d->dma_bits, d->name);
		return 0;
	}
	if (!limit) {
		dev_info_ratelimited(dev,
				     "%s: unknown device without a DMA mask: CPU access only, map refused\n",
				     cen_spec.name);
		return cen_cpu_mask();
	}
	mask = cen_derived_mask(dev, limit);
	dev_info_ratelimited(dev,
			     "%s: not a spec device: mask 0x%x from its DMA limit 0x%llx%s%s\n",
			     cen_spec.name, mask, limit,
			     dev->dma_range_map ? ", bus offsets" : "",
			     device_iommu_mapped(dev) ? ", IOMMU" : "");
	return mask;
}

/* A warning for each match string that names nothing on this system yet. */
static int cen_match_one(struct device *dev, const void *data)
{
	return cen_string_matches(dev, data);
}

static void cen_check_matches(void)
{
	const struct cen_device_desc *d;
	const char * const *m;
	struct device_node *np;
	struct device *dev;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_devices; i++) {
		d = &cen_spec.devices[i];
		for (m = d->match; m && *m; m++) {
			np = of_find_compatible_node(NULL, NULL, *m);
			if (np) {
				of_node_put(np);
				continue;
			}
			dev = bus_find_device(&platform_bus_type, NULL, *m,
					      cen_match_one);
			if (dev) {
				put_device(dev);
				continue;
			}
			pr_warn("spec device %s: match \"%s\" names no devicetree node or platform device (yet)\n",
				d->name, *m);
		}
	}
}

/*
 * ---------------------------------------------------------------------
 * Backends.
 * ---------------------------------------------------------------------
 */

/* Physical end of every zone, over all nodes, as this kernel laid them out. */
static void cen_probe_zones(void)
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
static gfp_t cen_zone_for(u64 last, bool *exact)
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

static const char *cen_zone_name(gfp_t zone)
{
	if (zone & __GFP_DMA)
		return "DMA";
	if (zone & __GFP_DMA32)
		return "DMA32";
	return "any";
}

static void cen_free_pages(struct cen_buffer *buf)
{
	pgoff_t i;

	if (!buf->pages)
		return;
	if (buf->block) {
		dma_free_pages(&cen_state[buf->alloc].pdev->dev, buf->block_size,
			       buf->block, buf->block_dma, DMA_TO_DEVICE);
		buf->block = NULL;
	} else {
		for (i = 0; i < buf->nr_pages; i++)
			if (buf->pages[i])
				__free_page(buf->pages[i]);
	}
	kvfree(buf->pages);
	buf->pages = NULL;
}

static bool cen_block_ok(struct page *page, u64 len, u64 last, u64 align)
{
	phys_addr_t phys = page_to_phys(page);

	return IS_ALIGNED(phys, align) && cen_range_ok(phys, len, last);
}

/*
 * Pages from the page allocator, in blocks of order 8, 4 and 0 (the
 * system heap's), each split into single pages and checked against the
 * bound. The first block is at least as large as the alignment, so that
 * the buffer starts on the allocator's boundary. Memory is charged to the
 * memory cgroup of the process whose map or CPU access backs the buffer.
 */
static int cen_back_pages(struct cen_buffer *buf, struct page **pages,
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
			pages[i + k] = nth_page(page, k);
		for (; k < (1UL << order); k++)
			__free_page(nth_page(page, k));
		i += n;
		cond_resched();
	}
	return 0;
}

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
static int cen_back_contiguous(struct cen_buffer *buf, struct page **pages,
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
		pages[i] = nth_page(page, i);
	buf->block = page;
	buf->block_dma = dma;
	buf->block_size = size;
	return 0;
}

static int cen_try_allocator(struct cen_buffer *buf, struct page **pages,
			     unsigned int idx)
{
	const struct cen_allocator_desc *a = &cen_spec.allocators[idx];
	struct cen_allocator_state *st = &cen_state[idx];
	pgoff_t i;
	int ret;

	if (!st->usable)
		return -ENODEV;
	if (a->size &&
	    atomic64_add_return(buf->size, &st->used) > a->size) {
		atomic64_sub(buf->size, &st->used);
		return -ENOSPC;
	}
	if (a->backend == CEN_BACKEND_CONTIGUOUS) {
		ret = cen_back_contiguous(buf, pages, idx);
	} else {
		ret = cen_back_pages(buf, pages, idx);
		if (ret)
			for (i = 0; i < buf->nr_pages && pages[i]; i++) {
				__free_page(pages[i]);
				pages[i] = NULL;
			}
	}
	if (ret && a->size)
		atomic64_sub(buf->size, &st->used);
	return ret;
}

/*
 * Back @buf unless it is backed: the allocators left in its access mask are
 * tried in priority order, the first that serves the whole buffer wins. @dev
 * is the device whose operation triggered it, or NULL for a CPU access.
 * No buffer lock is held while allocating: an attach meanwhile sees the
 * allocator being tried as chosen. On failure nothing stays allocated and
 * nothing is chosen.
 */
static int cen_back(struct cen_buffer *buf, struct device *dev)
{
	struct page **pages;
	unsigned int idx = 0;
	int ret = -EINVAL;
	u32 tried = 0;
	u32 chosen_mask = 0;
	u32 mask;
	int next;

	mutex_lock(&buf->back_lock);
	if (READ_ONCE(buf->alloc) >= 0) {
		mutex_unlock(&buf->back_lock);
		return 0;
	}
	pages = kvcalloc(buf->nr_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages) {
		mutex_unlock(&buf->back_lock);
		return -ENOMEM;
	}
	for (next = 0; next < (int)cen_spec.nr_allocators; next = idx + 1) {
		mutex_lock(&buf->lock);
		mask = buf->access_mask & ~(u32)(BIT_ULL(next) - 1);
		if (!mask) {
			buf->backing = CEN_NO_ALLOC;
			mutex_unlock(&buf->lock);
			break;
		}
		idx = __ffs(mask);
		buf->backing = idx;
		chosen_mask = buf->access_mask;
		mutex_unlock(&buf->lock);

		ret = cen_try_allocator(buf, pages, idx);
		if (!ret)
			break;
		tried |= BIT(idx);
		pr_info("buffer %llu (%zu bytes): allocator %s cannot serve %s: %d%s\n",
			buf->id, buf->size, cen_spec.allocators[idx].name,
			dev ? dev_name(dev) : "cpu", ret,
			(mask & ~BIT(idx)) ? ", trying the next one" : "");
		if (ret == -EINTR)
			break;
	}

	mutex_lock(&buf->lock);
	buf->backing = CEN_NO_ALLOC;
	if (!ret) {
		buf->pages = pages;
		buf->alloc = idx;
		pr_debug("buffer %llu: backed for %s, mask 0x%x, allocator %s\n",
			 buf->id, dev ? dev_name(dev) : "cpu",
			 buf->access_mask, cen_alloc_name(idx));
	}
	mutex_unlock(&buf->lock);
	mutex_unlock(&buf->back_lock);
	trace_cen_alloc(buf->id, dev ? dev_name(dev) : "cpu",
			dev ? cen_spec_dev_name(dev) : "cpu",
			ret ? "-" : cen_spec.allocators[idx].name, chosen_mask,
			tried, buf->size, ret);
	if (ret)
		kvfree(pages);
	return ret;
}

/* The buffer is, or would be, backed by a protected allocator. */
static bool cen_cpu_refused(struct cen_buffer *buf)
{
	int alloc = buf->alloc;

	if (alloc < 0 && buf->access_mask)
		alloc = __ffs(buf->access_mask);
	return alloc >= 0 && cen_spec.allocators[alloc].protected_mem;
}

/* CPU access: refused (-EPERM) for protected memory, else backs @buf. */
static int cen_cpu_back(struct cen_buffer *buf, const char *what)
{
	bool refused;

	mutex_lock(&buf->lock);
	refused = cen_cpu_refused(buf);
	mutex_unlock(&buf->lock);
	if (refused) {
		pr_info("buffer %llu: %s refused: protected memory\n", buf->id,
			what);
		return -EPERM;
	}
	return cen_back(buf, NULL);
}

/*
 * ---------------------------------------------------------------------
 * dma-buf exporter operations.
 * ---------------------------------------------------------------------
 */

static int cen_attach(struct dma_buf *dmabuf,
		      struct dma_buf_attachment *attachment)
{
	struct cen_buffer *buf = dmabuf->priv;
	struct device *dev = attachment->dev;
	struct cen_attachment *a;
	u32 dev_mask, mask;
	int ret = 0;
	int chosen;

	dev_mask = cen_device_mask(dev);

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->dev = dev;
	a->spec_dev = cen_spec_dev_name(dev);
	a->dev_mask = dev_mask;
	INIT_LIST_HEAD(&a->node);

	mutex_lock(&buf->lock);
	chosen = buf->alloc >= 0 ? buf->alloc : buf->backing;
	if (chosen >= 0 && !(dev_mask & BIT(chosen))) {
		dev_dbg(dev,
			"buffer %llu: attach refused (-EBUSY): backed by %s, device mask 0x%x, access mask 0x%x\n",
			buf->id, cen_alloc_name(chosen), dev_mask,
			buf->access_mask);
		ret = -EBUSY;
		goto unlock;
	}
	mask = buf->access_mask & dev_mask;
	if (!mask) {
		dev_dbg(dev,
			"buffer %llu: attach refused (-EINVAL): device mask 0x%x, access mask 0x%x, no allocator left\n",
			buf->id, dev_mask, buf->access_mask);
		ret = -EINVAL;
		goto unlock;
	}
	if (chosen >= 0)
		dev_dbg(dev,
			"buffer %llu: attach after allocation, %s accepted by luck\n",
			buf->id, cen_alloc_name(chosen));
	dev_dbg(dev, "buffer %llu: attach, device mask 0x%x, access mask 0x%x -> 0x%x\n",
		buf->id, dev_mask, buf->access_mask, mask);
	buf->access_mask = mask;
	list_add_tail(&a->node, &buf->attachments);
	attachment->priv = a;
unlock:
	mask = buf->access_mask;
	mutex_unlock(&buf->lock);
	trace_cen_attach(buf->id, dev_name(dev), a->spec_dev, dev_mask, mask,
			 ret);
	if (ret)
		kfree(a);
	return ret;
}

/* Caller holds buf->lock. */
static void cen_unmap_locked(struct cen_buffer *buf, struct cen_attachment *a)
{
	unsigned long attrs = a->attrs;

	/* Others still map it: they own the memory, no CPU sync now. */
	if (buf->nr_mapped > 1)
		attrs |= DMA_ATTR_SKIP_CPU_SYNC;
	dma_unmap_sgtable(a->dev, &a->table, a->dir, attrs);
	a->mapped = false;
	buf->nr_mapped--;
}

static void cen_detach(struct dma_buf *dmabuf,
		       struct dma_buf_attachment *attachment)
{
	struct cen_buffer *buf = dmabuf->priv;
	struct cen_attachment *a = attachment->priv;

	mutex_lock(&buf->lock);
	list_del(&a->node);
	if (a->mapped) {
		dev_warn(a->dev, "buffer %llu: detached while mapped\n",
			 buf->id);
		cen_unmap_locked(buf, a);
	}
	dev_dbg(a->dev, "buffer %llu: detach, access mask stays 0x%x\n",
		buf->id, buf->access_mask);
	mutex_unlock(&buf->lock);
	trace_cen_detach(buf->id, dev_name(a->dev), a->spec_dev);

	if (a->has_table)
		sg_free_table(&a->table);
	kfree(a);
}

/*
 * The attachment's own sg_table, its segments no longer than the
 * importer's dma_get_max_seg_size(), mapped in the importer's direction.
 * While another attachment is mapped the memory already belongs to the
 * devices, so this mapping skips the CPU cache maintenance (DMA-API debug
 * would otherwise see two cache-owning mappings of the same lines).
 */
static struct sg_table *cen_map(struct dma_buf_attachment *attachment,
				enum dma_data_direction dir)
{
	struct cen_buffer *buf = attachment->dmabuf->priv;
	struct cen_attachment *a = attachment->priv;
	unsigned int max_seg;
	int ret;

	if (!cen_dma_limit(a->dev)) {
		dev_info(a->dev, "buffer %llu: map refused: the device has no DMA mask\n",
			 buf->id);
		trace_cen_map(buf->id, dev_name(a->dev), a->spec_dev, dir,
			      -EINVAL);
		return ERR_PTR(-EINVAL);
	}
	ret = cen_back(buf, a->dev);
	if (ret) {
		dev_dbg(a->dev, "buffer %llu: map failed: %d\n", buf->id, ret);
		trace_cen_map(buf->id, dev_name(a->dev), a->spec_dev, dir, ret);
		return ERR_PTR(ret);
	}

	mutex_lock(&buf->lock);
	if (a->mapped) {
		ret = -EBUSY;
		goto unlock;
	}
	if (!a->has_table) {
		max_seg = max_t(unsigned int, dma_get_max_seg_size(a->dev),
				PAGE_SIZE);
		ret = sg_alloc_table_from_pages_segment(&a->table, buf->pages,
							buf->nr_pages, 0,
							buf->size,
							rounddown(max_seg,
								  PAGE_SIZE),
							GFP_KERNEL);
		if (ret)
			goto unlock;
		a->has_table = true;
	}
	a->attrs = buf->nr_mapped ? DMA_ATTR_SKIP_CPU_SYNC : 0;
	ret = dma_map_sgtable(a->dev, &a->table, dir, a->attrs);
	if (ret)
		goto unlock;
	a->mapped = true;
	a->dir = dir;
	buf->nr_mapped++;
	dev_dbg(a->dev, "buffer %llu: map (dir %d), allocator %s\n", buf->id,
		dir, cen_alloc_name(buf->alloc));
unlock:
	mutex_unlock(&buf->lock);
	trace_cen_map(buf->id, dev_name(a->dev), a->spec_dev, dir, ret);
	if (ret)
		dev_dbg(a->dev, "buffer %llu: map failed: %d\n", buf->id, ret);
	return ret ? ERR_PTR(ret) : &a->table;
}

static void cen_unmap(struct dma_buf_attachment *attachment,
		      struct sg_table *table, enum dma_data_direction dir)
{
	struct cen_buffer *buf = attachment->dmabuf->priv;
	struct cen_attachment *a = attachment->priv;
	bool unmapped = false;

	mutex_lock(&buf->lock);
	if (a->mapped && table == &a->table) {
		cen_unmap_locked(buf, a);
		unmapped = true;
	}
	mutex_unlock(&buf->lock);
	trace_cen_unmap(buf->id, dev_name(a->dev), a->spec_dev, dir,
			unmapped ? 0 : -ENOENT);
}

/*
 * CPU access: every mapped attachment is synced in the direction it was
 * mapped with (DMA-API rule), the kernel mapping invalidated or flushed.
 */
static int cen_begin_cpu_access(struct dma_buf *dmabuf,
				enum dma_data_direction dir)
{
	struct cen_buffer *buf = dmabuf->priv;
	struct cen_attachment *a;
	int ret;

	ret = cen_cpu_back(buf, "CPU access");
	trace_cen_cpu_access(buf->id, "begin", dir, ret);
	if (ret)
		return ret;
	mutex_lock(&buf->lock);
	if (buf->vmap_count)
		invalidate_kernel_vmap_range(buf->vaddr, buf->size);
	list_for_each_entry(a, &buf->attachments, node)
		if (a->mapped)
			dma_sync_sgtable_for_cpu(a->dev, &a->table, a->dir);
	mutex_unlock(&buf->lock);
	return 0;
}

static int cen_end_cpu_access(struct dma_buf *dmabuf,
			      enum dma_data_direction dir)
{
	struct cen_buffer *buf = dmabuf->priv;
	struct cen_attachment *a;
	int ret;

	ret = cen_cpu_back(buf, "CPU access");
	trace_cen_cpu_access(buf->id, "end", dir, ret);
	if (ret)
		return ret;
	mutex_lock(&buf->lock);
	if (buf->vmap_count)
		flush_kernel_vmap_range(buf->vaddr, buf->size);
	list_for_each_entry(a, &buf->attachments, node)
		if (a->mapped)
			dma_sync_sgtable_for_device(a->dev, &a->table, a->dir);
	mutex_unlock(&buf->lock);
	return 0;
}

/*
 * Maps the pages as PFN ranges, one per physically contiguous run (as the
 * system heap does): the pages of a contiguous block carry no references
 * of their own.
 */
static int cen_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct cen_buffer *buf = dmabuf->priv;
	unsigned long addr = vma->vm_start;
	pgoff_t i = vma->vm_pgoff, run;
	int ret;

	ret = cen_cpu_back(buf, "mmap");
	trace_cen_cpu_access(buf->id, "mmap", DMA_NONE, ret);
	if (ret)
		return ret;
	if (i >= buf->nr_pages || vma_pages(vma) > buf->nr_pages - i)
		return -ENXIO;
	while (addr < vma->vm_end) {
		for (run = 1; addr + (run << PAGE_SHIFT) < vma->vm_end &&
		     page_to_pfn(buf->pages[i + run]) ==
		     page_to_pfn(buf->pages[i]) + run; run++)
			;
		ret = remap_pfn_range(vma, addr, page_to_pfn(buf->pages[i]),
				      run << PAGE_SHIFT, vma->vm_page_prot);
		if (ret)
			return ret;
		addr += run << PAGE_SHIFT;
		i += run;
	}
	return 0;
}

static int cen_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cen_buffer *buf = dmabuf->priv;
	void *vaddr;
	int ret;

	ret = cen_cpu_back(buf, "vmap");
	trace_cen_cpu_access(buf->id, "vmap", DMA_NONE, ret);
	if (ret)
		return ret;
	mutex_lock(&buf->lock);
	if (!buf->vmap_count) {
		vaddr = vmap(buf->pages, buf->nr_pages, VM_MAP, PAGE_KERNEL);
		if (!vaddr) {
			ret = -ENOMEM;
			goto unlock;
		}
		buf->vaddr = vaddr;
	}
	buf->vmap_count++;
	iosys_map_set_vaddr(map, buf->vaddr);
unlock:
	mutex_unlock(&buf->lock);
	return ret;
}

static void cen_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cen_buffer *buf = dmabuf->priv;

	mutex_lock(&buf->lock);
	if (buf->vmap_count && !--buf->vmap_count) {
		vunmap(buf->vaddr);
		buf->vaddr = NULL;
	}
	mutex_unlock(&buf->lock);
	iosys_map_clear(map);
}

static void cen_release(struct dma_buf *dmabuf)
{
	struct cen_buffer *buf = dmabuf->priv;
	const struct cen_allocator_desc *a;

	mutex_lock(&cen_buffers_lock);
	list_del(&buf->node);
	mutex_unlock(&cen_buffers_lock);
	trace_cen_release(buf->id);

	if (buf->vmap_count)
		vunmap(buf->vaddr);
	if (buf->alloc >= 0) {
		a = &cen_spec.allocators[buf->alloc];
		if (a->size)
			atomic64_sub(buf->size, &cen_state[buf->alloc].used);
	}
	cen_free_pages(buf);
	mutex_destroy(&buf->lock);
	mutex_destroy(&buf->back_lock);
	kfree(buf);
}

static const struct dma_buf_ops cen_dma_buf_ops = {
	.attach = cen_attach,
	.detach = cen_detach,
	.map_dma_buf = cen_map,
	.unmap_dma_buf = cen_unmap,
	.begin_cpu_access = cen_begin_cpu_access,
	.end_cpu_access = cen_end_cpu_access,
	.mmap = cen_mmap,
	.vmap = cen_vmap,
	.vunmap = cen_vunmap,
	.release = cen_release,
};

/**
 * cen_create() - create an unbacked buffer
 * @heap: index in cen_spec.heaps
 * @len: size in bytes, rounded up to whole pages
 * @fd_flags: O_CLOEXEC and an access mode, as DMA_HEAP_VALID_FD_FLAGS allow
 * @heap_flags: must be 0
 *
 * Return: the dma-buf, or an ERR_PTR: -EINVAL for bad arguments or a length
 * over the heap's largest, -ENOMEM.
 */
struct dma_buf *cen_create(unsigned int heap, u64 len, u32 fd_flags,
			   u64 heap_flags)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	const struct cen_heap_desc *h;
	struct cen_buffer *buf;
	struct dma_buf *dmabuf;

	if (heap >= cen_spec.nr_heaps || (fd_flags & ~DMA_HEAP_VALID_FD_FLAGS) ||
	    (heap_flags & ~DMA_HEAP_VALID_HEAP_FLAGS))
		return ERR_PTR(-EINVAL);
	h = &cen_spec.heaps[heap];
	if (!len || len > h->max_len) {
		pr_debug("heap %s: length %llu outside 1..%llu\n", h->name, len,
			 h->max_len);
		return ERR_PTR(-EINVAL);
	}
	if (PAGE_ALIGN(len) >> PAGE_SHIFT > totalram_pages())
		return ERR_PTR(-ENOMEM);

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	mutex_init(&buf->back_lock);
	mutex_init(&buf->lock);
	INIT_LIST_HEAD(&buf->attachments);
	INIT_LIST_HEAD(&buf->node);
	buf->access_mask = h->initial_mask;
	buf->alloc = CEN_NO_ALLOC;
	buf->backing = CEN_NO_ALLOC;
	buf->size = PAGE_ALIGN(len);
	buf->nr_pages = buf->size >> PAGE_SHIFT;
	buf->heap = heap;
	buf->id = atomic64_inc_return(&cen_next_id);

	/* exp_info.owner pins this module for as long as the dma-buf lives. */
	exp_info.exp_name = h->name;
	exp_info.ops = &cen_dma_buf_ops;
	exp_info.size = buf->size;
	exp_info.flags = fd_flags;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		mutex_destroy(&buf->lock);
		mutex_destroy(&buf->back_lock);
		kfree(buf);
		return dmabuf;
	}

	mutex_lock(&cen_buffers_lock);
	list_add_tail(&buf->node, &cen_buffers);
	mutex_unlock(&cen_buffers_lock);

	pr_debug("buffer %llu: created on heap %s, size %zu, access mask 0x%x\n",
		 buf->id, h->name, buf->size, buf->access_mask);
	trace_cen_create(cen_spec.name, buf->id, h->name, buf->size,
			 buf->access_mask);
	return dmabuf;
}

/* Access mask and chosen allocator (-1 if none) of one of our buffers. */
void cen_buffer_state(struct dma_buf *dmabuf, u32 *mask, int *alloc)
{
	struct cen_buffer *buf;

	*mask = 0;
	*alloc = CEN_NO_ALLOC;
	if (!dmabuf || dmabuf->ops != &cen_dma_buf_ops)
		return;
	buf = dmabuf->priv;
	mutex_lock(&buf->lock);
	*mask = buf->access_mask;
	*alloc = buf->alloc;
	mutex_unlock(&buf->lock);
}

/**
 * cen_buffer_backing() - the backing pages of one of our buffers
 * @dmabuf: a buffer of this module
 * @pages: set to its pages, which stay until the buffer is released
 * @nr_pages: set to how many there are
 *
 * For the test build's placement check, which judges them by the spec's
 * tables alone (cen_test.c).
 *
 * Return: the allocator that backs the buffer, or -1 if nothing does.
 */
int cen_buffer_backing(struct dma_buf *dmabuf, struct page * const **pages,
		       pgoff_t *nr_pages)
{
	struct cen_buffer *buf;
	int alloc = CEN_NO_ALLOC;

	*pages = NULL;
	*nr_pages = 0;
	if (!dmabuf || dmabuf->ops != &cen_dma_buf_ops)
		return alloc;
	buf = dmabuf->priv;
	mutex_lock(&buf->lock);
	if (buf->alloc >= 0 && buf->pages) {
		alloc = buf->alloc;
		*pages = buf->pages;
		*nr_pages = buf->nr_pages;
	}
	mutex_unlock(&buf->lock);
	return alloc;
}

/*
 * ---------------------------------------------------------------------
 * Heaps, debugfs, setup.
 * ---------------------------------------------------------------------
 */

static long cen_heap_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	unsigned int heap = *(unsigned int *)file->private_data;
	struct dma_heap_allocation_data data;
	void __user *uarg = (void __user *)arg;
	struct dma_buf *dmabuf;
	int fd;

	if (cmd != DMA_HEAP_IOCTL_ALLOC)
		return -ENOTTY;
	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	if (data.fd)
		return -EINVAL;

	dmabuf = cen_create(heap, data.len, data.fd_flags, data.heap_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	fd = get_unused_fd_flags(data.fd_flags);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	data.fd = fd;
	if (copy_to_user(uarg, &data, sizeof(data))) {
		put_unused_fd(fd);
		dma_buf_put(dmabuf);
		return -EFAULT;
	}
	fd_install(fd, dmabuf->file);
	return 0;
}

/* Any open mode: the uapi's fd_flags, not the heap's, govern the buffer. */
static int cen_heap_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode) - MINOR(cen_heap_devt);

	if (minor >= cen_spec.nr_heaps)
		return -ENODEV;
	file->private_data = &cen_heap_ids[minor];
	return nonseekable_open(inode, file);
}

static const struct file_operations cen_heap_fops = {
	.owner = THIS_MODULE,
	.open = cen_heap_open,
	.unlocked_ioctl = cen_heap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/* misc_open() has set private_data to the miscdevice. */
static int cen_heap_misc_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;

	file->private_data = &cen_heap_ids[misc - cen_miscs];
	return nonseekable_open(inode, file);
}

static const struct file_operations cen_heap_misc_fops = {
	.owner = THIS_MODULE,
	.open = cen_heap_misc_open,
	.unlocked_ioctl = cen_heap_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/*
 * Heap nodes. Where the kernel has no dma-heap framework of its own, the
 * heaps are character devices of a class named "dma_heap", as the
 * framework's are: /sys/class/dma_heap lists them and udev rules on
 * SUBSYSTEM=="dma_heap" apply. Where that class exists already (the
 * kernel's heaps, or another censpec module), they are misc devices.
 * Either way the node is /dev/dma_heap/<name>, mode 0600 as upstream's.
 */
#ifdef CEN_DEVNODE_CONST
static char *cen_heap_devnode(const struct device *dev, umode_t *mode)
#else
static char *cen_heap_devnode(struct device *dev, umode_t *mode)
#endif
{
	return kasprintf(GFP_KERNEL, "dma_heap/%s", dev_name(dev));
}

static struct class cen_heap_class = {
	.name = "dma_heap",
	.devnode = cen_heap_devnode,
};

static void cen_heap_class_remove(unsigned int n)
{
	while (n--)
		device_destroy(&cen_heap_class, cen_heap_devt + n);
	cdev_del(&cen_heap_cdev);
	unregister_chrdev_region(cen_heap_devt, cen_spec.nr_heaps);
	class_unregister(&cen_heap_class);
	kfree(cen_heap_devs);
	cen_heap_devs = NULL;
}

static int cen_heap_class_add(void)
{
	struct device *dev;
	unsigned int i;
	int ret;

	/* The kernel's own dma-heap framework has the class: never a duplicate. */
	if (IS_ENABLED(CONFIG_DMABUF_HEAPS))
		return -EEXIST;
	ret = class_register(&cen_heap_class);
	if (ret)
		return ret;
	ret = alloc_chrdev_region(&cen_heap_devt, 0, cen_spec.nr_heaps,
				  "dma_heap");
	if (ret)
		goto err_class;
	cdev_init(&cen_heap_cdev, &cen_heap_fops);
	cen_heap_cdev.owner = THIS_MODULE;
	ret = cdev_add(&cen_heap_cdev, cen_heap_devt, cen_spec.nr_heaps);
	if (ret)
		goto err_region;
	cen_heap_devs = kcalloc(cen_spec.nr_heaps, sizeof(*cen_heap_devs),
				GFP_KERNEL);
	if (!cen_heap_devs) {
		ret = -ENOMEM;
		goto err_cdev;
	}
	for (i = 0; i < cen_spec.nr_heaps; i++) {
		dev = device_create(&cen_heap_class, NULL, cen_heap_devt + i,
				    NULL, "%s", cen_spec.heaps[i].name);
		if (IS_ERR(dev)) {
			ret = PTR_ERR(dev);
			pr_err("cannot create heap %s: %d\n",
			       cen_spec.heaps[i].name, ret);
			cen_heap_class_remove(i);
			return ret;
		}
		cen_heap_devs[i] = dev;
	}
	return 0;

err_cdev:
	cdev_del(&cen_heap_cdev);
err_region:
	unregister_chrdev_region(cen_heap_devt, cen_spec.nr_heaps);
err_class:
	class_unregister(&cen_heap_class);
	return ret;
}

static int cen_buffers_show(struct seq_file *s, void *unused)
{
	struct cen_attachment *a;
	struct cen_buffer *buf;
	const char *sep;

	mutex_lock(&cen_buffers_lock);
	list_for_each_entry(buf, &cen_buffers, node) {
		mutex_lock(&buf->lock);
		seq_printf(s, "id=%llu heap=%s size=%zu mask=0x%x alloc=%s devices=",
			   buf->id, cen_spec.heaps[buf->heap].name,
			   buf->size, buf->access_mask,
			   cen_alloc_name(buf->alloc));
		sep = "";
		list_for_each_entry(a, &buf->attachments, node) {
			seq_printf(s, "%s%s%s", sep, dev_name(a->dev),
				   a->mapped ? "(mapped)" : "");
			sep = ",";
		}
		seq_puts(s, *sep ? "\n" : "-\n");
		mutex_unlock(&buf->lock);
	}
	mutex_unlock(&cen_buffers_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cen_buffers);

static int cen_allocators_show(struct seq_file *s, void *unused)
{
	const struct cen_allocator_desc *a;
	struct cen_allocator_state *st;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_allocators; i++) {
		a = &cen_spec.allocators[i];
		st = &cen_state[i];
		seq_printf(s, "%s usable=%d last=0x%llx zone=%s exact=%d used=%lld size=%llu cma=%d\n",
			   a->name, st->usable, cen_alloc_last(i),
			   cen_zone_name(st->zone), st->zone_exact,
			   (long long)atomic64_read(&st->used), a->size,
			   IS_ENABLED(CONFIG_DMA_CMA));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cen_allocators);

static void cen_put_allocators(void)
{
	struct cen_allocator_state *st;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_allocators; i++) {
		st = &cen_state[i];
		if (st->rmem && st->rmem->ops && st->rmem->ops->device_release)
			st->rmem->ops->device_release(st->rmem, &st->pdev->dev);
		st->rmem = NULL;
		if (st->pdev)
			platform_device_unregister(st->pdev);
		st->pdev = NULL;
	}
}

/*
 * Gives the allocator's device the reserved-memory region @name, a child of
 * /reserved-memory that must be a reusable shared-dma-pool (a CMA area):
 * the DMA API then allocates from it. A non-reusable pool is refused, as
 * dma_alloc_pages() would silently ignore it.
 */
static int cen_attach_region(struct cen_allocator_state *st, const char *name)
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

/*
 * Per allocator: the zone for its bound and, for the contiguous backend,
 * a device whose coherent DMA mask is that bound, for the DMA API to
 * allocate from. An allocator that cannot work here is left unusable with a
 * warning; allocation then falls back past it.
 */
static int cen_setup_allocators(void)
{
	const struct cen_allocator_desc *a;
	struct cen_allocator_state *st;
	struct platform_device *pdev;
	char name[64];
	unsigned int i;
	int ret;

	cen_probe_zones();
	for (i = 0; i < cen_spec.nr_allocators; i++) {
		a = &cen_spec.allocators[i];
		st = &cen_state[i];
		atomic64_set(&st->used, 0);
		st->zone = cen_zone_for(cen_alloc_last(i), &st->zone_exact);
		st->usable = true;
		if (a->backend != CEN_BACKEND_CONTIGUOUS)
			continue;
		snprintf(name, sizeof(name), "%s-alloc-%s", cen_spec.name,
			 a->name);
		pdev = platform_device_register_simple(name, PLATFORM_DEVID_NONE,
						       NULL, 0);
		if (IS_ERR(pdev)) {
			cen_put_allocators();
			return PTR_ERR(pdev);
		}
		st->pdev = pdev;
		if (dma_set_mask_and_coherent(&pdev->dev, cen_alloc_last(i))) {
			pr_warn("allocator %s: the DMA API cannot allocate below 0x%llx here; allocator unusable\n",
				a->name, a->below);
			st->usable = false;
		}
		if (a->region) {
			ret = cen_attach_region(st, a->region);
			if (ret) {
				pr_warn("allocator %s: reserved-memory region \"%s\" (a reusable shared-dma-pool under /reserved-memory) not available: %d; allocator unusable, allocation falls back past it\n",
					a->name, a->region, ret);
				st->usable = false;
			} else if (a->size && a->size != st->rmem->size) {
				pr_warn("allocator %s: region \"%s\" has %pa bytes, the spec says %llu\n",
					a->name, a->region, &st->rmem->size,
					a->size);
			}
		} else if (!IS_ENABLED(CONFIG_DMA_CMA)) {
			pr_info("allocator %s: no CMA in this kernel, contiguous buffers up to %lu KiB from the page allocator\n",
				a->name, (PAGE_SIZE << CEN_MAX_ORDER) / SZ_1K);
		}
	}
	return 0;
}

static void cen_misc_remove(unsigned int n)
{
	while (n--) {
		misc_deregister(&cen_miscs[n]);
		kfree(cen_miscs[n].nodename);
	}
	kfree(cen_miscs);
	cen_miscs = NULL;
}

static int cen_misc_add(void)
{
	unsigned int i;
	int ret;

	cen_miscs = kcalloc(cen_spec.nr_heaps, sizeof(*cen_miscs), GFP_KERNEL);
	if (!cen_miscs)
		return -ENOMEM;
	for (i = 0; i < cen_spec.nr_heaps; i++) {
		cen_miscs[i].minor = MISC_DYNAMIC_MINOR;
		cen_miscs[i].name = cen_spec.heaps[i].name;
		cen_miscs[i].nodename = kasprintf(GFP_KERNEL, "dma_heap/%s",
						  cen_spec.heaps[i].name);
		cen_miscs[i].fops = &cen_heap_misc_fops;
		ret = cen_miscs[i].nodename ? misc_register(&cen_miscs[i]) :
					      -ENOMEM;
		if (ret) {
			pr_err("cannot register heap %s: %d\n",
			       cen_spec.heaps[i].name, ret);
			kfree(cen_miscs[i].nodename);
			cen_misc_remove(i);
			return ret;
		}
	}
	return 0;
}

static int cen_heaps_add(void)
{
	int ret;

	ret = cen_heap_class_add();
	if (!ret) {
		cen_heap_class_ok = true;
		return 0;
	}
	pr_info("class dma_heap not available (%d): heaps are misc devices\n",
		ret);
	return cen_misc_add();
}

static void cen_heaps_remove(void)
{
	if (cen_heap_class_ok)
		cen_heap_class_remove(cen_spec.nr_heaps);
	else
		cen_misc_remove(cen_spec.nr_heaps);
	cen_heap_class_ok = false;
}

int cen_core_init(void)
{
	unsigned int i;
	int ret;

	if (cen_spec.nr_allocators > CEN_MAX_ALLOCATORS)
		return -EINVAL;
	cen_heap_ids = kcalloc(cen_spec.nr_heaps, sizeof(*cen_heap_ids),
			       GFP_KERNEL);
	if (!cen_heap_ids)
		return -ENOMEM;
	for (i = 0; i < cen_spec.nr_heaps; i++)
		cen_heap_ids[i] = i;
	ret = cen_setup_allocators();
	if (ret)
		goto err_ids;
	cen_check_matches();

	cen_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("buffers", 0444, cen_debugfs, NULL,
			    &cen_buffers_fops);
	debugfs_create_file("allocators", 0444, cen_debugfs, NULL,
			    &cen_allocators_fops);

	ret = cen_heaps_add();
	if (ret)
		goto err_debugfs;
	return 0;

err_debugfs:
	debugfs_remove_recursive(cen_debugfs);
	cen_put_allocators();
err_ids:
	kfree(cen_heap_ids);
	return ret;
}

void cen_core_exit(void)
{
	struct cen_registration *r, *tmp;

	cen_heaps_remove();
	debugfs_remove_recursive(cen_debugfs);
	cen_put_allocators();
	kfree(cen_heap_ids);

	mutex_lock(&cen_registry_lock);
	list_for_each_entry_safe(r, tmp, &cen_registry, node) {
		dev_warn(r->dev, "%s: still registered at unload\n",
			 cen_spec.name);
		list_del(&r->node);
		put_device(r->dev);
		kfree(r);
	}
	mutex_unlock(&cen_registry_lock);
}

/* Kbuild defines CEN_NS_STRING on 6.13+, where namespaces are strings. */
#ifdef CEN_NS_STRING
MODULE_IMPORT_NS("DMA_BUF");
#else
MODULE_IMPORT_NS(DMA_BUF);
#endif
