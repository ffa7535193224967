// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the TEST BUILD, a module of its own name
 * (<spec>_test.ko, modinfo censpec_build=test) built only by "make test".
 * It is the production module plus stand-in devices and a control device
 * /dev/<spec>_ctl driven one command line per write():
 *
 *   new <heap> [len]     drop this file's buffer, create one (heap = spec
 *                        name or share name; len defaults to one page)
 *   attach <dev>         dma_buf_attach() the stand-in <dev>
 *   map <dev> [dir]      dma_buf_map_attachment() in direction dir (bidi,
 *                        to, from; default bidi), then check the placement
 *   unmap <dev>          dma_buf_unmap_attachment()
 *   detach <dev>         dma_buf_detach()
 *   vmap                 dma_buf_vmap() inside begin/end_cpu_access, write a
 *                        pattern through the mapping, read it back, vunmap
 *   sync                 begin_cpu_access then end_cpu_access, bidirectional
 *   dev <n>, allocator <n>  "rc=0 name=<name>" of stand-in or allocator n
 *                        (-ENOENT past the last), for heap_stress
 *                        (vmap and sync then check the placement of the pages)
 *
 * <dev> is a spec device name (a stand-in registered through the API, with
 * the spec's DMA mask, 64-bit for a device behind an IOMMU), or
 * <name>@match (for a spec device with a match string: an unregistered
 * stand-in named by its first match string), or one of the unregistered
 * stand-ins the DMA API describes:
 *   @raw32    32-bit DMA mask
 *   @bus1g    32-bit DMA mask, bus address 0xc0000000 = physical 0 for 1 GiB
 *             (the Raspberry Pi 4's /soc dma-ranges)
 *   @nomask   no DMA mask at all
 *   @seg64k   32-bit DMA mask, DMA segments of at most 64 KiB
 *
 * Reads then return "rc=<errno> mask=0x<access mask> alloc=<name|-> place=<ok|bad|->"
 * and EOF, until the next write.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/iosys-map.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cen_core.h"

#define CEN_CTL_LINE	128
#define CEN_CTL_NAME	32

/* What kind of stand-in a device is. */
enum cen_stand_in {
	CEN_SI_SPEC,		/* spec device, registered through the API */
	CEN_SI_MATCH,		/* spec device, recognised by its match string */
	CEN_SI_RAW32,
	CEN_SI_BUS1G,
	CEN_SI_NOMASK,
	CEN_SI_SEG64K,
};

struct cen_test_dev {
	char name[CEN_CTL_NAME];	/* as the control device calls it */
	enum cen_stand_in kind;
	unsigned int spec_id;
	struct platform_device *pdev;
	struct bus_dma_region *ranges;
	struct device_dma_parameters parms;
};

struct cen_ctl_dev {
	struct dma_buf_attachment *attachment;
	struct sg_table *sgt;
	enum dma_data_direction dir;
};

struct cen_ctl {
	struct mutex lock;	/* serialises commands of one open file */
	struct dma_buf *dmabuf;
	struct cen_ctl_dev *devs;
	char result[CEN_CTL_LINE];
	size_t result_len;
	size_t read_pos;
};

static struct cen_test_dev *cen_test_devs;
static unsigned int cen_test_nr_devs;
static char cen_ctl_name[CEN_CTL_NAME];

/*
 * The _unlocked variants take the reservation lock that 6.2+ requires
 * around mapping; Debian's 6.1 has them too (backported).
 */
#ifdef CEN_VMAP_UNLOCKED
static int cen_test_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	return dma_buf_vmap_unlocked(dmabuf, map);
}

static void cen_test_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	dma_buf_vunmap_unlocked(dmabuf, map);
}
#else
static int cen_test_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	return dma_buf_vmap(dmabuf, map);
}

static void cen_test_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	dma_buf_vunmap(dmabuf, map);
}
#endif

static int cen_test_find_dev(const char *name)
{
	unsigned int i;

	for (i = 0; i < cen_test_nr_devs; i++)
		if (!strcmp(cen_test_devs[i].name, name))
			return i;
	return -ENODEV;
}

