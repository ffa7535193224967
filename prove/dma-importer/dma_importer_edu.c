// SPDX-License-Identifier: GPL-2.0
/*
 * The engine of qemu's "edu" PCI device (qemu's docs/specs/edu.rst): a
 * 4 KiB buffer inside the device and a DMA controller that copies between
 * that buffer and any bus address. The device writing memory is two DMAs
 * (the staging buffer into the device, the device's buffer out to the
 * target address), reading it is the reverse. Each DMA completes about
 * 100 ms after it starts (qemu runs it from a timer). qemu 7.2 stops the
 * whole machine ("DMA range out of bounds") for a transfer that reaches
 * the last byte of the device's buffer, so a transfer is at most
 * EDU_XFER_MAX bytes.
 *
 * qemu clamps every address to the device's "dma_mask" property (28 bits
 * unless the command line sets it); the driver's mask must not be wider
 * (module parameter dma_bits, default 64 for -device edu,dma_mask=~0).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dma_importer.h"

#define EDU_ID			0x00
#define EDU_ID_MAGIC		0xed
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_CNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_CMD_RUN		BIT(0)
#define EDU_CMD_TO_MEMORY	BIT(1)
/* The device's own buffer, as the DMA controller addresses it. */
#define EDU_BUF			0x40000
#define EDU_BUF_SIZE		4096
#define EDU_XFER_MAX		(EDU_BUF_SIZE / 2)
#define EDU_POLL_US		2000
#define EDU_TIMEOUT_US		(5 * USEC_PER_SEC)

static unsigned int dma_bits = 64;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "DMA mask of the edu devices, at most their qemu dma_mask (default 64)");

struct cen_edu {
	struct cen_engine engine;
	struct pci_dev *pdev;
	void __iomem *regs;
	void *stage;
	dma_addr_t stage_dma;
};

/* One DMA of @len bytes from @src to @dst, waited for. */
static int cen_edu_dma(struct cen_edu *edu, dma_addr_t src, dma_addr_t dst,
		       size_t len, bool to_memory)
{
	u64 cmd;
	int ret;

	writeq(src, edu->regs + EDU_DMA_SRC);
	writeq(dst, edu->regs + EDU_DMA_DST);
	writeq(len, edu->regs + EDU_DMA_CNT);
	writeq(EDU_CMD_RUN | (to_memory ? EDU_CMD_TO_MEMORY : 0),
	       edu->regs + EDU_DMA_CMD);
	ret = readq_poll_timeout(edu->regs + EDU_DMA_CMD, cmd,
				 !(cmd & EDU_CMD_RUN), EDU_POLL_US,
				 EDU_TIMEOUT_US);
	if (ret)
		dev_err(&edu->pdev->dev, "DMA of %zu bytes did not complete\n",
			len);
	return ret;
}

static int cen_edu_write(struct cen_engine *e, dma_addr_t dma,
			 const void *src, size_t len)
{
	struct cen_edu *edu = container_of(e, struct cen_edu, engine);
	int ret;

	if (len > EDU_XFER_MAX)
		return -EINVAL;
	memcpy(edu->stage, src, len);
	ret = cen_edu_dma(edu, edu->stage_dma, EDU_BUF, len, false);
	if (!ret)
		ret = cen_edu_dma(edu, EDU_BUF, dma, len, true);
	return ret;
}

static int cen_edu_read(struct cen_engine *e, dma_addr_t dma, void *dst,
			size_t len)
{
	struct cen_edu *edu = container_of(e, struct cen_edu, engine);
	int ret;

	if (len > EDU_XFER_MAX)
		return -EINVAL;
	ret = cen_edu_dma(edu, dma, EDU_BUF, len, false);
	if (!ret)
		ret = cen_edu_dma(edu, EDU_BUF, edu->stage_dma, len, true);
	if (!ret)
		memcpy(dst, edu->stage, len);
	return ret;
}

static int cen_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct cen_edu *edu;
	int ret;

	edu = devm_kzalloc(dev, sizeof(*edu), GFP_KERNEL);
	if (!edu)
		return -ENOMEM;
	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	edu->regs = devm_ioremap(dev, pci_resource_start(pdev, 0),
				 pci_resource_len(pdev, 0));
	if (!edu->regs)
		return -ENOMEM;
	if ((readl(edu->regs + EDU_ID) & 0xff) != EDU_ID_MAGIC)
		return dev_err_probe(dev, -ENODEV, "not an edu device\n");
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(dma_bits));
	if (ret)
		return dev_err_probe(dev, ret, "%u-bit DMA mask refused\n",
				     dma_bits);
	pci_set_master(pdev);
	edu->stage = dmam_alloc_coherent(dev, EDU_BUF_SIZE, &edu->stage_dma,
					 GFP_KERNEL);
	if (!edu->stage)
		return -ENOMEM;
	edu->pdev = pdev;
	edu->engine.dev = dev;
	edu->engine.max_bits = dma_bits;
	edu->engine.write = cen_edu_write;
	edu->engine.read = cen_edu_read;
	snprintf(edu->engine.name, sizeof(edu->engine.name), "edu-%s",
		 pci_name(pdev));
	mutex_init(&edu->engine.lock);
	pci_set_drvdata(pdev, edu);
	cen_engine_add(&edu->engine);
	dev_info(dev, "engine %s: %u-bit DMA mask, %scoherent\n",
		 edu->engine.name, dma_bits,
		 dev_is_dma_coherent(dev) ? "" : "non");
	return 0;
}

static void cen_edu_remove(struct pci_dev *pdev)
{
	struct cen_edu *edu = pci_get_drvdata(pdev);

	cen_engine_remove(&edu->engine);
	pci_clear_master(pdev);
	mutex_destroy(&edu->engine.lock);
}

static const struct pci_device_id cen_edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};
MODULE_DEVICE_TABLE(pci, cen_edu_ids);

static struct pci_driver cen_edu_driver = {
	.name = "censpec_edu",
	.id_table = cen_edu_ids,
	.probe = cen_edu_probe,
	.remove = cen_edu_remove,
};

int cen_edu_init(void)
{
	return pci_register_driver(&cen_edu_driver);
}

void cen_edu_exit(void)
{
	pci_unregister_driver(&cen_edu_driver);
}
