/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* ABI of /dev/censpec_importer_<label> (censpec_test_importer.c). */
#ifndef CENSPEC_TEST_IMPORTER_H
#define CENSPEC_TEST_IMPORTER_H

#include <linux/ioctl.h>
#include <linux/types.h>

struct censpec_importer_import {
	__s32 fd;		/* in: the dma-buf */
	__s32 attach_rc;	/* out: dma_buf_attach errno (0 ok) */
	__s32 map_rc;		/* out: dma_buf_map_attachment errno */
	__u32 segments;		/* out: DMA segments of the mapping */
	__u32 beyond_reach;	/* out: segments past the device's DMA limit */
	__u32 bounced;		/* out: segments bounced through swiotlb */
	__u32 coherent;		/* out: the device is DMA-coherent */
	__u32 pad;
	__u64 first_dma;	/* out: DMA address of the first segment */
	__u64 dma_limit;	/* out: min(DMA mask, bus limit) */
};

#define CENSPEC_IMPORTER_IOC_IMPORT _IOWR('C', 0x40, struct censpec_importer_import)

#endif
