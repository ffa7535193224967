// SPDX-License-Identifier: GPL-2.0
/*
 * data_check: the measurements of a data plan, in cgroup v2 memory
 * controllers (memory.current) made for them under /sys/fs/cgroup.
 *
 * charge HEAP LEN: a process in cgroup censpec-creator allocates a buffer,
 * a child of it in censpec-backer makes the first CPU access (which backs
 * it) and exits; then the memory.current of both (creator_kb, backer_kb)
 * while the buffer lives, and after it is closed (creator_after_kb,
 * backer_after_kb).
 *
 * fill HEAP LEN EXTRA: a process in censpec-fill backs buffers of LEN bytes by
 * CPU access until one is refused (held=), tries EXTRA more (refused=), frees
 * them all, then fills again (again=): a region or CMA area that does not get
 * all its blocks back holds fewer; a refused block that is not freed stays
 * charged (leaked_kb, the growth of memory.current since before the fill).
 *
 * race HEAP LEN N: a process in censpec-race allocates a buffer; N children
 * make their first access at once (DMA_BUF_IOCTL_SYNC, mmap, a map by the
 * DMA importer, in turn) and exit; then the growth of memory.current
 * since the buffer was allocated, while it lives (charged_kb) and after it
 * is closed (leaked_kb), and how many
 * accesses succeeded (ok=). Two backings of one buffer charge twice and
 * leak the first.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "censpec_dma_importer.h"
#include "data_check.h"

#define CG "/sys/fs/cgroup"

/* What a measuring child works on. */
struct job {
	const char *heap;
	unsigned long long len;
	int arg;
};

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* cgroup v2 mounted with the memory controller for the root's children. */
static int cg_ready(void)
{
	char controllers[256] = "";
	FILE *f;

	if (access(CG "/cgroup.controllers", R_OK)) {
		mkdir(CG, 0755);
		if (mount("none", CG, "cgroup2", 0, NULL))
			return -errno;
	}
	f = fopen(CG "/cgroup.controllers", "r");
	if (!f || !fgets(controllers, sizeof(controllers), f)) {
		if (f)
			fclose(f);
		return -EOPNOTSUPP;
	}
	fclose(f);
	if (!strstr(controllers, "memory"))
		return -EOPNOTSUPP;
	return write_file(CG "/cgroup.subtree_control", "+memory");
}

static int cg_make(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), CG "/%s", name);
	rmdir(path);
	return mkdir(path, 0755) ? -errno : 0;
}

static int cg_enter(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), CG "/%s/cgroup.procs", name);
	return write_file(path, "0");
}

static long long cg_kb(const char *name)
{
	char path[128];
	long long bytes = -1;
	FILE *f;

	snprintf(path, sizeof(path), CG "/%s/memory.current", name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lld", &bytes) != 1)
			bytes = -1;
		fclose(f);
	}
	return bytes < 0 ? -1 : bytes / 1024;
}

static int alloc_buffer(const char *heap, unsigned long long len)
{
	struct dma_heap_allocation_data a = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	char path[192];
	int h, ret;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	h = open(path, O_RDWR | O_CLOEXEC);
	if (h < 0)
		return -errno;
	ret = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &a) ? -errno : (int)a.fd;
	close(h);
	return ret;
}

static int sync_rw(int fd)
{
	struct dma_buf_sync s = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };

	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s))
		return -errno;
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) ? -errno : 0;
}

/* A first access of kind @k % 3 to buffer @fd of @len bytes: 0 or -errno. */
static int first_access(int fd, unsigned long long len, int k)
{
	struct censpec_dma_op op = { .fd = fd, .dir = CENSPEC_DMA_BIDI };
	void *p;
	int imp, ret;

	if (k % 3 == 0)
		return sync_rw(fd);
	if (k % 3 == 1) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			return -errno;
		munmap(p, len);
		return 0;
	}
	imp = open("/dev/censpec_dma", O_RDWR | O_CLOEXEC);
	if (imp < 0)
		return -errno;
	ret = ioctl(imp, CENSPEC_DMA_IOC_ATTACH, &op) ? -errno : op.rc;
	if (!ret)
		ret = ioctl(imp, CENSPEC_DMA_IOC_MAP, &op) ? -errno : op.rc;
	close(imp);
	return ret;
}

/* Reads one int from @fd, or returns @dflt. */
static int read_int(int fd, int dflt)
{
	int v;

	return read(fd, &v, sizeof(v)) == sizeof(v) ? v : dflt;
}

static void write_int(int fd, int v)
{
	if (write(fd, &v, sizeof(v)) != sizeof(v))
		_exit(3);
}

/* The creator side of charge: reports rc, then waits for the word to close. */
static void charge_creator(const char *heap, unsigned long long len, int report, int cmd)
{
	int fd, status, ret;
	pid_t backer;

	ret = cg_enter("censpec-creator");
	fd = ret ? ret : alloc_buffer(heap, len);
	if (fd < 0) {
		write_int(report, fd);
		_exit(1);
	}
	backer = fork();
	if (!backer)
		_exit(cg_enter("censpec-backer") ? 2 : sync_rw(fd) ? 1 : 0);
	ret = backer < 0 || waitpid(backer, &status, 0) != backer ||
	      !WIFEXITED(status) || WEXITSTATUS(status) ? -EIO : 0;
	write_int(report, ret);
	read_int(cmd, 0);
	close(fd);
	_exit(0);
}

