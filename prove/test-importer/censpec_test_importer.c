// SPDX-License-Identifier: GPL-2.0
/*
 * censpec test importer: a platform driver for the devicetree nodes
 * compatible with "censpec,test-importer" (prove/guest/
 * arm64-extra.dtsi), so that its struct device carries the DMA constraints
 * the kernel's OF code derived from the node: the bus's dma-ranges (offset
 * and limit), dma-noncoherent or dma-coherent, an IOMMU when it has one.
 *
 * Each bound node gets /dev/censpec_importer_<label>. CENSPEC_IMPORTER_IOC_IMPORT
 * takes a dma-buf fd and imports it with the unmodified importer API
 * (dma_buf_attach, dma_buf_map_attachment, unmap, detach), reporting what the
 * exporter handed out: the attach/map errno, the segments, whether any
 * segment lies beyond the device's reach (DMA mask and bus limit), and
 * whether any was bounced through swiotlb (the exporter gave memory the
 * device cannot reach and the DMA API copied it behind its back).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#include "censpec_test_importer.h"

#ifdef CEN_TI_NS_STRING
MODULE_IMPORT_NS("DMA_BUF");
#else
MODULE_IMPORT_NS(DMA_BUF);
#endif

struct cen_importer {
	struct device *dev;
	struct miscdevice misc;
	char name[64];
};

/*
 * Whether the DMA API bounced segment @sg (mapped at @dma) through swiotlb.
 * Since 6.12 the pool lookup is not exported; the segment's own page is
 * compared with where its DMA address points instead (dma-direct maps one
 * segment per entry; CONFIG_DMABUF_DEBUG would mangle the page pointers).
 */
static bool cen_bounced(struct device *dev, struct scatterlist *sg,
			dma_addr_t dma)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	if (IS_ENABLED(CONFIG_DMABUF_DEBUG))
		return false;
	return dma_to_phys(dev, dma) != sg_phys(sg);
#else
	return is_swiotlb_buffer(dev, dma_to_phys(dev, dma));
#endif
}

static void cen_import(struct cen_importer *imp,
		       struct censpec_importer_import *r)
{
	struct dma_buf_attachment *att;
	struct scatterlist *sg;
	struct dma_buf *dmabuf;
	struct sg_table *sgt;
	u64 limit, last;
	unsigned int i;

	limit = min_not_zero(*imp->dev->dma_mask, imp->dev->bus_dma_limit);
	r->dma_limit = limit;
	dmabuf = dma_buf_get(r->fd);
	if (IS_ERR(dmabuf)) {
		r->attach_rc = PTR_ERR(dmabuf);
		return;
	}
	att = dma_buf_attach(dmabuf, imp->dev);
	if (IS_ERR(att)) {
		r->attach_rc = PTR_ERR(att);
		goto put;
	}
	sgt = dma_buf_map_attachment_unlocked(att, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		r->map_rc = PTR_ERR(sgt);
		goto detach;
	}
	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t dma = sg_dma_address(sg);
		unsigned int len = sg_dma_len(sg);

		if (!len)
			continue;
		r->segments++;
		last = dma + len - 1;
		if (last > limit || last < dma)
			r->beyond_reach++;
		if (!i)
			r->first_dma = dma;
		if (cen_bounced(imp->dev, sg, dma))
			r->bounced++;
	}
	dma_buf_unmap_attachment_unlocked(att, sgt, DMA_BIDIRECTIONAL);
detach:
	dma_buf_detach(dmabuf, att);
put:
	dma_buf_put(dmabuf);
}

static long cen_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct cen_importer *imp = container_of(file->private_data,
						struct cen_importer, misc);
	struct censpec_importer_import r;

	if (cmd != CENSPEC_IMPORTER_IOC_IMPORT)
		return -ENOTTY;
	if (copy_from_user(&r, (void __user *)arg, sizeof(r)))
		return -EFAULT;
	r.attach_rc = 0;
	r.map_rc = 0;
	r.segments = 0;
	r.beyond_reach = 0;
	r.bounced = 0;
	r.first_dma = 0;
	r.coherent = dev_is_dma_coherent(imp->dev);
	cen_import(imp, &r);
	if (copy_to_user((void __user *)arg, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}

static const struct file_operations cen_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = cen_ioctl,
};

static int cen_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct cen_importer *imp;
	const char *label;
	u32 bits = 32;
	int ret;

	imp = devm_kzalloc(dev, sizeof(*imp), GFP_KERNEL);
	if (!imp)
		return -ENOMEM;
	imp->dev = dev;
	of_property_read_u32(dev->of_node, "censpec,dma-bits", &bits);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(bits));
	if (ret)
		return dev_err_probe(dev, ret, "%u-bit DMA mask refused\n", bits);
	if (of_property_read_string(dev->of_node, "label", &label))
		label = dev_name(dev);
	snprintf(imp->name, sizeof(imp->name), "censpec_importer_%s", label);
	imp->misc.minor = MISC_DYNAMIC_MINOR;
	imp->misc.name = imp->name;
	imp->misc.fops = &cen_fops;
	ret = misc_register(&imp->misc);
	if (ret)
		return ret;
	platform_set_drvdata(pdev, imp);
	dev_info(dev, "%s: %u-bit mask, bus limit 0x%llx, %scoherent\n", imp->name,
		 bits, (u64)dev->bus_dma_limit,
		 dev_is_dma_coherent(dev) ? "" : "non");
	return 0;
}

static void cen_unregister(struct platform_device *pdev)
{
	struct cen_importer *imp = platform_get_drvdata(pdev);

	misc_deregister(&imp->misc);
}

/* platform_driver.remove returns void since 6.11. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void cen_remove(struct platform_device *pdev)
{
	cen_unregister(pdev);
}
#else
static int cen_remove(struct platform_device *pdev)
{
	cen_unregister(pdev);
	return 0;
}
#endif

static const struct of_device_id cen_of_match[] = {
	{ .compatible = "censpec,test-importer" },
	{ }
};
MODULE_DEVICE_TABLE(of, cen_of_match);

static struct platform_driver cen_driver = {
	.probe = cen_probe,
	.remove = cen_remove,
	.driver = {
		.name = "censpec_test_importer",
		.of_match_table = cen_of_match,
	},
};
module_platform_driver(cen_driver);

MODULE_DESCRIPTION("censpec test importer: imports dma-bufs as a devicetree device");
MODULE_LICENSE("GPL");
