// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: spec devices. Which spec device an importer is
 * (registered through <spec>_register_device(), else matched by its
 * devicetree compatible or device name at attach), and the constraint
 * mask it gets.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cen_priv.h"

struct cen_registration {
	struct list_head node;
	struct device *dev;
	unsigned int id;
};

static DEFINE_MUTEX(cen_registry_lock);
static LIST_HEAD(cen_registry);

int cen_register_device(struct device *dev, unsigned int id)
{
	struct cen_registration *reg, *r;
	const struct cen_device_desc *d;
	u64 limit;

	if (!dev)
		return -EINVAL;
	if (id >= cen_spec.nr_devices) {
		dev_err(dev, "%s: unknown device id %u\n", cen_spec.name, id);
		return -EINVAL;
	}
	d = &cen_spec.devices[id];
	limit = cen_dma_limit(dev);
	if (!cen_keeps_promise(dev, d, limit)) {
		dev_err(dev,
			"%s: spec device %s has %u DMA address bits, but the device's DMA limit is 0x%llx\n",
			cen_spec.name, d->name, d->dma_bits, limit);
		return -EINVAL;
	}
	if (d->iommu && !cen_iommu_translates(dev))
		dev_warn(dev, "%s: spec device %s is declared behind an IOMMU, but no IOMMU translates for it\n",
			 cen_spec.name, d->name);

	reg = kzalloc(sizeof(*reg), GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	reg->dev = get_device(dev);
	reg->id = id;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			mutex_unlock(&cen_registry_lock);
			dev_err(dev, "%s: already registered as %s\n",
				cen_spec.name, cen_spec.devices[r->id].name);
			put_device(dev);
			kfree(reg);
			return -EBUSY;
		}
	}
	list_add_tail(&reg->node, &cen_registry);
	mutex_unlock(&cen_registry_lock);

	dev_dbg(dev, "registered as %s, constraint mask 0x%x\n", d->name,
		d->mask);
	return 0;
}

void cen_unregister_device(struct device *dev)
{
	struct cen_registration *r, *found = NULL;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			list_del(&r->node);
			found = r;
			break;
		}
	}
	mutex_unlock(&cen_registry_lock);

	if (!found)
		return;
	put_device(found->dev);
	kfree(found);
}

static bool cen_string_matches(struct device *dev, const char *s)
{
	return (dev->of_node && of_device_is_compatible(dev->of_node, s)) ||
	       !strcmp(dev_name(dev), s);
}

/* Spec device that @dev is: registered, else matched; -1 if neither. */
static int cen_identify(struct device *dev)
{
	const char * const *m;
	struct cen_registration *r;
	unsigned int i;
	int id = -1;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry(r, &cen_registry, node) {
		if (r->dev == dev) {
			id = r->id;
			break;
		}
	}
	mutex_unlock(&cen_registry_lock);
	if (id >= 0)
		return id;

	for (i = 0; i < cen_spec.nr_devices; i++)
		for (m = cen_spec.devices[i].match; m && *m; m++)
			if (cen_string_matches(dev, *m))
				return i;
	return -1;
}

/* The spec device name of @dev for tracepoints, "unmatched" if none. */
const char *cen_spec_dev_name(struct device *dev)
{
	int id = dev ? cen_identify(dev) : -1;

	return id >= 0 ? cen_spec.devices[id].name : "unmatched";
}

/*
 * Constraint mask of @dev. A spec device (registered or matched) gets the
 * spec's mask, or none if its DMA mask does not keep the spec's promise. A
 * device with no DMA mask cannot map (cen_map refuses it) and does not
 * narrow the mask beyond the CPU-accessible allocators. Any other device
 * gets the mask the DMA API's view of it gives (cen_derived_mask), never
 * the RFC's all-ones.
 */
u32 cen_device_mask(struct device *dev)
{
	const struct cen_device_desc *d;
	u64 limit = cen_dma_limit(dev);
	int id = cen_identify(dev);
	u32 mask;

	if (id >= 0) {
		d = &cen_spec.devices[id];
		if (cen_keeps_promise(dev, d, limit))
			return d->mask;
		dev_warn_ratelimited(dev,
				     "%s: DMA limit 0x%llx does not reach the %u bits of spec device %s\n",
				     cen_spec.name, limit, d->dma_bits, d->name);
		return 0;
	}
	cen_importer_log(dev);
	if (!limit) {
		dev_info_ratelimited(dev,
				     "%s: unknown device without a DMA mask: CPU access only, map refused\n",
				     cen_spec.name);
		return cen_cpu_mask();
	}
	mask = cen_derived_mask(dev, limit);
	dev_info_ratelimited(dev,
			     "%s: not a spec device: mask 0x%x from its DMA limit 0x%llx%s%s\n",
			     cen_spec.name, mask, limit,
			     dev->dma_range_map ? ", bus offsets" : "",
			     cen_iommu_translates(dev) ? ", IOMMU" :
			     device_iommu_mapped(dev) ? ", identity-mapped IOMMU" : "");
	return mask;
}

/* A warning for each match string that names nothing on this system yet. */
static int cen_match_one(struct device *dev, const void *data)
{
	return cen_string_matches(dev, data);
}

void cen_check_matches(void)
{
	const struct cen_device_desc *d;
	const char * const *m;
	struct device_node *np;
	struct device *dev;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_devices; i++) {
		d = &cen_spec.devices[i];
		for (m = d->match; m && *m; m++) {
			np = of_find_compatible_node(NULL, NULL, *m);
			if (np) {
				of_node_put(np);
				continue;
			}
			dev = bus_find_device(&platform_bus_type, NULL, *m,
					      cen_match_one);
			if (dev) {
				put_device(dev);
				continue;
			}
			pr_warn("spec device %s: match \"%s\" names no devicetree node or platform device (yet)\n",
				d->name, *m);
		}
	}
}

/* Drops every registration left at unload. */
void cen_registry_clear(void)
{
	struct cen_registration *r, *tmp;

	mutex_lock(&cen_registry_lock);
	list_for_each_entry_safe(r, tmp, &cen_registry, node) {
		dev_warn(r->dev, "%s: still registered at unload\n",
			 cen_spec.name);
		list_del(&r->node);
		put_device(r->dev);
		kfree(r);
	}
	mutex_unlock(&cen_registry_lock);
}
