// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime, TEST BUILD only: the stand-in devices the
 * control device attaches and maps (the list is in cen_ctl_test.c). Each
 * spec device gets a stand-in registered through the API, with the spec's
 * DMA mask (64-bit for a device behind an IOMMU), and one recognised by
 * its first match string if it has any; four more are unknown to the spec
 * and described by the DMA API alone (@raw32, @bus1g, @nomask, @seg64k).
 * A spec device's stand-in whose DMA mask the kernel refuses (arm64's
 * dma-direct refuses one that reaches no RAM, e.g. 16 bits) is left out, as
 * its driver's probe would fail on that kernel: one line says so, and the
 * control device answers -ENODEV for it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cen_core.h"
#include "cen_test.h"

struct cen_test_dev *cen_test_devs;
unsigned int cen_test_nr_devs;

/* The stand-in the control device calls @name, or -ENODEV (also one left out). */
int cen_test_find_dev(const char *name)
{
	unsigned int i;

	for (i = 0; i < cen_test_nr_devs; i++)
		if (!strcmp(cen_test_devs[i].name, name))
			return cen_test_devs[i].pdev ? i : -ENODEV;
	return -ENODEV;
}

void cen_test_remove_devices(void)
{
	struct cen_test_dev *t;
	unsigned int i;

	for (i = 0; i < cen_test_nr_devs; i++) {
		t = &cen_test_devs[i];
		if (!t->pdev)
			continue;
		if (t->kind == CEN_SI_SPEC)
			cen_unregister_device(&t->pdev->dev);
		t->pdev->dev.dma_range_map = NULL;
		if (t->kind == CEN_SI_SEG64K)
			t->pdev->dev.dma_parms = NULL;
		platform_device_unregister(t->pdev);
		kfree(t->ranges);
	}
	kfree(cen_test_devs);
	cen_test_devs = NULL;
	cen_test_nr_devs = 0;
}

/* Gives stand-in @t its platform device, DMA mask and registration. */
static int cen_test_add_device(struct cen_test_dev *t)
{
	char pname[2 * CEN_CTL_NAME];
	struct platform_device *pdev;
	unsigned int bits = 32;
	int ret;

	if (t->kind == CEN_SI_MATCH)
		strscpy(pname, cen_spec.devices[t->spec_id].match[0],
			sizeof(pname));
	else
		snprintf(pname, sizeof(pname), "%s-%s", cen_spec.name, t->name);
	pdev = platform_device_register_simple(pname, PLATFORM_DEVID_NONE,
					       NULL, 0);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	t->pdev = pdev;
	if (t->kind == CEN_SI_NOMASK) {
		pdev->dev.dma_mask = NULL;
		pdev->dev.coherent_dma_mask = 0;
		return 0;
	}
	/*
	 * A spec device behind an IOMMU reaches every page through it; with no
	 * IOMMU here, its stand-in gets a 64-bit mask instead.
	 */
	if (t->kind == CEN_SI_SPEC || t->kind == CEN_SI_MATCH)
		bits = cen_spec.devices[t->spec_id].iommu ? 64 :
			cen_spec.devices[t->spec_id].dma_bits;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(bits));
	if (ret && (t->kind == CEN_SI_SPEC || t->kind == CEN_SI_MATCH)) {
		pr_warn("test build: stand-in %s left out: %u-bit DMA mask refused: %d\n",
			t->name, bits, ret);
		platform_device_unregister(pdev);
		t->pdev = NULL;
		return 0;
	}
	if (ret)
		return ret;
	if (t->kind == CEN_SI_BUS1G) {
		t->ranges = kcalloc(2, sizeof(*t->ranges), GFP_KERNEL);
		if (!t->ranges)
			return -ENOMEM;
		t->ranges[0].cpu_start = 0;
		t->ranges[0].dma_start = 0xc0000000;
		t->ranges[0].size = SZ_1G;
#ifdef CEN_DMA_RANGE_OFFSET
		t->ranges[0].offset = t->ranges[0].cpu_start -
				      t->ranges[0].dma_start;
#endif
		pdev->dev.dma_range_map = t->ranges;
	}
	if (t->kind == CEN_SI_SEG64K) {
		/* as a driver's dma_set_max_seg_size() would (void from 6.12 on) */
		t->parms.max_segment_size = SZ_64K;
		pdev->dev.dma_parms = &t->parms;
	}
	if (t->kind == CEN_SI_SPEC)
		ret = cen_register_device(&pdev->dev, t->spec_id);
	return ret;
}

/*
 * Creates every stand-in but those whose DMA mask the kernel refuses; on
 * failure none is left.
 */
int __init cen_test_add_devices(void)
{
	static const struct {
		const char *name;
		enum cen_stand_in kind;
	} raw[] = {
		{ "@raw32", CEN_SI_RAW32 },
		{ "@bus1g", CEN_SI_BUS1G },
		{ "@nomask", CEN_SI_NOMASK },
		{ "@seg64k", CEN_SI_SEG64K },
	};
	const struct cen_device_desc *d;
	struct cen_test_dev *t;
	unsigned int i, n = 0;
	int ret;

	cen_test_devs = kcalloc(2 * cen_spec.nr_devices + ARRAY_SIZE(raw),
				sizeof(*cen_test_devs), GFP_KERNEL);
	if (!cen_test_devs)
		return -ENOMEM;
	for (i = 0; i < cen_spec.nr_devices; i++) {
		d = &cen_spec.devices[i];
		t = &cen_test_devs[n++];
		strscpy(t->name, d->name, sizeof(t->name));
		t->kind = CEN_SI_SPEC;
		t->spec_id = i;
		if (!d->match || !d->match[0])
			continue;
		t = &cen_test_devs[n++];
		snprintf(t->name, sizeof(t->name), "%s@match", d->name);
		t->kind = CEN_SI_MATCH;
		t->spec_id = i;
	}
	for (i = 0; i < ARRAY_SIZE(raw); i++) {
		t = &cen_test_devs[n++];
		strscpy(t->name, raw[i].name, sizeof(t->name));
		t->kind = raw[i].kind;
	}
	cen_test_nr_devs = n;

	for (i = 0; i < n; i++) {
		ret = cen_test_add_device(&cen_test_devs[i]);
		if (ret) {
			pr_err("test build: stand-in %s: %d\n",
			       cen_test_devs[i].name, ret);
			cen_test_remove_devices();
			return ret;
		}
	}
	return 0;
}
