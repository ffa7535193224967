// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: entry points of the production module. The test
 * build links cen_test.c instead, into a module of another name.
 */

#include <linux/init.h>
#include <linux/module.h>

#include "cen_core.h"

static int __init cen_module_init(void)
{
	return cen_core_init();
}

module_init(cen_module_init);

/* Heaps of the dma-heap framework cannot be removed: no exit, no unload. */
#ifndef CEN_HEAP_FRAMEWORK
static void __exit cen_module_exit(void)
{
	cen_core_exit();
}

module_exit(cen_module_exit);
#endif

MODULE_DESCRIPTION("censpec: constraint-aware dma-buf heaps with delayed allocation");
MODULE_LICENSE("GPL");
MODULE_INFO(censpec_build, "production");
