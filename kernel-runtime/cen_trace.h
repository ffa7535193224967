/* SPDX-License-Identifier: GPL-2.0 */
/*
 * censpec kernel runtime: the module's tracepoints. Their trace system is the
 * module's own, censpec_<module>, which the generated Kbuild passes as
 * CEN_TRACE_SYSTEM: two censpec modules loaded at once each have their
 * events in tracefs (one system for both would leave the second's out).
 * Their text form is a stable format (docs/observe.md, version 1) that
 * censpec-record captures and `censpec replay` checks against the spec.
 * Masks print as 0x<hex>, bit i for allocator i in priority order.
 */
#ifndef CEN_TRACE_SYSTEM
#error "CEN_TRACE_SYSTEM is not set: build the module with its generated Kbuild"
#endif
#undef TRACE_SYSTEM
#define TRACE_SYSTEM CEN_TRACE_SYSTEM

#if !defined(_CEN_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _CEN_TRACE_H

#include <linux/dma-direction.h>
#include <linux/tracepoint.h>

/* __assign_str() lost its source argument in 6.10 (Kbuild sets the switch). */
#ifdef CEN_ASSIGN_STR_ONE_ARG
#define cen_assign_str(dst, src) __assign_str(dst)
#else
#define cen_assign_str(dst, src) __assign_str(dst, src)
#endif

#define cen_show_dir(dir)						\
	__print_symbolic(dir,						\
			 { DMA_BIDIRECTIONAL, "bidirectional" },	\
			 { DMA_TO_DEVICE, "to_device" },		\
			 { DMA_FROM_DEVICE, "from_device" },		\
			 { DMA_NONE, "none" })

TRACE_EVENT(cen_create,
	    TP_PROTO(const char *spec, u64 buf, const char *heap, u64 len,
		     u32 mask),
	    TP_ARGS(spec, buf, heap, len, mask),
	    TP_STRUCT__entry(__string(spec, spec)
			     __field(u64, buf)
			     __string(heap, heap)
			     __field(u64, len)
			     __field(u32, mask)),
	    TP_fast_assign(cen_assign_str(spec, spec);
			   __entry->buf = buf;
			   cen_assign_str(heap, heap);
			   __entry->len = len;
			   __entry->mask = mask;),
	    TP_printk("spec=%s buf=%llu heap=%s len=%llu mask=0x%x",
		      __get_str(spec), __entry->buf, __get_str(heap),
		      __entry->len, __entry->mask)
);

TRACE_EVENT(cen_attach,
	    TP_PROTO(u64 buf, const char *dev, const char *spec_dev,
		     u32 dev_mask, u32 mask, int rc),
	    TP_ARGS(buf, dev, spec_dev, dev_mask, mask, rc),
	    TP_STRUCT__entry(__field(u64, buf)
			     __string(dev, dev)
			     __string(spec_dev, spec_dev)
			     __field(u32, dev_mask)
			     __field(u32, mask)
			     __field(int, rc)),
	    TP_fast_assign(__entry->buf = buf;
			   cen_assign_str(dev, dev);
			   cen_assign_str(spec_dev, spec_dev);
			   __entry->dev_mask = dev_mask;
			   __entry->mask = mask;
			   __entry->rc = rc;),
	    TP_printk("buf=%llu dev=%s spec_dev=%s dev_mask=0x%x mask=0x%x rc=%d",
		      __entry->buf, __get_str(dev), __get_str(spec_dev),
		      __entry->dev_mask, __entry->mask, __entry->rc)
);

TRACE_EVENT(cen_alloc,
	    TP_PROTO(u64 buf, const char *dev, const char *spec_dev,
		     const char *alloc, u32 mask, u32 tried,
		     u64 len, int rc),
	    TP_ARGS(buf, dev, spec_dev, alloc, mask, tried, len, rc),
	    TP_STRUCT__entry(__field(u64, buf)
			     __string(dev, dev)
			     __string(spec_dev, spec_dev)
			     __string(alloc, alloc)
			     __field(u32, mask)
			     __field(u32, tried)
			     __field(u64, len)
			     __field(int, rc)),
	    TP_fast_assign(__entry->buf = buf;
			   cen_assign_str(dev, dev);
			   cen_assign_str(spec_dev, spec_dev);
			   cen_assign_str(alloc, alloc);
			   __entry->mask = mask;
			   __entry->tried = tried;
			   __entry->len = len;
			   __entry->rc = rc;),
	    TP_printk("buf=%llu dev=%s spec_dev=%s alloc=%s mask=0x%x tried=0x%x len=%llu rc=%d",
		      __entry->buf, __get_str(dev), __get_str(spec_dev),
		      __get_str(alloc), __entry->mask, __entry->tried,
		      __entry->len, __entry->rc)
);

