// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the heaps, /dev/dma_heap/<name>, and the
 * DMA-BUF heap ioctl that allocates from them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <uapi/linux/dma-heap.h>

#include "cen_priv.h"

static struct miscdevice *cen_miscs;
static unsigned int *cen_heap_ids;	/* file->private_data of a heap */
static bool cen_heap_class_ok;
static dev_t cen_heap_devt;
static struct cdev cen_heap_cdev;
static struct device **cen_heap_devs;

/* Heap i's file->private_data: i. */
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
}

static long cen_heap_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	unsigned int heap = *(unsigned int *)file->private_data;
	struct dma_heap_allocation_data data;
	void __user *uarg = (void __user *)arg;
	struct dma_buf *dmabuf;
	int fd;

	if (cmd != DMA_HEAP_IOCTL_ALLOC)
		return -ENOTTY;
	if (copy_from_user(&data, uarg, sizeof(data)))
		return -EFAULT;
	if (data.fd)
		return -EINVAL;

	dmabuf = cen_create(heap, data.len, data.fd_flags, data.heap_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	fd = get_unused_fd_flags(data.fd_flags);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	data.fd = fd;
	if (copy_to_user(uarg, &data, sizeof(data))) {
		put_unused_fd(fd);
		dma_buf_put(dmabuf);
		return -EFAULT;
	}
	fd_install(fd, dmabuf->file);
	return 0;
}

/* Any open mode: the uapi's fd_flags, not the heap's, govern the buffer. */
static int cen_heap_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode) - MINOR(cen_heap_devt);

	if (minor >= cen_spec.nr_heaps)
		return -ENODEV;
	file->private_data = &cen_heap_ids[minor];
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

	file->private_data = &cen_heap_ids[misc - cen_miscs];
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

static int cen_heap_class_add(void)
{
	struct device *dev;
	unsigned int i;
	int ret;

	/* The kernel's own dma-heap framework has the class: never a duplicate. */
	if (IS_ENABLED(CONFIG_DMABUF_HEAPS))
		return -EEXIST;
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

int cen_heaps_add(void)
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

void cen_heaps_remove(void)
{
	if (cen_heap_class_ok)
		cen_heap_class_remove(cen_spec.nr_heaps);
	else
		cen_misc_remove(cen_spec.nr_heaps);
	cen_heap_class_ok = false;
}
