// SPDX-License-Identifier: GPL-2.0
/*
 * censpec kernel runtime: debugfs, <debugfs>/<module>/buffers (every live
 * buffer: heap, size, access mask, allocator, attached devices) and
 * <debugfs>/<module>/allocators (each allocator's bound, zone and use).
 */

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/kconfig.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>

#include "cen_priv.h"

static struct dentry *cen_debugfs;

static int cen_buffers_show(struct seq_file *s, void *unused)
{
	struct cen_attachment *a;
	struct cen_buffer *buf;
	const char *sep;

	mutex_lock(&cen_buffers_lock);
	list_for_each_entry(buf, &cen_buffers, node) {
		mutex_lock(&buf->lock);
		seq_printf(s, "id=%llu heap=%s size=%zu mask=0x%x alloc=%s devices=",
			   buf->id, cen_spec.heaps[buf->heap].name,
			   buf->size, buf->access_mask,
			   cen_alloc_name(buf->alloc));
		sep = "";
		list_for_each_entry(a, &buf->attachments, node) {
			seq_printf(s, "%s%s%s", sep, dev_name(a->dev),
				   a->mapped ? "(mapped)" : "");
			sep = ",";
		}
		seq_puts(s, *sep ? "\n" : "-\n");
		mutex_unlock(&buf->lock);
	}
	mutex_unlock(&cen_buffers_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cen_buffers);

static int cen_allocators_show(struct seq_file *s, void *unused)
{
	const struct cen_allocator_desc *a;
	struct cen_allocator_state *st;
	unsigned int i;

	for (i = 0; i < cen_spec.nr_allocators; i++) {
		a = &cen_spec.allocators[i];
		st = &cen_state[i];
		seq_printf(s, "%s usable=%d last=0x%llx zone=%s exact=%d used=%lld size=%llu cma=%d\n",
			   a->name, st->usable, cen_alloc_last(i),
			   cen_zone_name(st->zone), st->zone_exact,
			   (long long)atomic64_read(&st->used), a->size,
			   IS_ENABLED(CONFIG_DMA_CMA));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(cen_allocators);

void cen_debugfs_init(void)
{
	cen_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("buffers", 0444, cen_debugfs, NULL,
			    &cen_buffers_fops);
	debugfs_create_file("allocators", 0444, cen_debugfs, NULL,
			    &cen_allocators_fops);
}

void cen_debugfs_exit(void)
{
	debugfs_remove_recursive(cen_debugfs);
}
