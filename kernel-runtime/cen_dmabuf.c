// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the dma-buf exporter operations. Attach narrows
 * a buffer's access mask by the device's constraint mask, or refuses the
 * device; the first map, mmap, vmap or CPU access backs the buffer (cen_back());
 * every attachment maps its own sg_table.
 *
 * Cache maintenance (docs/kernel-module.md, "Cache maintenance"): a map
 * syncs for the device unless another attachment is mapped (the lines are
 * clean then: the first map and every end_cpu_access since cleaned them);
 * an unmap always syncs for the CPU in the mapping's direction, so that
 * what a device wrote reaches the CPU whatever else is mapped;
 * begin/end_cpu_access sync every attachment mapped now, each in its own
 * direction. Protected memory (cen_cpu_back()) is never mapped for the
 * CPU, and vmap is offered only where it cannot meet protected memory:
 * the dma-buf core WARNs on any error of the vmap op.
 */

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "cen_priv.h"
#include "cen_trace.h"

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

/*
 * Caller holds buf->lock. Always with the CPU sync, in the mapping's
 * direction, as the upstream heaps unmap: for a device that may write
 * (from-device, bidirectional) it is what carries its data to the CPU
 * (arm64 invalidates the lines, swiotlb copies the bounce buffer back),
 * whatever other attachment stays mapped.
 */
static void cen_unmap_locked(struct cen_buffer *buf, struct cen_attachment *a)
{
	dma_unmap_sgtable(a->dev, &a->table, a->dir, 0);
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
 * While another attachment is mapped, this map skips the sync for the
 * device: the lines are already clean (the first map cleaned them, every
 * end_cpu_access since cleans them again), and DMA-API debug would
 * otherwise see two cache-owning mappings of the same lines. Only the map:
 * its unmap syncs (cen_unmap_locked()).
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
	ret = dma_map_sgtable(a->dev, &a->table, dir,
			      buf->nr_mapped ? DMA_ATTR_SKIP_CPU_SYNC : 0);
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
 * mapped with (the DMA API's rule; the access's own direction would skip
 * the invalidation a from-device mapping needs), the kernel mapping
 * invalidated or flushed. An attachment unmapped since was synced by its
 * unmap. Refused for protected memory (cen_cpu_back()).
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

/*
 * Only in cen_dma_buf_ops_cpu (cen_vmap_offered(), cen_backed()), so never
 * for a buffer that protected memory backs or may back: there the dma-buf
 * core finds no vmap op and answers -EINVAL, without the WARN_ON_ONCE() it
 * gives any error of this op. Backs the buffer if nothing did, for an
 * importer that vmaps first.
 */
static int cen_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct cen_buffer *buf = dmabuf->priv;
	void *vaddr;
	int ret;

	ret = cen_cpu_back(buf, "vmap");
	if (ret)
		goto out;
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
out:
	trace_cen_cpu_access(buf->id, "vmap", DMA_NONE, ret);
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
	cen_buffer_free(buf);
}

const struct dma_buf_ops cen_dma_buf_ops = {
	.attach = cen_attach,
	.detach = cen_detach,
	.map_dma_buf = cen_map,
	.unmap_dma_buf = cen_unmap,
	.begin_cpu_access = cen_begin_cpu_access,
	.end_cpu_access = cen_end_cpu_access,
	.mmap = cen_mmap,
	.release = cen_release,
};

const struct dma_buf_ops cen_dma_buf_ops_cpu = {
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

bool cen_is_buffer(const struct dma_buf *dmabuf)
{
	const struct dma_buf_ops *ops = READ_ONCE(dmabuf->ops);

	return ops == &cen_dma_buf_ops || ops == &cen_dma_buf_ops_cpu;
}
