// SPDX-License-Identifier: GPL-2.0
/*
 * censpec DMA importer: an engine declared to the exporter as one of its
 * spec's devices, as the driver of a device that no match string names
 * does, through the functions the generated module exports:
 * <spec>_register_device() and <spec>_unregister_device(). The importer is
 * loaded before any exporter and serves every spec, so it looks them up by
 * name when asked, holding the exporter module only for the call.
 */

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/string.h>

#include "censpec_dma_importer.h"
#include "dma_importer.h"

/* @spec_name's exported function @what, with a reference on its module; or NULL. */
static void *cen_spec_symbol(const char *spec_name, const char *what)
{
	char name[CENSPEC_DMA_SPEC_NAME + 24];

	snprintf(name, sizeof(name), "%s_%s", spec_name, what);
	return __symbol_get(name);
}

int cen_spec_device(unsigned int cmd, struct censpec_dma_spec_device *r)
{
	int (*register_device)(struct device *dev, unsigned int id);
	void (*unregister_device)(struct device *dev);
	struct cen_engine *e;
	void *fn;
	int ret = 0;

	if (!r->spec[0] || !memchr(r->spec, '\0', sizeof(r->spec)))
		return -EINVAL;
	e = cen_engine_get(r->engine);
	if (!e)
		return -ENODEV;
	if (cmd == CENSPEC_DMA_IOC_REGISTER) {
		fn = cen_spec_symbol(r->spec, "register_device");
		if (!fn)
			return -ENOENT;
		register_device = fn;
		ret = register_device(e->dev, r->id);
	} else {
		fn = cen_spec_symbol(r->spec, "unregister_device");
		if (!fn)
			return -ENOENT;
		unregister_device = fn;
		unregister_device(e->dev);
	}
	symbol_put_addr(fn);
	return ret;
}
