// SPDX-License-Identifier: GPL-2.0
/*
 * censpec DMA importer: an importer of dma-bufs whose devices really move
 * data by DMA through the addresses the exporter's mapping gave them, for
 * the data-visible proof (prove/guest/README.md, "Data plan"). With
 * swiotlb=force every streaming mapping bounces, so a cache-maintenance
 * call the exporter skips or makes in the wrong direction loses data that
 * the guest program data_check then sees.
 *
 * Engines are devices that perform DMA: qemu's edu PCI devices
 * (dma_importer_edu.c), each registered by its driver's probe.
 * /dev/censpec_dma holds, per open file, up to CENSPEC_DMA_SLOTS
 * attachments made with the unmodified importer API (dma_buf_attach,
 * dma_buf_map_attachment, unmap, detach). A transfer makes the slot's
 * device write or read one range of the buffer through the DMA address
 * of its mapping; a write only through a mapping that lets the device
 * write (from-device, bidirectional), a read only through one that lets it
 * read (to-device, bidirectional). CENSPEC_DMA_IOC_VMAP is an in-kernel
 * importer's dma_buf_vmap() with no begin/end_cpu_access around it, as
 * vb2_plane_vaddr() and fbdev emulation do. An engine can also be declared
 * one of the exporter's spec devices (dma_importer_spec.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/iosys-map.h>
#include <linux/minmax.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "censpec_dma_importer.h"
#include "dma_importer.h"

static LIST_HEAD(cen_engines);
static DEFINE_MUTEX(cen_engines_lock);

struct cen_slot {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *att;
	struct sg_table *sgt;
	struct cen_engine *engine;
	enum dma_data_direction dir;
};

struct cen_file {
	struct mutex lock;	/* one operation of this file at a time */
	struct cen_slot slots[CENSPEC_DMA_SLOTS];
};

void cen_engine_add(struct cen_engine *e)
{
	mutex_lock(&cen_engines_lock);
	list_add_tail(&e->node, &cen_engines);
	mutex_unlock(&cen_engines_lock);
}

void cen_engine_remove(struct cen_engine *e)
{
	mutex_lock(&cen_engines_lock);
	list_del(&e->node);
	mutex_unlock(&cen_engines_lock);
}

struct cen_engine *cen_engine_get(unsigned int index)
{
	struct cen_engine *e, *found = NULL;

	mutex_lock(&cen_engines_lock);
	list_for_each_entry(e, &cen_engines, node) {
		if (!index--) {
			found = e;
			break;
		}
	}
	mutex_unlock(&cen_engines_lock);
	return found;
}

static void cen_info(struct censpec_dma_info *info)
{
	struct cen_engine *e;

	memset(info, 0, sizeof(*info));
	mutex_lock(&cen_engines_lock);
	list_for_each_entry(e, &cen_engines, node) {
		if (info->engines == CENSPEC_DMA_ENGINES)
			break;
		strscpy(info->names[info->engines++], e->name,
			CENSPEC_DMA_NAME);
	}
	mutex_unlock(&cen_engines_lock);
}

static int cen_dir(u32 dir, enum dma_data_direction *out)
{
	switch (dir) {
	case CENSPEC_DMA_BIDI:
		*out = DMA_BIDIRECTIONAL;
		return 0;
	case CENSPEC_DMA_TO_DEVICE:
		*out = DMA_TO_DEVICE;
		return 0;
	case CENSPEC_DMA_FROM_DEVICE:
		*out = DMA_FROM_DEVICE;
		return 0;
	}
	return -EINVAL;
}

static void cen_slot_drop(struct cen_slot *s)
{
	if (s->sgt)
		dma_buf_unmap_attachment_unlocked(s->att, s->sgt, s->dir);
	if (s->att)
		dma_buf_detach(s->dmabuf, s->att);
	if (s->dmabuf)
		dma_buf_put(s->dmabuf);
	memset(s, 0, sizeof(*s));
}

