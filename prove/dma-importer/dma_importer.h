/* SPDX-License-Identifier: GPL-2.0 */
/*
 * censpec DMA importer: the engines (devices that really move data by DMA)
 * and the registry the control device picks them from.
 */
#ifndef _DMA_IMPORTER_H
#define _DMA_IMPORTER_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct device;

/**
 * struct cen_engine - a DMA master the importer attaches dma-bufs with
 * @node: on the registry
 * @dev: the device that attaches and maps; its DMA addresses are the ones
 *	@write and @read are given
 * @name: shown by CENSPEC_DMA_IOC_INFO
 * @max_bits: the widest DMA mask the engine can take
 * @lock: serialises the engine's transfers
 * @write: the device writes @len bytes of @src to memory at @dma
 * @read: the device reads @len bytes of memory at @dma into @dst
 *
 * @src and @dst are kernel memory of at most CENSPEC_DMA_XFER_MAX bytes: the engine
 * stages them in a coherent buffer of its own, so the buffer under test is
 * touched only by the device, through @dma.
 */
struct cen_engine {
	struct list_head node;
	struct device *dev;
	char name[32];
	unsigned int max_bits;
	struct mutex lock;	/* one transfer at a time */
	int (*write)(struct cen_engine *e, dma_addr_t dma, const void *src,
		     size_t len);
	int (*read)(struct cen_engine *e, dma_addr_t dma, void *dst, size_t len);
};

void cen_engine_add(struct cen_engine *e);
void cen_engine_remove(struct cen_engine *e);
struct cen_engine *cen_engine_get(unsigned int index);

struct censpec_dma_spec_device;
int cen_spec_device(unsigned int cmd, struct censpec_dma_spec_device *r);

int cen_edu_init(void);
void cen_edu_exit(void);

#endif