static int cen_test_find_heap(const char *label)
{
	unsigned int i;

	for (i = 0; i < cen_spec.nr_heaps; i++)
		if (!strcmp(cen_spec.heaps[i].label, label))
			return i;
	return -ENOENT;
}

static void cen_ctl_drop(struct cen_ctl *ctl)
{
	struct cen_ctl_dev *d;
	unsigned int i;

	for (i = 0; i < cen_test_nr_devs; i++) {
		d = &ctl->devs[i];
		if (d->sgt)
			dma_buf_unmap_attachment_unlocked(d->attachment, d->sgt,
							  d->dir);
		if (d->attachment)
			dma_buf_detach(ctl->dmabuf, d->attachment);
		d->sgt = NULL;
		d->attachment = NULL;
	}
	if (ctl->dmabuf)
		dma_buf_put(ctl->dmabuf);
	ctl->dmabuf = NULL;
}

static int cen_ctl_new(struct cen_ctl *ctl, const char *arg)
{
	char label[CEN_CTL_LINE];
	struct dma_buf *dmabuf;
	u64 len = PAGE_SIZE;
	const char *space;
	int heap;

	space = strchr(arg, ' ');
	if (space) {
		if (kstrtou64(space + 1, 0, &len))
			return -EINVAL;
		strscpy(label, arg, min_t(size_t, space - arg + 1,
					  sizeof(label)));
	} else {
		strscpy(label, arg, sizeof(label));
	}

	cen_ctl_drop(ctl);
	heap = cen_test_find_heap(label);
	if (heap < 0)
		return heap;
	dmabuf = cen_create(heap, len, O_RDWR | O_CLOEXEC, 0);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	ctl->dmabuf = dmabuf;
	return 0;
}

/* CPU access through a kernel mapping; backs the buffer if nothing did. */
static int cen_ctl_vmap(struct cen_ctl *ctl)
{
	struct dma_buf *dmabuf = ctl->dmabuf;
	struct iosys_map map;
	int ret, end;

	if (!dmabuf)
		return -ENOENT;
	ret = dma_buf_begin_cpu_access(dmabuf, DMA_BIDIRECTIONAL);
	if (ret)
		return ret;
	ret = cen_test_vmap(dmabuf, &map);
	if (!ret) {
		if (map.is_iomem) {
			ret = -EIO;
		} else {
			memset(map.vaddr, 0x5a, dmabuf->size);
			if (memchr_inv(map.vaddr, 0x5a, dmabuf->size))
				ret = -EIO;
		}
		cen_test_vunmap(dmabuf, &map);
	}
	end = dma_buf_end_cpu_access(dmabuf, DMA_BIDIRECTIONAL);
	return ret ? ret : end;
}

static int cen_ctl_sync(struct cen_ctl *ctl)
{
	int ret;

	if (!ctl->dmabuf)
		return -ENOENT;
	ret = dma_buf_begin_cpu_access(ctl->dmabuf, DMA_BIDIRECTIONAL);
	if (ret)
		return ret;
	return dma_buf_end_cpu_access(ctl->dmabuf, DMA_BIDIRECTIONAL);
}

static int cen_ctl_dir(const char *s, enum dma_data_direction *dir)
{
	if (!*s || !strcmp(s, "bidi"))
		*dir = DMA_BIDIRECTIONAL;
	else if (!strcmp(s, "to"))
		*dir = DMA_TO_DEVICE;
	else if (!strcmp(s, "from"))
		*dir = DMA_FROM_DEVICE;
	else
		return -EINVAL;
	return 0;
}

/* Physical address of DMA address @dma of stand-in @dev, by the ranges it was given. */
static u64 cen_test_dma_to_phys(struct device *dev, dma_addr_t dma)
{
	const struct bus_dma_region *r = dev->dma_range_map;

	if (!r)
		return dma;
	for (; r->size; r++)
		if (dma >= r->dma_start && dma - r->dma_start < r->size)
			return dma - r->dma_start + r->cpu_start;
	return U64_MAX;
}