static int cen_attach(struct cen_slot *s, struct censpec_dma_op *op)
{
	struct dma_buf_attachment *att;
	struct cen_engine *e;
	struct dma_buf *dmabuf;

	if (s->dmabuf)
		return -EBUSY;
	e = cen_engine_get(op->engine);
	if (!e)
		return -ENODEV;
	dmabuf = dma_buf_get(op->fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	att = dma_buf_attach(dmabuf, e->dev);
	if (IS_ERR(att)) {
		dma_buf_put(dmabuf);
		return PTR_ERR(att);
	}
	s->dmabuf = dmabuf;
	s->att = att;
	s->engine = e;
	return 0;
}

/*
 * What the mapping looks like from the device: its DMA segments, the
 * exporter's segments, the runs of DMA segments that continue one another
 * (one run: the device sees the buffer at one range of addresses, as behind
 * an IOMMU that translates), the first and the highest DMA address, and the
 * physical range of the pages, to compare with them. Under
 * CONFIG_DMABUF_DEBUG the core hands importers mangled page pointers: no
 * physical range then (0).
 */
static void cen_map_shape(struct sg_table *sgt, struct censpec_dma_op *op)
{
	struct scatterlist *sg;
	dma_addr_t end = 0;
	unsigned int i;

	op->segments = sgt->nents;
	op->cpu_segments = sgt->orig_nents;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (!i)
			op->dma = sg_dma_address(sg);
		if (!i || sg_dma_address(sg) != end)
			op->dma_ranges++;
		end = sg_dma_address(sg) + sg_dma_len(sg);
		op->dma_last = max_t(u64, op->dma_last, end - 1);
	}
	if (IS_ENABLED(CONFIG_DMABUF_DEBUG))
		return;
	op->phys_low = U64_MAX;
	for_each_sgtable_sg(sgt, sg, i) {
		op->phys_low = min_t(u64, op->phys_low, sg_phys(sg));
		op->phys_high = max_t(u64, op->phys_high,
				      sg_phys(sg) + sg->length - 1);
	}
}

static int cen_map(struct cen_slot *s, struct censpec_dma_op *op)
{
	enum dma_data_direction dir;
	struct sg_table *sgt;
	int ret;

	if (!s->att)
		return -ENOENT;
	if (s->sgt)
		return -EBUSY;
	ret = cen_dir(op->dir, &dir);
	if (ret)
		return ret;
	sgt = dma_buf_map_attachment_unlocked(s->att, dir);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	s->sgt = sgt;
	s->dir = dir;
	cen_map_shape(sgt, op);
	return 0;
}

/*
 * The DMA address of [@offset, @offset + @len): the segment holding
 * @offset, and those after it while each starts where the one before ends
 * (one range of bus addresses, as an IOMMU maps a whole scatterlist).
 */
static int cen_dma_at(struct sg_table *sgt, u64 offset, u32 len,
		      dma_addr_t *dma)
{
	struct scatterlist *sg;
	u64 pos = 0, need = 0, seg;
	dma_addr_t next = 0;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		seg = sg_dma_len(sg);
		if (need) {
			if (sg_dma_address(sg) != next)
				return -EINVAL;
			if (need <= seg)
				return 0;
			need -= seg;
			next += seg;
		} else if (offset >= pos && offset - pos < seg) {
			*dma = sg_dma_address(sg) + (offset - pos);
			if (len <= seg - (offset - pos))
				return 0;
			need = len - (seg - (offset - pos));
			next = sg_dma_address(sg) + seg;
		}
		pos += seg;
	}
	return -EINVAL;
}

static bool cen_range_ok(u64 offset, u32 len, size_t size)
{
	return len && len <= CENSPEC_DMA_XFER_MAX && IS_ALIGNED(len, 4) &&
	       IS_ALIGNED(offset, 4) && offset < size && len <= size - offset;
}

