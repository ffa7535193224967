// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the heaps registered through the kernel's
 * dma-heap framework, which exports dma_heap_add() to modules since 6.18
 * (namespace DMA_BUF_HEAP). Built into the production module only where
 * Kbuild found that export (cen_runtime.kbuild): the framework then owns
 * the nodes, their class, their ioctl and its checks, and calls
 * cen_heap_allocate() with a page-aligned length. It cannot remove a heap,
 * so a module that registered one has no exit and never unloads, as the
 * kernel's own heap modules.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-heap.h>
#include <linux/err.h>
#include <linux/module.h>

#include "cen_priv.h"

static struct dma_buf *cen_heap_allocate(struct dma_heap *heap,
					 unsigned long len, u32 fd_flags,
					 u64 heap_flags)
{
	unsigned int *id = dma_heap_get_drvdata(heap);

	return cen_create(*id, len, fd_flags, heap_flags);
}

static const struct dma_heap_ops cen_heap_ops = {
	.allocate = cen_heap_allocate,
};

/*
 * Every heap of the spec, in table order; their names were found free
 * (cen_heap_names_check()). Should a later one still fail, the ones before
 * it stay registered and the module must stay loaded with them: it says so
 * and returns 0.
 */
int cen_heap_framework_add(void)
{
	struct dma_heap_export_info exp = { .ops = &cen_heap_ops };
	struct dma_heap *heap;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_heaps; i++) {
		exp.name = cen_spec.heaps[i].name;
		exp.priv = cen_heap_id(i);
		heap = dma_heap_add(&exp);
		if (IS_ERR(heap) && !i)
			return PTR_ERR(heap);
		if (IS_ERR(heap)) {
			pr_err("heap %s: dma_heap_add() failed (%ld); the %u heaps before it stay registered\n",
			       exp.name, PTR_ERR(heap), i);
			return 0;
		}
	}
	pr_info("%u heaps registered with the dma-heap framework; the module cannot be unloaded\n",
		cen_spec.nr_heaps);
	return 0;
}

MODULE_IMPORT_NS("DMA_BUF_HEAP");