/*
 * The placement oracle, kept out of the runtime so that a fault in its
 * allocation code cannot blind it (docs/semantics.md): judged by the
 * spec's tables alone, every backing page lies below its allocator's
 * bound (4 GiB at most for pages_dma32) and inside its reserved-memory
 * region if it names one (where the devicetree placed it), the first on
 * the allocator's alignment, all consecutive if it provides contiguous;
 * the importer's DMA
 * segments are whole pages within its DMA limit, no longer than its
 * maximum segment, and lead to exactly those pages in order (no bounce
 * buffer). The pages are checked after every CPU access too.
 */
/*
 * The physical range [*@start, *@end) of reserved-memory region @name, as
 * the devicetree gave it; false if the kernel has no such region.
 */
static bool cen_test_region(const char *name, u64 *start, u64 *end)
{
#ifdef CONFIG_OF_RESERVED_MEM
	struct device_node *parent, *np;
	struct reserved_mem *rmem;

	parent = of_find_node_by_path("/reserved-memory");
	if (!parent)
		return false;
	np = of_get_child_by_name(parent, name);
	of_node_put(parent);
	if (!np)
		return false;
	rmem = of_reserved_mem_lookup(np);
	of_node_put(np);
	if (!rmem)
		return false;
	*start = rmem->base;
	*end = rmem->base + rmem->size;
	return true;
#else
	return false;
#endif
}

static bool cen_test_pages_ok(struct dma_buf *dmabuf)
{
	const struct cen_allocator_desc *a;
	struct page * const *pages;
	u64 bound, phys, start = 0, end = 0;
	pgoff_t nr, p;
	int alloc;

	alloc = cen_buffer_backing(dmabuf, &pages, &nr);
	if (alloc < 0 || !nr)
		return false;
	a = &cen_spec.allocators[alloc];
	bound = a->below;
	if (a->backend == CEN_BACKEND_PAGES_DMA32)
		bound = min_t(u64, bound, SZ_4G);
	/* an allocator with a region allocates inside it, nowhere else */
	if (a->region && !cen_test_region(a->region, &start, &end))
		return false;
	for (p = 0; p < nr; p++) {
		phys = page_to_phys(pages[p]);
		if (phys >= bound || bound - phys < PAGE_SIZE)
			return false;
		if (a->region && (phys < start || phys >= end ||
				  end - phys < PAGE_SIZE))
			return false;
		if (!p && !IS_ALIGNED(phys, a->align))
			return false;
		if (p && a->contiguous &&
		    phys != page_to_phys(pages[p - 1]) + PAGE_SIZE)
			return false;
	}
	return true;
}

/* The placement of a buffer as one importer's mapping @sgt shows it. */
static bool cen_test_placement_ok(struct dma_buf *dmabuf, struct device *dev,
				  const struct sg_table *sgt)
{
	struct page * const *pages;
	struct scatterlist *sg;
	u64 phys, len, limit, dma;
	pgoff_t nr, p;
	unsigned int i;

	if (!cen_test_pages_ok(dmabuf) ||
	    cen_buffer_backing(dmabuf, &pages, &nr) < 0)
		return false;
	if (!dev->dma_mask)
		return false;
	limit = min_not_zero(*dev->dma_mask, dev->bus_dma_limit);
	p = 0;
	for_each_sgtable_dma_sg(sgt, sg, i) {
		len = sg_dma_len(sg);
		dma = sg_dma_address(sg);
		if (!len || !IS_ALIGNED(len, PAGE_SIZE) ||
		    len > dma_get_max_seg_size(dev) || dma > limit ||
		    len - 1 > limit - dma)
			return false;
		phys = cen_test_dma_to_phys(dev, dma);
		for (; len; len -= PAGE_SIZE, phys += PAGE_SIZE, p++)
			if (p >= nr || page_to_phys(pages[p]) != phys)
				return false;
	}
	return p == nr;
}

