// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime, TEST BUILD only: the control device
 * /dev/<spec>_ctl, driven one command line per write():
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
 *   kvmap                the same without begin/end_cpu_access, as an in-kernel
 *                        importer (vb2_plane_vaddr(), fbdev emulation) does
 *   mmap                 mmap() of the buffer into the writing process, as
 *                        userspace would, then munmap
 *   sync                 begin_cpu_access then end_cpu_access, bidirectional
 *                        (vmap, kvmap and sync then check the placement of the pages)
 *   dev <n>, allocator <n>  "rc=0 name=<name>" of stand-in or allocator n
 *                        (-ENOENT past the last), for heap_stress
 *
 * <dev> is a spec device name (a stand-in registered through the API, with
 * the spec's DMA mask, 64-bit for a device behind an IOMMU), or
 * <name>@match (for a spec device with a match string: an unregistered
 * stand-in named by its first match string), or one of the unregistered
 * stand-ins the DMA API describes (cen_standin_test.c):
 *   @raw32    32-bit DMA mask
 *   @bus1g    32-bit DMA mask, bus address 0xc0000000 = physical 0 for 1 GiB
 *             (the Raspberry Pi 4's /soc dma-ranges)
 *   @nomask   no DMA mask at all
 *   @seg64k   32-bit DMA mask, DMA segments of at most 64 KiB
 *
 * Reads then return "rc=<errno> mask=0x<access mask> alloc=<name|-> place=<ok|bad|->"
 * and EOF, until the next write. The placement verdict is the oracle's
 * (cen_place_test.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/iosys-map.h>
#include <linux/kernel.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cen_core.h"
#include "cen_test.h"

#define CEN_CTL_LINE	128

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

char cen_ctl_name[CEN_CTL_NAME];

/*
 * The _unlocked variants take the reservation lock that 6.2+ requires
 * around mapping; Debian's 6.1 has them too (backported), except for vmap
 * (Kbuild defines CEN_VMAP_UNLOCKED where <linux/dma-buf.h> declares it).
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

/* A kernel mapping: write a pattern through it, read it back. */
static int cen_ctl_vmap_rw(struct dma_buf *dmabuf)
{
	struct iosys_map map;
	int ret;

	ret = cen_test_vmap(dmabuf, &map);
	if (ret)
		return ret;
	if (map.is_iomem) {
		ret = -EIO;
	} else {
		memset(map.vaddr, 0x5a, dmabuf->size);
		if (memchr_inv(map.vaddr, 0x5a, dmabuf->size))
			ret = -EIO;
	}
	cen_test_vunmap(dmabuf, &map);
	return ret;
}

/*
 * CPU access through a kernel mapping, inside begin/end_cpu_access (vmap)
 * or not (kvmap); backs the buffer if nothing did.
 */
static int cen_ctl_vmap(struct cen_ctl *ctl, bool bracket)
{
	struct dma_buf *dmabuf = ctl->dmabuf;
	int ret, end;

	if (!dmabuf)
		return -ENOENT;
	if (!bracket)
		return cen_ctl_vmap_rw(dmabuf);
	ret = dma_buf_begin_cpu_access(dmabuf, DMA_BIDIRECTIONAL);
	if (ret)
		return ret;
	ret = cen_ctl_vmap_rw(dmabuf);
	end = dma_buf_end_cpu_access(dmabuf, DMA_BIDIRECTIONAL);
	return ret ? ret : end;
}

/* The buffer mapped into the writing process (its exporter's mmap op), unmapped. */
static int cen_ctl_mmap(struct cen_ctl *ctl)
{
	unsigned long addr;

	if (!ctl->dmabuf)
		return -ENOENT;
	addr = vm_mmap(ctl->dmabuf->file, 0, ctl->dmabuf->size,
		       PROT_READ | PROT_WRITE, MAP_SHARED, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	return vm_munmap(addr, ctl->dmabuf->size);
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
	if (!strcmp(cmd, "mmap"))
		return cen_ctl_mmap(ctl);
	if (!strcmp(cmd, "vmap") || !strcmp(cmd, "kvmap") ||
	    !strcmp(cmd, "sync")) {
		ret = cmd[0] == 's' ? cen_ctl_sync(ctl) :
				      cen_ctl_vmap(ctl, cmd[0] == 'v');
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

/*
 * "dev N", "allocator N": the name of stand-in or allocator N, for heap_stress;
 * -ENODEV with its name for a stand-in left out.
 */
static size_t cen_ctl_name_of(const char *cmd, const char *arg, char *out,
			      size_t size)
{
	const char *name = NULL;
	unsigned int n;

	if (kstrtouint(arg, 10, &n))
		return scnprintf(out, size, "rc=%d name=-\n", -EINVAL);
	if (cmd[0] == 'd' && n < cen_test_nr_devs && !cen_test_devs[n].pdev)
		return scnprintf(out, size, "rc=%d name=%s\n", -ENODEV,
				 cen_test_devs[n].name);
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

int __init cen_ctl_add(void)
{
	snprintf(cen_ctl_name, sizeof(cen_ctl_name), "%s_ctl", cen_spec.name);
	return misc_register(&cen_ctl_misc);
}

void cen_ctl_remove(void)
{
	misc_deregister(&cen_ctl_misc);
}
