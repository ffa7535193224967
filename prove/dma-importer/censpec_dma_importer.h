/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ABI of /dev/censpec_dma (dma_importer_main.c): an importer whose devices
 * move data by DMA through the addresses the exporter's mapping gave them.
 */
#ifndef CENSPEC_DMA_IMPORTER_H
#define CENSPEC_DMA_IMPORTER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define CENSPEC_DMA_SLOTS	16
#define CENSPEC_DMA_ENGINES	8
#define CENSPEC_DMA_NAME	32
#define CENSPEC_DMA_XFER_MAX	2048

/* What one engine is: a device that performs DMA, and what moves it. */
struct censpec_dma_info {
	__u32 engines;					/* out */
	__u32 pad;
	char names[CENSPEC_DMA_ENGINES][CENSPEC_DMA_NAME];	/* out */
};

/* Directions, as enum dma_data_direction. */
#define CENSPEC_DMA_BIDI	0
#define CENSPEC_DMA_TO_DEVICE	1
#define CENSPEC_DMA_FROM_DEVICE	2

/*
 * XFER: the slot's device writes memory through its mapping, or reads it;
 * VMAP: the kernel writes or reads through dma_buf_vmap().
 */
#define CENSPEC_DMA_OP_WRITE	1
#define CENSPEC_DMA_OP_READ	2

/*
 * One operation on a slot of the open file (a slot holds one attachment of
 * one dma-buf to one engine's device). Every result is in @rc (0 or a
 * negative errno); the ioctl itself fails only for a bad argument block.
 */
struct censpec_dma_op {
	__s32 fd;		/* ATTACH, VMAP: the dma-buf */
	__u32 slot;		/* ATTACH, MAP, UNMAP, DETACH, XFER */
	__u32 engine;		/* ATTACH, MASK */
	__u32 dir;		/* MAP: CENSPEC_DMA_BIDI, _TO_DEVICE, _FROM_DEVICE */
	__u32 op;		/* XFER, VMAP: CENSPEC_DMA_OP_WRITE or _READ */
	__u32 len;		/* XFER, VMAP: bytes, a multiple of 4, at most 2048 */
	__u64 offset;		/* XFER, VMAP: byte offset in the buffer */
	__u32 value;		/* XFER, VMAP: the word written; the first word read; MASK: bits */
	__u32 uniform;		/* out: every word read equals the first */
	__s32 rc;		/* out */
	__u32 segments;		/* out, MAP: DMA segments of the mapping */
	__u32 cpu_segments;	/* out, MAP: segments of the exporter's pages */
	__u32 dma_ranges;	/* out, MAP: runs of DMA segments that continue one another */
	__u64 dma;		/* out, MAP: DMA address of the buffer's first byte */
	__u64 dma_last;		/* out, MAP: highest DMA address of the mapping */
	__u64 phys_low;		/* out, MAP: lowest physical address of the pages (0 if unknown) */
	__u64 phys_high;	/* out, MAP: highest physical address of the pages */
};

#define CENSPEC_DMA_IOC_INFO	_IOR('C', 0x50, struct censpec_dma_info)
#define CENSPEC_DMA_IOC_ATTACH	_IOWR('C', 0x51, struct censpec_dma_op)
#define CENSPEC_DMA_IOC_MAP	_IOWR('C', 0x52, struct censpec_dma_op)
#define CENSPEC_DMA_IOC_UNMAP	_IOWR('C', 0x53, struct censpec_dma_op)
#define CENSPEC_DMA_IOC_DETACH	_IOWR('C', 0x54, struct censpec_dma_op)
#define CENSPEC_DMA_IOC_XFER	_IOWR('C', 0x55, struct censpec_dma_op)
#define CENSPEC_DMA_IOC_VMAP	_IOWR('C', 0x56, struct censpec_dma_op)
/* The engine's device gets a DMA mask of @value bits (at most what the engine can do). */
#define CENSPEC_DMA_IOC_MASK	_IOWR('C', 0x57, struct censpec_dma_op)

#define CENSPEC_DMA_SPEC_NAME	48

/*
 * The engine's device declared to the exporter as one of its spec's devices,
 * as a driver does for a device no match string names: REGISTER calls the
 * spec module's exported <@spec>_register_device(dev, @id), UNREGISTER its
 * <@spec>_unregister_device(dev). @rc: their result, or -ENOENT when no
 * loaded module exports the function.
 */
struct censpec_dma_spec_device {
	char spec[CENSPEC_DMA_SPEC_NAME];	/* the spec's name, the module's prefix */
	__u32 engine;
	__u32 id;		/* REGISTER: the spec device's enum <spec>_device value */
	__s32 rc;		/* out */
	__u32 pad;
};

#define CENSPEC_DMA_IOC_REGISTER	_IOWR('C', 0x58, struct censpec_dma_spec_device)
#define CENSPEC_DMA_IOC_UNREGISTER	_IOWR('C', 0x59, struct censpec_dma_spec_device)

#endif