static int cen_ctl_map(struct cen_ctl *ctl, int id, const char *dirname,
		       const char **place)
{
	struct cen_ctl_dev *d = &ctl->devs[id];
	struct device *dev = &cen_test_devs[id].pdev->dev;
	enum dma_data_direction dir;
	struct sg_table *sgt;
	int ret;

	ret = cen_ctl_dir(dirname, &dir);
	if (ret)
		return ret;
	if (!d->attachment)
		return -ENOENT;
	if (d->sgt)
		return -EBUSY;
	sgt = dma_buf_map_attachment_unlocked(d->attachment, dir);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);
	d->sgt = sgt;
	d->dir = dir;
	*place = cen_test_placement_ok(ctl->dmabuf, dev, sgt) ? "ok" : "bad";
	return 0;
}

/* Runs one command; *place is set to the placement verdict of a map. */
static int cen_ctl_run(struct cen_ctl *ctl, const char *cmd, char *arg,
		       const char **place)
{
	struct dma_buf_attachment *attachment;
	struct cen_ctl_dev *d;
	char *opt;
	int id, ret;

	if (!strcmp(cmd, "new"))
		return cen_ctl_new(ctl, arg);
	if (!strcmp(cmd, "vmap") || !strcmp(cmd, "sync")) {
		ret = cmd[0] == 'v' ? cen_ctl_vmap(ctl) : cen_ctl_sync(ctl);
		if (!ret)
			*place = cen_test_pages_ok(ctl->dmabuf) ? "ok" : "bad";
		return ret;
	}

	opt = strchr(arg, ' ');
	if (opt)
		*opt++ = '\0';
	else
		opt = "";
	id = cen_test_find_dev(arg);
	if (id < 0)
		return id;
	if (!ctl->dmabuf)
		return -ENOENT;
	d = &ctl->devs[id];

	if (!strcmp(cmd, "attach")) {
		if (d->attachment)
			return -EBUSY;
		attachment = dma_buf_attach(ctl->dmabuf,
					    &cen_test_devs[id].pdev->dev);
		if (IS_ERR(attachment))
			return PTR_ERR(attachment);
		d->attachment = attachment;
		return 0;
	}
	if (!strcmp(cmd, "map"))
		return cen_ctl_map(ctl, id, skip_spaces(opt), place);
	if (!strcmp(cmd, "unmap")) {
		if (!d->sgt)
			return -ENOENT;
		dma_buf_unmap_attachment_unlocked(d->attachment, d->sgt, d->dir);
		d->sgt = NULL;
		return 0;
	}
	if (!strcmp(cmd, "detach")) {
		if (!d->attachment)
			return -ENOENT;
		if (d->sgt)
			return -EBUSY;
		dma_buf_detach(ctl->dmabuf, d->attachment);
		d->attachment = NULL;
		return 0;
	}
	return -EINVAL;
}

static int cen_ctl_open(struct inode *inode, struct file *file)
{
	struct cen_ctl *ctl;

	ctl = kzalloc(sizeof(*ctl), GFP_KERNEL);
	if (!ctl)
		return -ENOMEM;
	ctl->devs = kcalloc(cen_test_nr_devs, sizeof(*ctl->devs), GFP_KERNEL);
	if (!ctl->devs) {
		kfree(ctl);
		return -ENOMEM;
	}
	mutex_init(&ctl->lock);
	file->private_data = ctl;
	return stream_open(inode, file);
}

static int cen_ctl_release(struct inode *inode, struct file *file)
{
	struct cen_ctl *ctl = file->private_data;

	cen_ctl_drop(ctl);
	mutex_destroy(&ctl->lock);
	kfree(ctl->devs);
	kfree(ctl);
	return 0;
}

