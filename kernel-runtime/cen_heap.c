// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the heaps. Their names are checked against the
 * heaps userspace has already, then they are registered through the
 * kernel's dma-heap framework where it is exported to modules
 * (cen_heap_framework.c), else as nodes of the module's own
 * (cen_heap_node.c), which serve the DMA-BUF heap ioctl exactly as the
 * framework's core does (cen_heap_ioctl.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "cen_priv.h"

static unsigned int *cen_heap_ids;	/* heap i's private data: i */

int cen_heap_ids_init(void)
{
	unsigned int i;

	cen_heap_ids = kcalloc(cen_spec.nr_heaps, sizeof(*cen_heap_ids),
			       GFP_KERNEL);
	if (!cen_heap_ids)
		return -ENOMEM;
	for (i = 0; i < cen_spec.nr_heaps; i++)
		cen_heap_ids[i] = i;
	return 0;
}

void cen_heap_ids_free(void)
{
	kfree(cen_heap_ids);
	cen_heap_ids = NULL;
}

unsigned int *cen_heap_id(unsigned int heap)
{
	return &cen_heap_ids[heap];
}

/*
 * Where a heap of that name would already show: its node, whoever made it
 * (the kernel's own heaps, another module's, a udev link), and the sysfs
 * entry that registering the name again would collide with.
 */
static const char * const cen_heap_places[] = {
	"/dev/dma_heap/%s",
	"/sys/class/dma_heap/%s",
};

static int cen_heap_name_free(const char *name)
{
	struct path path;
	unsigned int i;
	char *p;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cen_heap_places); i++) {
		p = kasprintf(GFP_KERNEL, cen_heap_places[i], name);
		if (!p)
			return -ENOMEM;
		ret = kern_path(p, 0, &path);
		if (!ret) {
			path_put(&path);
			pr_err("heap %s exists already (%s): module not loaded\n",
			       name, p);
		}
		kfree(p);
		if (!ret)
			return -EBUSY;
	}
	return 0;
}

/*
 * Refuses the load (-EBUSY, one line naming the heap) when a heap name of
 * the spec is taken, before any heap is registered. Not -EEXIST: from a
 * module's init that tells [f]init_module's caller the module is loaded
 * already, and modprobe then reports success (newer kernels turn it into
 * -EBUSY themselves; 6.1 and 6.12 pass it on). Neither the framework
 * nor the device core lets a module look a heap up, registering a taken
 * name fails only after sysfs has dumped a stack, and a heap registered
 * through the framework can never be removed again.
 */
int cen_heap_names_check(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < cen_spec.nr_heaps; i++) {
		ret = cen_heap_name_free(cen_spec.heaps[i].name);
		if (ret)
			return ret;
	}
	return 0;
}

/* Through the framework where Kbuild found it exported, else nodes of our own. */
int cen_heaps_add(void)
{
#ifdef CEN_HEAP_FRAMEWORK
	return cen_heap_framework_add();
#else
	return cen_heap_nodes_add();
#endif
}

/* Heaps of the framework cannot be removed: that module has no exit. */
void cen_heaps_remove(void)
{
#ifndef CEN_HEAP_FRAMEWORK
	cen_heap_nodes_remove();
#endif
}
