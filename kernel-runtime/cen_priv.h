/* SPDX-License-Identifier: GPL-2.0 */
/*
 * censpec kernel runtime: what the runtime's files share, private to the
 * runtime (the tables see only cen_core.h).
 *
 * Locking: buf->lock protects the buffer's state and is never held while
 * memory is allocated; buf->back_lock serialises backing and is taken
 * before buf->lock, never under it. The registry and buffer list mutexes
 * are never taken while a buffer mutex is held, except buffer mutexes
 * nested inside the buffer list mutex by the debugfs reader.
 */
#ifndef _CEN_PRIV_H
#define _CEN_PRIV_H

#include <linux/atomic.h>
#include <linux/dma-direction.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

#include "cen_core.h"

struct dma_buf;
struct dma_buf_ops;
struct file;
struct mem_cgroup;
struct platform_device;
struct reserved_mem;

/* Largest buddy order; MAX_ORDER changed meaning in 6.4, this did not. */
#define CEN_MAX_ORDER	ilog2(MAX_ORDER_NR_PAGES)

/*
 * The n-th page of a block: nth_page() up to 6.17; since 6.18 the memmap
 * of any allocation is contiguous and nth_page() is gone (Kbuild probes).
 */
#ifdef CEN_NTH_PAGE
#define cen_nth_page(page, n)	nth_page(page, n)
#else
#define cen_nth_page(page, n)	((page) + (n))
#endif

#define CEN_MAX_ALLOCATORS	32
#define CEN_NO_ALLOC		(-1)

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
	struct dma_buf *dmabuf;
	struct mem_cgroup *memcg;	/* the creator's, charged for backing */
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
};

/* Run-time state of each allocator. */
struct cen_allocator_state {
	struct platform_device *pdev;	/* contiguous: the allocating device */
	struct reserved_mem *rmem;	/* its region, if the spec names one */
	gfp_t zone;			/* zone modifier for its bound */
	bool zone_exact;		/* every page of that zone is in bound */
	bool usable;
	u64 largest;			/* largest block it can give, U64_MAX unknown */
	atomic64_t used;		/* bytes handed out */
};

/* cen_buffer.c: every live buffer, for the debugfs reader. */
extern struct mutex cen_buffers_lock;
extern struct list_head cen_buffers;

/* cen_alloc.c */
extern struct cen_allocator_state cen_state[CEN_MAX_ALLOCATORS];

/*
 * cen_dmabuf.c: cen_dma_buf_ops_cpu offers vmap, cen_dma_buf_ops is the
 * same without it. A buffer is exported with the first when a vmap can
 * never meet protected memory (cen_vmap_offered()), else with the second,
 * and cen_back() installs the first once it has CPU-accessible memory.
 */
extern const struct dma_buf_ops cen_dma_buf_ops;
extern const struct dma_buf_ops cen_dma_buf_ops_cpu;
bool cen_is_buffer(const struct dma_buf *dmabuf);

/* cen_mask.c: masks and limits. */
const char *cen_alloc_name(int alloc);
u32 cen_cpu_mask(void);
u64 cen_alloc_last(unsigned int i);
bool cen_range_ok(phys_addr_t start, u64 len, u64 last);
bool cen_block_ok(struct page *page, u64 len, u64 last, u64 align);
u64 cen_dma_limit(struct device *dev);
bool cen_iommu_translates(struct device *dev);
u32 cen_derived_mask(struct device *dev, u64 limit);
bool cen_keeps_promise(struct device *dev, const struct cen_device_desc *d,
		       u64 limit);

/* cen_device.c: spec devices. */
const char *cen_spec_dev_name(struct device *dev);
u32 cen_device_mask(struct device *dev);
void cen_check_matches(void);
void cen_registry_clear(void);

/* cen_importers.c: the log of importers the spec does not name. */
void cen_importer_log(struct device *dev);
void cen_importers_clear(void);

/* cen_pages.c: the page allocator backend and the zones. */
void cen_probe_zones(void);
gfp_t cen_zone_for(u64 last, bool *exact);
const char *cen_zone_name(gfp_t zone);
int cen_back_pages(struct cen_buffer *buf, struct page **pages,
		   unsigned int idx);

/* cen_contig.c: the contiguous backend, CMA and reserved-memory regions. */
int cen_back_contiguous(struct cen_buffer *buf, struct page **pages,
			unsigned int idx);
int cen_attach_region(struct cen_allocator_state *st, const char *name);

/* cen_alloc.c: allocators, delayed allocation. */
int cen_setup_allocators(void);
void cen_put_allocators(void);
int cen_back(struct cen_buffer *buf, struct device *dev);
int cen_cpu_back(struct cen_buffer *buf, const char *what);
bool cen_vmap_offered(unsigned int heap, size_t size);
void cen_buffer_free(struct cen_buffer *buf);
void cen_free_pages(struct cen_buffer *buf);

/* cen_heap.c: the heaps, their names, the DMA-BUF heap ioctl. */
int cen_heap_ids_init(void);
void cen_heap_ids_free(void);
unsigned int *cen_heap_id(unsigned int heap);
int cen_heap_names_check(void);
int cen_heaps_add(void);
void cen_heaps_remove(void);

/* cen_heap_node.c: the module's own heap nodes (no framework export). */
int cen_heap_nodes_add(void);
void cen_heap_nodes_remove(void);

/* cen_heap_ioctl.c: their DMA-BUF heap ioctl. */
long cen_heap_ioctl(struct file *file, unsigned int ucmd, unsigned long arg);

/* cen_heap_framework.c: the heaps through dma_heap_add() (6.18 on). */
int cen_heap_framework_add(void);

/* cen_debugfs.c */
void cen_debugfs_init(void);
void cen_debugfs_exit(void);

#endif /* _CEN_PRIV_H */
