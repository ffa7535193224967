// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: importers the spec does not name. The first
 * attach of a device the spec neither matches nor registers gets one log
 * line and one cen_importer event saying what the DMA API knows about it:
 * its devicetree compatibles, DMA mask, bus limit, IOMMU, bus offset and
 * largest segment. They tell a driver author which device really attaches
 * (often not the node with the hardware's compatible), and censpec replay
 * --suggest-matches turns a recorded log of them into match lines. At most
 * CEN_IMPORTERS_MAX devices are remembered, by dev_name(); one line says
 * when more are not logged.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cen_priv.h"
#include "cen_trace.h"

#define CEN_IMPORTERS_MAX 64
#define CEN_COMPATIBLE_LEN 192

struct cen_importer_seen {
	struct list_head node;
	char name[];
};

static DEFINE_MUTEX(cen_importers_lock);
static LIST_HEAD(cen_importers);
static unsigned int cen_importers_nr;

/* Whether @name was logged already; remembers it (up to the maximum) if not. */
static bool cen_importer_seen(const char *name)
{
	struct cen_importer_seen *s;
	bool seen = false;

	mutex_lock(&cen_importers_lock);
	list_for_each_entry(s, &cen_importers, node) {
		if (!strcmp(s->name, name)) {
			seen = true;
			break;
		}
	}
	if (!seen && cen_importers_nr >= CEN_IMPORTERS_MAX) {
		if (cen_importers_nr == CEN_IMPORTERS_MAX) {
			pr_info("%s: more than %d importers the spec does not name: the others are not logged\n",
				cen_spec.name, CEN_IMPORTERS_MAX);
			cen_importers_nr++;
		}
		seen = true;
	}
	if (!seen) {
		/* without memory to remember it, it is logged again next time */
		s = kmalloc(struct_size(s, name, strlen(name) + 1), GFP_KERNEL);
		if (s) {
			memcpy(s->name, name, strlen(name) + 1);
			list_add_tail(&s->node, &cen_importers);
			cen_importers_nr++;
		}
	}
	mutex_unlock(&cen_importers_lock);
	return seen;
}

/* The node's compatible strings, ";"-separated, "-" without a node. */
static void cen_compatibles(struct device *dev, char *buf, size_t len)
{
	struct device_node *np = dev->of_node;
	const char *c;
	size_t at = 0;
	int i = 0;

	strscpy(buf, "-", len);
	while (np && !of_property_read_string_index(np, "compatible", i, &c)) {
		at += scnprintf(buf + at, len - at, "%s%s", i ? ";" : "", c);
		i++;
	}
}

void cen_importer_log(struct device *dev)
{
	const struct bus_dma_region *r = dev->dma_range_map;
	char compatible[CEN_COMPATIBLE_LEN];
	u64 mask = dev->dma_mask ? *dev->dma_mask : 0;
	u64 offset = r ? r->dma_start - r->cpu_start : 0;
	bool iommu = cen_iommu_translates(dev);

	if (cen_importer_seen(dev_name(dev)))
		return;
	cen_compatibles(dev, compatible, sizeof(compatible));
	dev_info(dev,
		 "%s: importer the spec does not name: compatible %s, DMA mask 0x%llx, bus limit 0x%llx, %s, bus offset 0x%llx, max segment %u\n",
		 cen_spec.name, compatible, mask, dev->bus_dma_limit,
		 iommu ? "IOMMU" : "no IOMMU", offset,
		 dma_get_max_seg_size(dev));
	trace_cen_importer(dev_name(dev), compatible, mask, dev->bus_dma_limit,
			   iommu, offset, dma_get_max_seg_size(dev));
}

void cen_importers_clear(void)
{
	struct cen_importer_seen *s, *tmp;

	mutex_lock(&cen_importers_lock);
	list_for_each_entry_safe(s, tmp, &cen_importers, node) {
		list_del(&s->node);
		kfree(s);
	}
	cen_importers_nr = 0;
	mutex_unlock(&cen_importers_lock);
}
