// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the allocators and delayed allocation. Each
 * allocator's run-time state, and the backing of a buffer at its first
 * map or CPU access from the allocators left in its access mask, in
 * priority order, falling back from one that cannot serve it to the next.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "cen_priv.h"
#include "cen_trace.h"

struct cen_allocator_state cen_state[CEN_MAX_ALLOCATORS];

void cen_put_allocators(void)
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
 * Per allocator: the zone for its bound and, for the contiguous backend,
 * a device whose coherent DMA mask is that bound, for the DMA API to
 * allocate from. An allocator that cannot work here is left unusable with a
 * warning; allocation then falls back past it.
 */
int cen_setup_allocators(void)
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
		st->largest = a->size ? a->size : U64_MAX;
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
			} else {
				if (a->size && a->size != st->rmem->size)
					pr_warn("allocator %s: region \"%s\" has %pa bytes, the spec says %llu\n",
						a->name, a->region, &st->rmem->size,
						a->size);
				st->largest = min_t(u64, st->largest,
						    st->rmem->size);
			}
		} else if (!IS_ENABLED(CONFIG_DMA_CMA)) {
			pr_info("allocator %s: no CMA in this kernel, contiguous buffers up to %lu KiB from the page allocator\n",
				a->name, (PAGE_SIZE << CEN_MAX_ORDER) / SZ_1K);
			st->largest = min_t(u64, st->largest,
					    PAGE_SIZE << CEN_MAX_ORDER);
		}
	}
	return 0;
}

void cen_free_pages(struct cen_buffer *buf)
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
 * Tries allocator @idx for @buf, charging what it allocates with
 * __GFP_ACCOUNT to the memory cgroup of the buffer's creator, whichever
 * process's map or CPU access this is (docs/kernel-module.md, "Memory
 * accounting").
 */
static int cen_try_charged(struct cen_buffer *buf, struct page **pages,
			   unsigned int idx)
{
	struct mem_cgroup *old;
	int ret;

	old = set_active_memcg(buf->memcg);
	ret = cen_try_allocator(buf, pages, idx);
	set_active_memcg(old);
	return ret;
}

/*
 * Backed: publish the pages and, for CPU-accessible memory, offer vmap
 * (cen_dma_buf_ops_cpu). Protected memory is decided here, once: the CPU
 * never gets to map it. Caller holds buf->lock.
 */
static void cen_backed(struct cen_buffer *buf, struct page **pages,
		       unsigned int idx, struct device *dev)
{
	buf->pages = pages;
	buf->alloc = idx;
	if (!cen_spec.allocators[idx].protected_mem)
		WRITE_ONCE(buf->dmabuf->ops, &cen_dma_buf_ops_cpu);
	else
		pr_info("buffer %llu: backed by protected allocator %s for %s: no CPU access (mmap, sync, vmap)\n",
			buf->id, cen_alloc_name(idx), dev ? dev_name(dev) : "cpu");
	pr_debug("buffer %llu: backed for %s, mask 0x%x, allocator %s\n",
		 buf->id, dev ? dev_name(dev) : "cpu", buf->access_mask,
		 cen_alloc_name(idx));
}

/*
 * Back @buf unless it is backed: the allocators left in its access mask are
 * tried in priority order, the first that serves the whole buffer wins. @dev
 * is the device whose operation triggered it, or NULL for a CPU access,
 * for which the search ends (-EPERM, nothing backed) at a protected
 * allocator, also after falling back past others: the CPU never backs, so
 * never maps, protected memory. The mask is read under the buffer lock at
 * every step, so an attach that narrows it meanwhile is seen. No buffer
 * lock is held while allocating: an attach meanwhile sees the allocator
 * being tried as chosen. On failure nothing stays allocated and nothing is
 * chosen; when no allocator was left to serve it the answer is -ENOMEM,
 * whatever the last one said (unusable, -ENODEV; its size used up, -ENOSPC),
 * also when the mask held none to try (a share no allocator serves).
 */
int cen_back(struct cen_buffer *buf, struct device *dev)
{
	struct page **pages;
	unsigned int idx = 0;
	int ret = -ENOMEM;
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
		if (!dev && cen_spec.allocators[idx].protected_mem) {
			buf->backing = CEN_NO_ALLOC;
			mutex_unlock(&buf->lock);
			pr_info_ratelimited("buffer %llu: CPU access by %s refused (-EPERM): the next allocator, %s, is protected\n",
					    buf->id, current->comm,
					    cen_alloc_name(idx));
			ret = -EPERM;
			break;
		}
		buf->backing = idx;
		chosen_mask = buf->access_mask;
		mutex_unlock(&buf->lock);

		ret = cen_try_charged(buf, pages, idx);
		if (!ret)
			break;
		tried |= BIT(idx);
		pr_info_ratelimited("buffer %llu (%zu bytes): allocator %s cannot serve %s: %d%s\n",
				    buf->id, buf->size, cen_spec.allocators[idx].name,
				    dev ? dev_name(dev) : "cpu", ret,
				    (mask & ~BIT(idx)) ? ", trying the next one" : "");
		if (ret == -EINTR)
			break;
	}
	if (ret && tried && ret != -EINTR && ret != -EPERM)
		ret = -ENOMEM;

	mutex_lock(&buf->lock);
	buf->backing = CEN_NO_ALLOC;
	if (!ret)
		cen_backed(buf, pages, idx, dev);
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

/*
 * Whether a buffer of @size from @heap is exported with vmap: when its mask
 * holds no protected allocator (masks only narrow, so no vmap can ever meet
 * protected memory) and some allocator of it can give a block that large
 * here, so that a vmap which backs the buffer (an importer such as
 * vb2-vmalloc vmaps first) is not bound to fail. Else vmap is offered once
 * CPU-accessible memory backs it (cen_backed()). Only the unforeseeable
 * remains: a CMA area of unknown size too small, memory running out.
 */
bool cen_vmap_offered(unsigned int heap, size_t size)
{
	u32 mask = cen_spec.heaps[heap].initial_mask;
	const struct cen_allocator_desc *a;
	bool fits = false;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_allocators; i++) {
		if (!(mask & BIT(i)))
			continue;
		a = &cen_spec.allocators[i];
		if (a->protected_mem)
			return false;
		if (cen_state[i].usable &&
		    max_t(u64, size, a->backend == CEN_BACKEND_CONTIGUOUS ?
			  a->align : 0) <= cen_state[i].largest)
			fits = true;
	}
	return fits;
}

/*
 * CPU access (mmap, DMA_BUF_IOCTL_SYNC, vmap): backs @buf if nothing did, never
 * from protected memory (cen_back()); refused (-EPERM) for a buffer backed
 * by protected memory, with one log line naming buffer, allocator and the
 * process.
 */
int cen_cpu_back(struct cen_buffer *buf, const char *what)
{
	int ret, alloc;

	ret = cen_back(buf, NULL);
	if (ret)
		return ret;
	mutex_lock(&buf->lock);
	alloc = buf->alloc;
	mutex_unlock(&buf->lock);
	if (!cen_spec.allocators[alloc].protected_mem)
		return 0;
	pr_info_ratelimited("buffer %llu: %s by %s refused (-EPERM): allocator %s is protected\n",
			    buf->id, what, current->comm, cen_alloc_name(alloc));
	return -EPERM;
}