int charge(struct result *r, const char *heap, unsigned long long len)
{
	long long creator_kb, backer_kb;
	int report[2], cmd[2], ret;
	pid_t creator;

	ret = cg_ready();
	if (!ret)
		ret = cg_make("censpec-creator");
	if (!ret)
		ret = cg_make("censpec-backer");
	if (ret || pipe(report) || pipe(cmd))
		return ret ? ret : -errno;
	creator = fork();
	if (!creator)
		charge_creator(heap, len, report[1], cmd[0]);
	ret = read_int(report[0], -EIO);
	creator_kb = cg_kb("censpec-creator");
	backer_kb = cg_kb("censpec-backer");
	write_int(cmd[1], 1);
	waitpid(creator, NULL, 0);
	snprintf(r->extra, sizeof(r->extra),
		 "creator_kb=%lld backer_kb=%lld creator_after_kb=%lld backer_after_kb=%lld",
		 creator_kb, backer_kb, cg_kb("censpec-creator"), cg_kb("censpec-backer"));
	close(report[0]);
	close(report[1]);
	close(cmd[0]);
	close(cmd[1]);
	rmdir(CG "/censpec-creator");
	rmdir(CG "/censpec-backer");
	return ret;
}

#define FILL_MAX 256

/* Backs buffers until one is refused; returns how many are held, closes none. */
static int fill_round(const char *heap, unsigned long long len, int *fds, int *refusal)
{
	int n = 0, fd, ret;

	while (n < FILL_MAX) {
		fd = alloc_buffer(heap, len);
		ret = fd < 0 ? fd : sync_rw(fd);
		if (ret) {
			if (fd >= 0)
				close(fd);
			*refusal = ret;
			break;
		}
		fds[n++] = fd;
	}
	return n;
}

static void close_all(int *fds, int n)
{
	while (n--)
		close(fds[n]);
}

/* The fill side: reports held, refused, leaked_kb, again. */
static void fill_process(const struct job *j, int report)
{
	const char *heap = j->heap;
	unsigned long long len = j->len;
	int extra = j->arg;
	static int fds[FILL_MAX];
	int held, again, refused = 0, refusal = 0, fd;
	long long base;

	if (cg_enter("censpec-fill"))
		_exit(1);
	base = cg_kb("censpec-fill");
	held = fill_round(heap, len, fds, &refusal);
	for (int k = 0; k < extra && refusal; k++) {
		fd = alloc_buffer(heap, len);
		if (fd >= 0 && sync_rw(fd))
			refused++;
		if (fd >= 0)
			close(fd);
	}
	close_all(fds, held);
	write_int(report, held);
	write_int(report, refused);
	write_int(report, (int)(cg_kb("censpec-fill") - base));
	again = fill_round(heap, len, fds, &refusal);
	close_all(fds, again);
	write_int(report, again);
	_exit(0);
}

/*
 * Runs @child in a fork that enters the fresh cgroup @cg, and reads the @n
 * numbers it reports into @out. 0, or -errno when it could not run.
 */
static int measure(const char *cg, void (*child)(const struct job *j, int report),
		   const struct job *j, int *out, int n)
{
	int report[2], ret;
	pid_t pid;

	ret = cg_ready();
	if (!ret)
		ret = cg_make(cg);
	if (ret || pipe(report))
		return ret ? ret : -errno;
	pid = fork();
	if (!pid)
		child(j, report[1]);
	close(report[1]);
	for (int i = 0; i < n; i++)
		out[i] = read_int(report[0], INT_MIN);
	waitpid(pid, NULL, 0);
	close(report[0]);
	return 0;
}

int fill(struct result *r, const char *heap, unsigned long long len, int extra)
{
	struct job j = { .heap = heap, .len = len, .arg = extra };
	int v[4], ret;

	ret = measure("censpec-fill", fill_process, &j, v, 4);
	rmdir(CG "/censpec-fill");
	if (ret || v[3] == INT_MIN)
		return ret ? ret : -EIO;
	snprintf(r->extra, sizeof(r->extra), "held=%d refused=%d again=%d leaked_kb=%d", v[0], v[1], v[3], v[2]);
	return 0;
}

/* The creator side of race: reports ok, charged_kb, leaked_kb. */
static void race_creator(const struct job *j, int report)
{
	const char *heap = j->heap;
	unsigned long long len = j->len;
	int racers = j->arg;
	int go[2], done[2], fd, ok = 0;
	long long base, charged, after;

	fd = cg_enter("censpec-race") ? -1 : alloc_buffer(heap, len);
	if (fd < 0 || pipe(go) || pipe(done))
		_exit(1);
	base = cg_kb("censpec-race");
	for (int k = 0; k < racers; k++) {
		if (fork())
			continue;
		read_int(go[0], 0);
		write_int(done[1], first_access(fd, len, k));
		_exit(0);
	}
	for (int k = 0; k < racers; k++)
		write_int(go[1], 1);
	for (int k = 0; k < racers; k++)
		ok += read_int(done[0], -EIO) == 0;
	while (wait(NULL) > 0)
		;
	charged = cg_kb("censpec-race");
	close(fd);
	after = cg_kb("censpec-race");
	write_int(report, ok);
	write_int(report, (int)(charged - base));
	write_int(report, (int)(after - base));
	_exit(0);
}

int race(struct result *r, const char *heap, unsigned long long len, int racers)
{
	struct job j = { .heap = heap, .len = len, .arg = racers };
	int v[3], ret;

	ret = measure("censpec-race", race_creator, &j, v, 3);
	rmdir(CG "/censpec-race");
	if (ret || v[0] == INT_MIN)
		return ret ? ret : -EIO;
	snprintf(r->extra, sizeof(r->extra), "ok=%d charged_kb=%d leaked_kb=%d", v[0], v[1], v[2]);
	return 0;
}
