// SPDX-License-Identifier: GPL-2.0
/*
 * data_check MODULE CTL HEAP...: a --run program of boot-guest.sh that plays
 * every data plan in /censpec/files/ (*.dataplan, written by censpec prove;
 * format in prove/guest/README.md, "Data plan") through the heaps and the DMA
 * importer /dev/censpec_dma: buffers from the heap ABI, attachments and
 * mappings of the importer's engines, the engines writing and reading the
 * buffer by DMA, the CPU writing and reading it through mmap between
 * DMA_BUF_IOCTL_SYNC START and END, and an in-kernel dma_buf_vmap(). A line
 * "COMMAND => key=value ..." is checked here; exit 1 if any check failed or
 * a plan could not be played.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "censpec_dma_importer.h"
#include "data_check.h"

#define PLAN_DIR "/censpec/files"
#define XFER_LEN CENSPEC_DMA_XFER_MAX

struct buffer {
	int heap;		/* open heap, or -1 */
	int fd;			/* the dma-buf, or -1 */
	size_t size;
	unsigned char *cpu;	/* mmap of the dma-buf, or NULL */
	int slot_used[CENSPEC_DMA_SLOTS];
};

static int importer = -1;
static struct censpec_dma_info info;
static struct buffer buf = { .heap = -1, .fd = -1 };
static unsigned int checks, failures;

