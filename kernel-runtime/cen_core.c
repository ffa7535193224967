// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: dma-buf exporter with constraint-aware delayed
 * allocation, served through the DMA-BUF heap ioctl.
 *
 * Hand-written and spec-independent: censpec copies the runtime's files
 * unchanged into every generated module; the board's allocators, devices
 * and heaps come from the generated tables (cen_spec).
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
 * This file sets the runtime up and tears it down, and defines its
 * tracepoints; what each other file holds, and the locking rules, are in
 * cen_priv.h.
 */

#include <linux/module.h>

#include "cen_priv.h"

#define CREATE_TRACE_POINTS
#include "cen_trace.h"

int cen_core_init(void)
{
	int ret;

	if (cen_spec.nr_allocators > CEN_MAX_ALLOCATORS)
		return -EINVAL;
	ret = cen_heap_names_check();
	if (ret)
		return ret;
	ret = cen_heap_ids_init();
	if (ret)
		return ret;
	ret = cen_setup_allocators();
	if (ret)
		goto err_ids;
	cen_check_matches();
	cen_debugfs_init();

	ret = cen_heaps_add();
	if (ret)
		goto err_debugfs;
	return 0;

err_debugfs:
	cen_debugfs_exit();
	cen_put_allocators();
err_ids:
	cen_heap_ids_free();
	return ret;
}

void cen_core_exit(void)
{
	cen_heaps_remove();
	cen_debugfs_exit();
	cen_put_allocators();
	cen_heap_ids_free();
	cen_registry_clear();
	cen_importers_clear();
}

/* Kbuild defines CEN_NS_STRING where namespaces are strings (6.13+). */
#ifdef CEN_NS_STRING
MODULE_IMPORT_NS("DMA_BUF");
#else
MODULE_IMPORT_NS(DMA_BUF);
#endif