/* Fills @words or checks them: the first word read, and whether all equal it. */
static void cen_pattern(u32 *words, u32 len, struct censpec_dma_op *op)
{
	u32 i, n = len / sizeof(u32);

	if (op->op == CENSPEC_DMA_OP_WRITE) {
		memset32(words, op->value, n);
		return;
	}
	op->value = words[0];
	op->uniform = 1;
	for (i = 1; i < n; i++)
		if (words[i] != words[0])
			op->uniform = 0;
}

static int cen_xfer(struct cen_slot *s, struct censpec_dma_op *op)
{
	bool writes = op->op == CENSPEC_DMA_OP_WRITE;
	struct cen_engine *e = s->engine;
	dma_addr_t dma;
	u32 *words;
	int ret;

	if (!s->sgt)
		return -ENOENT;
	if (!writes && op->op != CENSPEC_DMA_OP_READ)
		return -EINVAL;
	/* the direction of the mapping says which way the device may move data */
	if ((writes && s->dir == DMA_TO_DEVICE) ||
	    (!writes && s->dir == DMA_FROM_DEVICE))
		return -EPERM;
	if (!cen_range_ok(op->offset, op->len, s->dmabuf->size))
		return -EINVAL;
	ret = cen_dma_at(s->sgt, op->offset, op->len, &dma);
	if (ret)
		return ret;
	words = kmalloc(op->len, GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	cen_pattern(words, op->len, op);
	mutex_lock(&e->lock);
	ret = writes ? e->write(e, dma, words, op->len) :
		       e->read(e, dma, words, op->len);
	mutex_unlock(&e->lock);
	if (!ret && !writes)
		cen_pattern(words, op->len, op);
	kfree(words);
	return ret;
}

#ifdef CEN_DMA_VMAP_UNLOCKED
static int cen_vmap_buf(struct dma_buf *dmabuf, struct iosys_map *map)
{
	return dma_buf_vmap_unlocked(dmabuf, map);
}

static void cen_vunmap_buf(struct dma_buf *dmabuf, struct iosys_map *map)
{
	dma_buf_vunmap_unlocked(dmabuf, map);
}
#else
static int cen_vmap_buf(struct dma_buf *dmabuf, struct iosys_map *map)
{
	return dma_buf_vmap(dmabuf, map);
}

static void cen_vunmap_buf(struct dma_buf *dmabuf, struct iosys_map *map)
{
	dma_buf_vunmap(dmabuf, map);
}
#endif

/* An in-kernel importer's CPU access through dma_buf_vmap(), no begin/end. */
static int cen_vmap(struct censpec_dma_op *op)
{
	struct dma_buf *dmabuf;
	struct iosys_map map;
	int ret;

	if (op->op != CENSPEC_DMA_OP_WRITE && op->op != CENSPEC_DMA_OP_READ)
		return -EINVAL;
	dmabuf = dma_buf_get(op->fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	ret = -EINVAL;
	if (!cen_range_ok(op->offset, op->len, dmabuf->size))
		goto put;
	ret = cen_vmap_buf(dmabuf, &map);
	if (ret)
		goto put;
	if (map.is_iomem)
		ret = -EIO;
	else
		cen_pattern(map.vaddr + op->offset, op->len, op);
	cen_vunmap_buf(dmabuf, &map);
put:
	dma_buf_put(dmabuf);
	return ret;
}

/*
 * A narrower DMA mask for an engine's device, as a driver whose device reaches
 * less would set: what the exporter derives from it must follow.
 */
static int cen_mask(struct censpec_dma_op *op)
{
	struct cen_engine *e = cen_engine_get(op->engine);

	if (!e)
		return -ENODEV;
	if (op->value < 24 || op->value > e->max_bits)
		return -EINVAL;
	return dma_set_mask_and_coherent(e->dev, DMA_BIT_MASK(op->value));
}

static int cen_op(struct cen_file *f, unsigned int cmd,
		  struct censpec_dma_op *op)
{
	struct cen_slot *s;

	if (cmd == CENSPEC_DMA_IOC_VMAP)
		return cen_vmap(op);
	if (cmd == CENSPEC_DMA_IOC_MASK)
		return cen_mask(op);
	if (op->slot >= CENSPEC_DMA_SLOTS)
		return -EINVAL;
	s = &f->slots[op->slot];
	switch (cmd) {
	case CENSPEC_DMA_IOC_ATTACH:
		return cen_attach(s, op);
	case CENSPEC_DMA_IOC_MAP:
		return cen_map(s, op);
	case CENSPEC_DMA_IOC_UNMAP:
		if (!s->sgt)
			return -ENOENT;
		dma_buf_unmap_attachment_unlocked(s->att, s->sgt, s->dir);
		s->sgt = NULL;
		return 0;
	case CENSPEC_DMA_IOC_DETACH:
		if (!s->att)
			return -ENOENT;
		if (s->sgt)
			return -EBUSY;
		cen_slot_drop(s);
		return 0;
	case CENSPEC_DMA_IOC_XFER:
		return cen_xfer(s, op);
	}
	return -ENOTTY;
}

static long cen_spec_ioctl(unsigned int cmd, void __user *uarg)
{
	struct censpec_dma_spec_device r;

	if (copy_from_user(&r, uarg, sizeof(r)))
		return -EFAULT;
	r.rc = cen_spec_device(cmd, &r);
	return copy_to_user(uarg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long cen_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct cen_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct censpec_dma_info info;
	struct censpec_dma_op op;

	if (cmd == CENSPEC_DMA_IOC_INFO) {
		cen_info(&info);
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	}
	if (cmd == CENSPEC_DMA_IOC_REGISTER || cmd == CENSPEC_DMA_IOC_UNREGISTER)
		return cen_spec_ioctl(cmd, uarg);
	if (_IOC_TYPE(cmd) != 'C' || _IOC_SIZE(cmd) != sizeof(op))
		return -ENOTTY;
	if (copy_from_user(&op, uarg, sizeof(op)))
		return -EFAULT;
	op.uniform = 0;
	op.segments = 0;
	op.cpu_segments = 0;
	op.dma_ranges = 0;
	op.dma = 0;
	op.dma_last = 0;
	op.phys_low = 0;
	op.phys_high = 0;
	mutex_lock(&f->lock);
	op.rc = cen_op(f, cmd, &op);
	mutex_unlock(&f->lock);
	if (op.rc == -ENOTTY)
		return -ENOTTY;
	return copy_to_user(uarg, &op, sizeof(op)) ? -EFAULT : 0;
}

static int cen_open(struct inode *inode, struct file *file)
{
	struct cen_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int cen_release(struct inode *inode, struct file *file)
{
	struct cen_file *f = file->private_data;
	unsigned int i;

	for (i = 0; i < CENSPEC_DMA_SLOTS; i++)
		cen_slot_drop(&f->slots[i]);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

static const struct file_operations cen_fops = {
	.owner = THIS_MODULE,
	.open = cen_open,
	.release = cen_release,
	.unlocked_ioctl = cen_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice cen_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "censpec_dma",
	.fops = &cen_fops,
};

static int __init cen_init(void)
{
	int ret;

	ret = cen_edu_init();
	if (ret)
		return ret;
	ret = misc_register(&cen_misc);
	if (ret)
		cen_edu_exit();
	return ret;
}

static void __exit cen_exit(void)
{
	misc_deregister(&cen_misc);
	cen_edu_exit();
}

module_init(cen_init);
module_exit(cen_exit);

#ifdef CEN_DMA_NS_STRING
MODULE_IMPORT_NS("DMA_BUF");
#else
MODULE_IMPORT_NS(DMA_BUF);
#endif
MODULE_DESCRIPTION("censpec DMA importer: dma-buf importers that move data by DMA (qemu edu)");
MODULE_LICENSE("GPL");
