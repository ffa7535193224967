// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: buffers. Creation of an unbacked buffer (the
 * heap ioctl and the test build's control device), the list of live
 * buffers, and what the test build may ask of one.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/list.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <uapi/linux/dma-heap.h>

#include "cen_priv.h"
#include "cen_trace.h"

DEFINE_MUTEX(cen_buffers_lock);	/* protects cen_buffers */
LIST_HEAD(cen_buffers);			/* every live buffer, by creation */
static atomic64_t cen_next_id = ATOMIC64_INIT(0);

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
	/* Who creates a buffer pays for it, whoever's access backs it later. */
	buf->memcg = get_mem_cgroup_from_mm(current->mm);

	/* exp_info.owner pins this module for as long as the dma-buf lives. */
	exp_info.exp_name = h->name;
	exp_info.ops = cen_vmap_offered(heap, buf->size) ? &cen_dma_buf_ops_cpu :
							    &cen_dma_buf_ops;
	exp_info.size = buf->size;
	exp_info.flags = fd_flags;
	exp_info.priv = buf;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		cen_buffer_free(buf);
		return dmabuf;
	}
	buf->dmabuf = dmabuf;

	mutex_lock(&cen_buffers_lock);
	list_add_tail(&buf->node, &cen_buffers);
	mutex_unlock(&cen_buffers_lock);

	pr_debug("buffer %llu: created on heap %s, size %zu, access mask 0x%x\n",
		 buf->id, h->name, buf->size, buf->access_mask);
	trace_cen_create(cen_spec.name, buf->id, h->name, buf->size,
			 buf->access_mask);
	return dmabuf;
}

/* A buffer's own memory, once nothing refers to it. */
void cen_buffer_free(struct cen_buffer *buf)
{
	mem_cgroup_put(buf->memcg);
	mutex_destroy(&buf->lock);
	mutex_destroy(&buf->back_lock);
	kfree(buf);
}

/* Access mask and chosen allocator (-1 if none) of one of our buffers. */
void cen_buffer_state(struct dma_buf *dmabuf, u32 *mask, int *alloc)
{
	struct cen_buffer *buf;

	*mask = 0;
	*alloc = CEN_NO_ALLOC;
	if (!dmabuf || !cen_is_buffer(dmabuf))
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
	if (!dmabuf || !cen_is_buffer(dmabuf))
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
