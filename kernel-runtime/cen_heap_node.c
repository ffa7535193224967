// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: heap nodes of the module's own, /dev/dma_heap/<name>,
 * where the kernel does not export its dma-heap framework to modules; their
 * ioctl is cen_heap_ioctl() (cen_heap.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>

#include "cen_priv.h"

static struct miscdevice *cen_miscs;
static bool cen_heap_class_ok;
static dev_t cen_heap_devt;
static struct cdev cen_heap_cdev;
static struct device **cen_heap_devs;

/* Any open mode: the uapi's fd_flags, not the heap's, govern the buffer. */
static int cen_heap_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode) - MINOR(cen_heap_devt);

	if (minor >= cen_spec.nr_heaps)
		return -ENODEV;
	file->private_data = cen_heap_id(minor);
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

	file->private_data = cen_heap_id(misc - cen_miscs);
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

/* Whether a class dma_heap is registered already (sysfs shows it). */
static bool cen_heap_class_taken(void)
{
	struct path path;

	if (kern_path("/sys/class/dma_heap", 0, &path))
		return false;
	path_put(&path);
	return true;
}

static int cen_heap_class_add(void)
{
	struct device *dev;
	unsigned int i;
	int ret;

	/*
	 * Never a duplicate: the kernel's own dma-heap framework has the class,
	 * or another module (a second censpec module) registered it, and
	 * class_register() of a taken name fails only after sysfs has dumped
	 * a stack. The caller then makes misc devices.
	 */
	if (IS_ENABLED(CONFIG_DMABUF_HEAPS) || cen_heap_class_taken())
		return -EBUSY;
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

int cen_heap_nodes_add(void)
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

void cen_heap_nodes_remove(void)
{
	if (cen_heap_class_ok)
		cen_heap_class_remove(cen_spec.nr_heaps);
	else
		cen_misc_remove(cen_spec.nr_heaps);
	cen_heap_class_ok = false;
}