static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("@@CENSPEC DATA ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static void drop_buffer(void)
{
	struct censpec_dma_op op;

	for (unsigned int s = 0; s < CENSPEC_DMA_SLOTS; s++) {
		if (!buf.slot_used[s])
			continue;
		memset(&op, 0, sizeof(op));
		op.slot = s;
		ioctl(importer, CENSPEC_DMA_IOC_UNMAP, &op);
		ioctl(importer, CENSPEC_DMA_IOC_DETACH, &op);
		buf.slot_used[s] = 0;
	}
	if (buf.cpu)
		munmap(buf.cpu, buf.size);
	if (buf.fd >= 0)
		close(buf.fd);
	buf.cpu = NULL;
	buf.fd = -1;
	buf.size = 0;
}

/* The buffer's CPU mapping, made at the first CPU access; 0 or -errno. */
static int cpu_map(void)
{
	void *p;

	if (buf.cpu)
		return 0;
	if (buf.fd < 0)
		return -ENOENT;
	p = mmap(NULL, buf.size, PROT_READ | PROT_WRITE, MAP_SHARED, buf.fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	buf.cpu = p;
	return 0;
}

static int sync_flags(const char *s, unsigned long long *flags)
{
	if (!strcmp(s, "r"))
		*flags = DMA_BUF_SYNC_READ;
	else if (!strcmp(s, "w"))
		*flags = DMA_BUF_SYNC_WRITE;
	else if (!strcmp(s, "rw"))
		*flags = DMA_BUF_SYNC_RW;
	else
		return -EINVAL;
	return 0;
}

static int cpu_sync(unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(buf.fd, DMA_BUF_IOCTL_SYNC, &s) ? -errno : 0;
}

/* CPU access between SYNC START and END: writes @value over the page at @off, or reads it. */
static int cpu_access(struct result *r, const char *flag_word, unsigned long long off,
		      const unsigned int *value)
{
	unsigned long long flags;
	unsigned int *words;
	int ret;

	ret = sync_flags(flag_word, &flags);
	if (!ret)
		ret = cpu_map();
	if (!ret && (off > buf.size || buf.size - off < XFER_LEN))
		ret = -EINVAL;
	if (!ret)
		ret = cpu_sync(DMA_BUF_SYNC_START | flags);
	if (ret)
		return ret;
	words = (unsigned int *)(buf.cpu + off);
	if (value)
		for (unsigned int i = 0; i < XFER_LEN / 4; i++)
			words[i] = *value;
	else
		read_words(r, words, XFER_LEN / 4);
	return cpu_sync(DMA_BUF_SYNC_END | flags);
}

static int importer_op(unsigned long cmd, struct censpec_dma_op *op)
{
	if (ioctl(importer, cmd, op))
		return -errno;
	return op->rc;
}

static int parse_dir(const char *s)
{
	if (!strcmp(s, "bidi"))
		return CENSPEC_DMA_BIDI;
	if (!strcmp(s, "to"))
		return CENSPEC_DMA_TO_DEVICE;
	if (!strcmp(s, "from"))
		return CENSPEC_DMA_FROM_DEVICE;
	return -1;
}

static int cmd_new(const char *heap_name, unsigned long long len)
{
	struct dma_heap_allocation_data a = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	char path[256];

	drop_buffer();
	if (buf.heap >= 0)
		close(buf.heap);
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap_name);
	buf.heap = open(path, O_RDWR | O_CLOEXEC);
	if (buf.heap < 0)
		return -errno;
	if (ioctl(buf.heap, DMA_HEAP_IOCTL_ALLOC, &a))
		return -errno;
	buf.fd = (int)a.fd;
	buf.size = (len + 4095) & ~4095ull;
	return 0;
}

/* Runs one command of a plan line; fills @r. */
static void run(struct command *c, struct result *r)
{
	struct censpec_dma_op op = { .fd = buf.fd, .slot = c->slot, .len = XFER_LEN };
	unsigned int value = c->value;

	r->rc = 0;
	switch (c->kind) {
	case CMD_NEW:
		r->rc = cmd_new(c->word, c->number);
		return;
	case CMD_CLOSE:
		drop_buffer();
		return;
	case CMD_ATTACH:
		op.engine = c->engine;
		r->rc = importer_op(CENSPEC_DMA_IOC_ATTACH, &op);
		if (!r->rc)
			buf.slot_used[c->slot] = 1;
		return;
	case CMD_MAP:
		op.dir = parse_dir(c->word);
		r->rc = importer_op(CENSPEC_DMA_IOC_MAP, &op);
		if (!r->rc)
			snprintf(r->extra, sizeof(r->extra),
				 "segments=%u cpu_segments=%u dma_ranges=%u dma=0x%llx dma_last=0x%llx phys_low=0x%llx phys_high=0x%llx",
				 op.segments, op.cpu_segments, op.dma_ranges,
				 (unsigned long long)op.dma, (unsigned long long)op.dma_last,
				 (unsigned long long)op.phys_low, (unsigned long long)op.phys_high);
		return;
	case CMD_UNMAP:
		r->rc = importer_op(CENSPEC_DMA_IOC_UNMAP, &op);
		return;
	case CMD_DETACH:
		r->rc = importer_op(CENSPEC_DMA_IOC_DETACH, &op);
		if (!r->rc)
			buf.slot_used[c->slot] = 0;
		return;
	case CMD_DEV_WRITE:
	case CMD_DEV_READ:
	case CMD_VMAP_WRITE:
	case CMD_VMAP_READ:
		op.offset = c->number;
		op.value = value;
		op.op = c->kind == CMD_DEV_WRITE || c->kind == CMD_VMAP_WRITE ?
			CENSPEC_DMA_OP_WRITE : CENSPEC_DMA_OP_READ;
		r->rc = importer_op(c->kind == CMD_DEV_WRITE || c->kind == CMD_DEV_READ ?
				    CENSPEC_DMA_IOC_XFER : CENSPEC_DMA_IOC_VMAP, &op);
		if (!r->rc && op.op == CENSPEC_DMA_OP_READ) {
			r->has_value = 1;
			r->value = op.value;
			r->uniform = op.uniform;
		}
		return;
	case CMD_CPU_WRITE:
		r->rc = cpu_access(r, c->word, c->number, &value);
		return;
	case CMD_CPU_READ:
		r->rc = cpu_access(r, c->word, c->number, NULL);
		return;
	case CMD_MMAP:
		r->rc = cpu_map();
		return;
	case CMD_CHARGE:
		r->rc = charge(r, c->word, c->number);
		return;
	case CMD_RACE:
		r->rc = race(r, c->word, c->number, (int)c->value);
		return;
	case CMD_ENGINE_MASK:
		op.engine = c->engine;
		op.value = c->value;
		r->rc = importer_op(CENSPEC_DMA_IOC_MASK, &op);
		return;
	case CMD_FILL:
		r->rc = fill(r, c->word, c->number, (int)c->value);
		return;
	case CMD_ENGINE_IOMMU:
		r->rc = c->engine < info.engines ? engine_iommu(r, info.names[c->engine]) : -ENODEV;
		return;
	case CMD_REGISTER:
	case CMD_UNREGISTER:
		r->rc = spec_device(importer, c);
		return;
	}
	r->rc = -EINVAL;
}

static void play_line(unsigned int lineno, char *line)
{
	struct command c;
	struct result r;
	char text[256];
	char *want;

	line[strcspn(line, "\n")] = '\0';
	while (*line == ' ' || *line == '\t')
		line++;
	if (!*line)
		return;
	if (*line == '#') {
		say("M %u %s", lineno, line + 1 + (line[1] == ' '));
		return;
	}
	want = strstr(line, "=>");
	if (want) {
		*want = '\0';
		want += 2;
	}
	memset(&r, 0, sizeof(r));
	if (parse_command(line, &c)) {
		say("X %u FAIL unparsable command '%s'", lineno, line);
		checks++;
		failures++;
		return;
	}
	run(&c, &r);
	format_result(&r, text, sizeof(text));
	say("R %u %s", lineno, text);
	if (want) {
		checks++;
		if (expectation_met(want, text)) {
			say("X %u ok", lineno);
		} else {
			failures++;
			say("X %u FAIL want%s got %s", lineno, want, text);
		}
	}
}

static int play(const char *path)
{
	unsigned int lineno = 0;
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		say("PLAN %s ERROR %s", path, strerror(errno));
		return 1;
	}
	say("PLAN %s BEGIN", path);
	while (fgets(line, sizeof(line), f))
		play_line(++lineno, line);
	fclose(f);
	drop_buffer();
	say("PLAN %s END lines=%u", path, lineno);
	return 0;
}

int main(int argc, char **argv)
{
	struct dirent *e;
	DIR *d;
	int plans = 0, errors = 0;

	(void)argc;
	(void)argv;
	importer = open("/dev/censpec_dma", O_RDWR | O_CLOEXEC);
	if (importer < 0 || ioctl(importer, CENSPEC_DMA_IOC_INFO, &info)) {
		say("ERROR no /dev/censpec_dma (DMA importer not loaded): %s", strerror(errno));
		return 1;
	}
	for (unsigned int i = 0; i < info.engines; i++)
		say("ENGINE %u %s", i, info.names[i]);
	d = opendir(PLAN_DIR);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[512];

		if (n < 9 || strcmp(e->d_name + n - 9, ".dataplan"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", PLAN_DIR, e->d_name);
		errors += play(path);
		plans++;
	}
	if (d)
		closedir(d);
	if (!plans) {
		say("ERROR no %s/*.dataplan", PLAN_DIR);
		errors++;
	}
	say("SUMMARY plans=%d engines=%u checks=%u failed=%u", plans, info.engines, checks, failures);
	return errors || failures ? 1 : 0;
}