/* "dev N", "allocator N": the name of stand-in or allocator N, for heap_stress. */
static size_t cen_ctl_name_of(const char *cmd, const char *arg, char *out,
			      size_t size)
{
	const char *name = NULL;
	unsigned int n;

	if (kstrtouint(arg, 10, &n))
		return scnprintf(out, size, "rc=%d name=-\n", -EINVAL);
	if (cmd[0] == 'd' && n < cen_test_nr_devs)
		name = cen_test_devs[n].name;
	else if (cmd[0] == 'a' && n < cen_spec.nr_allocators)
		name = cen_spec.allocators[n].name;
	if (!name)
		return scnprintf(out, size, "rc=%d name=-\n", -ENOENT);
	return scnprintf(out, size, "rc=0 name=%s\n", name);
}

static ssize_t cen_ctl_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct cen_ctl *ctl = file->private_data;
	char line[CEN_CTL_LINE];
	const char *place = "-";
	const char *alloc_name;
	char *cmd, *arg;
	int rc, alloc;
	u32 mask;

	if (!count || count >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, count))
		return -EFAULT;
	line[count] = '\0';
	cmd = strim(line);
	arg = strchr(cmd, ' ');
	if (arg)
		*arg++ = '\0';
	else
		arg = "";
	arg = skip_spaces(arg);

	mutex_lock(&ctl->lock);
	if (!strcmp(cmd, "dev") || !strcmp(cmd, "allocator")) {
		ctl->result_len = cen_ctl_name_of(cmd, arg, ctl->result,
						  sizeof(ctl->result));
		ctl->read_pos = 0;
		mutex_unlock(&ctl->lock);
		return count;
	}
	rc = cen_ctl_run(ctl, cmd, arg, &place);
	cen_buffer_state(ctl->dmabuf, &mask, &alloc);
	alloc_name = alloc < 0 ? "-" : cen_spec.allocators[alloc].name;
	ctl->result_len = scnprintf(ctl->result, sizeof(ctl->result),
				    "rc=%d mask=0x%x alloc=%s place=%s\n",
				    rc, mask, alloc_name, place);
	ctl->read_pos = 0;
	mutex_unlock(&ctl->lock);
	pr_debug("ctl: %s %s -> %s", cmd, arg, ctl->result);
	return count;
}

static ssize_t cen_ctl_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct cen_ctl *ctl = file->private_data;
	size_t n;

	mutex_lock(&ctl->lock);
	n = min(count, ctl->result_len - ctl->read_pos);
	if (n && copy_to_user(ubuf, ctl->result + ctl->read_pos, n)) {
		mutex_unlock(&ctl->lock);
		return -EFAULT;
	}
	ctl->read_pos += n;
	mutex_unlock(&ctl->lock);
	return n;
}

static const struct file_operations cen_ctl_fops = {
	.owner = THIS_MODULE,
	.open = cen_ctl_open,
	.release = cen_ctl_release,
	.read = cen_ctl_read,
	.write = cen_ctl_write,
};

static struct miscdevice cen_ctl_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = cen_ctl_name,
	.fops = &cen_ctl_fops,
};

static void cen_test_remove_devices(void)
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

static int __init cen_test_setup(void)
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

	snprintf(cen_ctl_name, sizeof(cen_ctl_name), "%s_ctl", cen_spec.name);
	ret = misc_register(&cen_ctl_misc);
	if (ret) {
		cen_test_remove_devices();
		return ret;
	}
	pr_info("TEST BUILD: %u stand-in devices, /dev/%s; not for production\n",
		n, cen_ctl_name);
	return 0;
}

static int __init cen_test_init(void)
{
	int ret;

	ret = cen_core_init();
	if (ret)
		return ret;
	ret = cen_test_setup();
	if (ret)
		cen_core_exit();
	return ret;
}

static void __exit cen_test_exit(void)
{
	misc_deregister(&cen_ctl_misc);
	cen_test_remove_devices();
	cen_core_exit();
}

module_init(cen_test_init);
module_exit(cen_test_exit);

MODULE_DESCRIPTION("censpec TEST BUILD: stand-in devices and control device, not for production");
MODULE_LICENSE("GPL");
MODULE_INFO(censpec_build, "test");
