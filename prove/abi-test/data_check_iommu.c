// SPDX-License-Identifier: GPL-2.0
/*
 * data_check: the IOMMU in front of an engine, as the guest sees it: the
 * domain type of the engine's IOMMU group, from sysfs; and the engine
 * declared one of the spec's devices (an IOMMU one, whose promise is its
 * IOVA width) through the exporter's <spec>_register_device().
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "censpec_dma_importer.h"
#include "data_check.h"

/*
 * The engine's name is "edu-<PCI address>". translating=1 for a DMA or
 * DMA-FQ domain (an IOMMU that maps the device's addresses), 0 for an
 * identity one or no IOMMU group at all.
 */
int engine_iommu(struct result *r, const char *engine_name)
{
	char path[160], type[32] = "none";
	const char *bdf = strchr(engine_name, '-');
	FILE *f;

	if (!bdf)
		return -EINVAL;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group/type", bdf + 1);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(type, sizeof(type), f))
			snprintf(type, sizeof(type), "unreadable");
		fclose(f);
		type[strcspn(type, "\n")] = '\0';
	}
	snprintf(r->extra, sizeof(r->extra), "translating=%d type=%s",
		 !strcmp(type, "DMA") || !strcmp(type, "DMA-FQ"), type);
	return 0;
}

/* register ENGINE SPEC ID, unregister ENGINE SPEC: the exporter's result. */
int spec_device(int importer, const struct command *c)
{
	struct censpec_dma_spec_device r = { .engine = c->engine, .id = c->value };

	if (strlen(c->word) >= sizeof(r.spec))
		return -EINVAL;
	snprintf(r.spec, sizeof(r.spec), "%s", c->word);
	if (ioctl(importer, c->kind == CMD_REGISTER ? CENSPEC_DMA_IOC_REGISTER :
		  CENSPEC_DMA_IOC_UNREGISTER, &r))
		return -errno;
	return r.rc;
}
