// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: the DMA-BUF heap ioctl of the module's own heap
 * nodes (cen_heap_node.c), the contract of upstream's dma-heap core
 * (drivers/dma-buf/dma-heap.c) that its own selftest holds every heap to.
 */

#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/minmax.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/dma-heap.h>

#include "cen_priv.h"

/* Upstream's checks of one allocation, then the buffer (cen_create()). */
static struct dma_buf *cen_heap_alloc(unsigned int heap,
				      const struct dma_heap_allocation_data *d)
{
	if (d->fd || (d->fd_flags & ~DMA_HEAP_VALID_FD_FLAGS) ||
	    (d->heap_flags & ~DMA_HEAP_VALID_HEAP_FLAGS))
		return ERR_PTR(-EINVAL);
	return cen_create(heap, d->len, d->fd_flags, d->heap_flags);
}

static const unsigned int cen_heap_cmds[] = {
	DMA_HEAP_IOCTL_ALLOC,
};

/*
 * The DMA-BUF heap ioctl of the module's own nodes, as the dma-heap core
 * serves it: the command is chosen by _IOC_NR() alone (-EINVAL past the
 * last); the argument is copied in at the size the caller encoded and the
 * rest of the kernel's struct zero-filled, so an older, smaller struct and
 * a newer, larger one both work, and copied back at the caller's size. The
 * buffer's fd is installed only once the copy back succeeded.
 */
long cen_heap_ioctl(struct file *file, unsigned int ucmd, unsigned long arg)
{
	union {
		struct dma_heap_allocation_data alloc;
		u8 bytes[sizeof(struct dma_heap_allocation_data)];
	} stack_kdata;
	unsigned int heap = *(unsigned int *)file->private_data;
	unsigned int nr = _IOC_NR(ucmd), kcmd, in_size, out_size, ksize;
	void __user *uarg = (void __user *)arg;
	struct dma_heap_allocation_data *d;
	struct dma_buf *dmabuf = NULL;
	u8 *kdata = stack_kdata.bytes;
	int fd = -1;
	long ret;

	if (nr >= ARRAY_SIZE(cen_heap_cmds))
		return -EINVAL;
	kcmd = cen_heap_cmds[array_index_nospec(nr, ARRAY_SIZE(cen_heap_cmds))];
	in_size = (ucmd & kcmd & IOC_IN) ? _IOC_SIZE(ucmd) : 0;
	out_size = (ucmd & kcmd & IOC_OUT) ? _IOC_SIZE(ucmd) : 0;
	ksize = max3(in_size, out_size, _IOC_SIZE(kcmd));
	if (ksize > sizeof(stack_kdata)) {
		kdata = kmalloc(ksize, GFP_KERNEL);
		if (!kdata)
			return -ENOMEM;
	}
	if (copy_from_user(kdata, uarg, in_size)) {
		ret = -EFAULT;
		goto out;
	}
	memset(kdata + in_size, 0, ksize - in_size);

	d = (struct dma_heap_allocation_data *)kdata;
	dmabuf = cen_heap_alloc(heap, d);
	ret = PTR_ERR_OR_ZERO(dmabuf);
	if (!ret) {
		fd = get_unused_fd_flags(d->fd_flags);
		ret = fd < 0 ? fd : 0;
		if (ret)
			dma_buf_put(dmabuf);
		else
			d->fd = fd;
	}
	if (copy_to_user(uarg, kdata, out_size)) {
		if (!ret) {
			put_unused_fd(fd);
			dma_buf_put(dmabuf);
		}
		ret = -EFAULT;
	} else if (!ret) {
		fd_install(fd, dmabuf->file);
	}
out:
	if (kdata != stack_kdata.bytes)
		kfree(kdata);
	return ret;
}