DECLARE_EVENT_CLASS(cen_map_class,
		    TP_PROTO(u64 buf, const char *dev, const char *spec_dev,
			     int dir, int rc),
		    TP_ARGS(buf, dev, spec_dev, dir, rc),
		    TP_STRUCT__entry(__field(u64, buf)
				     __string(dev, dev)
				     __string(spec_dev, spec_dev)
				     __field(int, dir)
				     __field(int, rc)),
		    TP_fast_assign(__entry->buf = buf;
				   cen_assign_str(dev, dev);
				   cen_assign_str(spec_dev, spec_dev);
				   __entry->dir = dir;
				   __entry->rc = rc;),
		    TP_printk("buf=%llu dev=%s spec_dev=%s dir=%s rc=%d",
			      __entry->buf, __get_str(dev), __get_str(spec_dev),
			      cen_show_dir(__entry->dir), __entry->rc)
);

DEFINE_EVENT(cen_map_class, cen_map,
	     TP_PROTO(u64 buf, const char *dev, const char *spec_dev, int dir,
		      int rc),
	     TP_ARGS(buf, dev, spec_dev, dir, rc)
);

DEFINE_EVENT(cen_map_class, cen_unmap,
	     TP_PROTO(u64 buf, const char *dev, const char *spec_dev, int dir,
		      int rc),
	     TP_ARGS(buf, dev, spec_dev, dir, rc)
);

TRACE_EVENT(cen_detach,
	    TP_PROTO(u64 buf, const char *dev, const char *spec_dev),
	    TP_ARGS(buf, dev, spec_dev),
	    TP_STRUCT__entry(__field(u64, buf)
			     __string(dev, dev)
			     __string(spec_dev, spec_dev)),
	    TP_fast_assign(__entry->buf = buf;
			   cen_assign_str(dev, dev);
			   cen_assign_str(spec_dev, spec_dev);),
	    TP_printk("buf=%llu dev=%s spec_dev=%s",
		      __entry->buf, __get_str(dev), __get_str(spec_dev))
);

TRACE_EVENT(cen_cpu_access,
	    TP_PROTO(u64 buf, const char *op, int dir, int rc),
	    TP_ARGS(buf, op, dir, rc),
	    TP_STRUCT__entry(__field(u64, buf)
			     __string(op, op)
			     __field(int, dir)
			     __field(int, rc)),
	    TP_fast_assign(__entry->buf = buf;
			   cen_assign_str(op, op);
			   __entry->dir = dir;
			   __entry->rc = rc;),
	    TP_printk("buf=%llu op=%s dir=%s rc=%d",
		      __entry->buf, __get_str(op), cen_show_dir(__entry->dir),
		      __entry->rc)
);

TRACE_EVENT(cen_release,
	    TP_PROTO(u64 buf),
	    TP_ARGS(buf),
	    TP_STRUCT__entry(__field(u64, buf)),
	    TP_fast_assign(__entry->buf = buf;),
	    TP_printk("buf=%llu",
		      __entry->buf)
);

/*
 * The first attach of a device the spec neither matches nor registers
 * (cen_importers.c): what the DMA API knows about it. compatible lists its
 * devicetree node's strings separated by ";" ("-" without a node);
 * bus_offset is its first bus range's dma_start - cpu_start (0 without).
 */
TRACE_EVENT(cen_importer,
	    TP_PROTO(const char *dev, const char *compatible, u64 dma_mask,
		     u64 bus_limit, bool iommu, u64 bus_offset,
		     unsigned int max_seg),
	    TP_ARGS(dev, compatible, dma_mask, bus_limit, iommu, bus_offset,
		    max_seg),
	    TP_STRUCT__entry(__string(dev, dev)
			     __string(compatible, compatible)
			     __field(u64, dma_mask)
			     __field(u64, bus_limit)
			     __field(bool, iommu)
			     __field(u64, bus_offset)
			     __field(unsigned int, max_seg)),
	    TP_fast_assign(cen_assign_str(dev, dev);
			   cen_assign_str(compatible, compatible);
			   __entry->dma_mask = dma_mask;
			   __entry->bus_limit = bus_limit;
			   __entry->iommu = iommu;
			   __entry->bus_offset = bus_offset;
			   __entry->max_seg = max_seg;),
	    TP_printk("dev=%s compatible=%s dma_mask=0x%llx bus_limit=0x%llx iommu=%d bus_offset=0x%llx max_seg=%u",
		      __get_str(dev), __get_str(compatible), __entry->dma_mask,
		      __entry->bus_limit, __entry->iommu, __entry->bus_offset,
		      __entry->max_seg)
);

#endif /* _CEN_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE cen_trace
#include <trace/define_trace.h>
