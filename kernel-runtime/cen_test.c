// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the TEST BUILD, a module of its own name
 * (<spec>_test.ko, modinfo censpec_build=test) built only by "make test".
 * It is the production module plus stand-in devices (cen_standin_test.c)
 * and a control device /dev/<spec>_ctl (cen_ctl_test.c) whose maps and CPU
 * accesses the placement oracle checks (cen_place_test.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>

#include "cen_core.h"
#include "cen_test.h"

static int __init cen_test_setup(void)
{
	int ret;

	ret = cen_test_add_devices();
	if (ret)
		return ret;
	ret = cen_ctl_add();
	if (ret) {
		cen_test_remove_devices();
		return ret;
	}
	pr_info("TEST BUILD: %u stand-in devices, /dev/%s; not for production\n",
		cen_test_nr_devs, cen_ctl_name);
	return 0;
}

static int __init cen_test_init(void)
{
	int ret;

	ret = cen_core_init();
	if (ret)
		return ret;
	ret = cen_test_setup();
	if (ret)
		cen_core_exit();
	return ret;
}

static void __exit cen_test_exit(void)
{
	cen_ctl_remove();
	cen_test_remove_devices();
	cen_core_exit();
}

module_init(cen_test_init);
module_exit(cen_test_exit);

MODULE_DESCRIPTION("censpec TEST BUILD: stand-in devices and control device, not for production");
MODULE_LICENSE("GPL");
MODULE_INFO(censpec_build, "test");
