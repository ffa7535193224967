// SPDX-License-Identifier: GPL-2.0
/*
 * heap_stress - the module under concurrent load, a --run program of
 * boot-guest.sh (censpec prove runs it in every boot; what it finds matters
 * most under the debug kernel with --smp 2, whose KASAN, lockdep, DMA-API
 * and dma-buf debug watch the kernel side).
 *
 * Usage: heap_stress [--seed N] [--seconds S] MODULE CTL HEAP...
 *
 * Forks PROCS processes of THREADS threads each, for S seconds (default 6):
 *  - control threads, each with its own file of the test build's control
 *    device CTL, run random command sequences (new on a random heap and
 *    length, attach/map/unmap/detach of random stand-ins, vmap, sync) and
 *    check every result against the buffer model of docs/semantics.md: an
 *    access mask only narrows, an accepted attach keeps the chosen
 *    allocator in the mask (no attach accepted after an allocation it
 *    rejects), the allocator never changes once chosen, every successful
 *    map and CPU access reports place=ok, a second attach or map is EBUSY,
 *    and no errno outside the module's documented ones;
 *  - heap threads allocate from random heaps, publish the dma-buf fds in a
 *    table the process's threads share, and race mmap, write, sync, munmap
 *    and close against each other on the same buffers (each user holds its
 *    own dup(), so the last close, the release, races the others' use).
 * Sequences are drawn from a xorshift generator seeded by N (default 1) and
 * the process and thread index: the same seed gives the same sequences (the
 * interleaving is the scheduler's). Prints "@@CENSPEC STRESS ..." lines: one
 * per violation (at most 20 per thread), then a summary with the operations
 * executed. Before the load, a fill phase holds up to 64 one-page buffers of
 * each heap alive at once (each backed by a vmap) until the heap runs out,
 * every one of them placed as its allocator promised ("@@CENSPEC STRESS FILL").
 * Exit 0 when no result contradicts the model, 1 otherwise, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#define PROCS 2
#define CTL_THREADS 2
#define HEAP_THREADS 2
#define RING 16
#define MAX_DEVS 64
#define MAX_HEAPS 16
#define PAGE 4096UL
#define MAX_REPORTS 20

static const char *ctl_path;
static const char *heaps[MAX_HEAPS];
static const char *spec;	/* the module's spec: MODULE without "_test" */
static int nheaps;
static char devs[MAX_DEVS][40];
static int ndevs;
static char allocs[32][40];
static int nallocs;
static unsigned long long seed = 1;
static double seconds = 6;
static struct timespec t_end;
static int ring[RING];

struct worker {
	pthread_t tid;
	int proc, index;
	uint64_t rng;
	unsigned long ops, violations, reports;
};

static uint64_t next(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng;
}

static unsigned int pick(struct worker *w, unsigned int n)
{
	return (unsigned int)(next(w) % n);
}

static int time_left(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < t_end.tv_sec ||
	       (now.tv_sec == t_end.tv_sec && now.tv_nsec < t_end.tv_nsec);
}

__attribute__((format(printf, 2, 3)))
static void violation(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	w->violations++;
	if (w->reports++ < MAX_REPORTS) {
		printf("@@CENSPEC STRESS VIOLATION proc=%d thread=%d seed=%llu ", w->proc, w->index, seed);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		fflush(stdout);
	}
}

/* One control command; fills res with the result line. Returns rc or -errno of the I/O. */
static int ctl_cmd(int fd, const char *cmd, char *res, size_t size)
{
	ssize_t n;

	if (write(fd, cmd, strlen(cmd)) < 0)
		return -errno;
	n = read(fd, res, size - 1);
	if (n < 0)
		return -errno;
	res[n] = '\0';
	return 0;
}

/* The value of key= in a result line, copied into out. */
static int field(const char *res, const char *key, char *out, size_t size)
{
	size_t k = strlen(key);
	const char *p = res;

	while ((p = strstr(p, key))) {
		if ((p == res || p[-1] == ' ') && p[k] == '=') {
			size_t i = 0;

			p += k + 1;
			while (p[i] && p[i] != ' ' && p[i] != '\n' && i + 1 < size) {
				out[i] = p[i];
				i++;
			}
			out[i] = '\0';
			return 0;
		}
		p += k;
	}
	return -1;
}

static int allowed_errno(long rc)
{
	switch (-rc) {
	case 0: case EINVAL: case EBUSY: case ENOENT: case ENOMEM: case EPERM: case ENOSPC:
		return 1;
	default:
		return 0;
	}
}

/*
 * Names the test build lists for "WHAT N", N = 0, 1, ... into out; how many.
 * A stand-in the kernel left out (its DMA mask refused) answers -ENODEV: it
 * is no device of the test build, and is skipped.
 */
static int load_names(int fd, const char *what, char out[][40], int max)
{
	char cmd[32], res[160], name[40];
	int n, got = 0;

	for (n = 0; got < max; n++) {
		snprintf(cmd, sizeof(cmd), "%s %d", what, n);
		if (ctl_cmd(fd, cmd, res, sizeof(res)))
			break;
		if (!strncmp(res, "rc=-19 ", 7))
			continue;
		if (strncmp(res, "rc=0 ", 5) || field(res, "name", name, sizeof(name)))
			break;
		snprintf(out[got++], sizeof(out[0]), "%s", name);
	}
	return got;
}

/* Asks the test build for its stand-ins ("dev N") and allocators ("allocator N"). */
static int load_devices(void)
{
	int fd = open(ctl_path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	ndevs = load_names(fd, "dev", devs, MAX_DEVS);
	nallocs = load_names(fd, "allocator", allocs, 32);
	close(fd);
	return ndevs && nallocs ? 0 : -1;
}

/* Bit of the allocator named @name in an access mask, 0 if unknown. */
static unsigned long long alloc_bit(const char *name)
{
	int i;

	for (i = 0; i < nallocs; i++)
		if (!strcmp(allocs[i], name))
			return 1ULL << i;
	return 0;
}

/* ---- control threads: random sequences checked against the buffer model ---- */

struct model {
	unsigned long long mask;
	char alloc[40];
	unsigned long long attached, mapped;	/* bit per device index */
	int have;				/* a buffer exists */
};

/* The heap's name: the last component of its /dev/dma_heap path. */
static const char *heap_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * The control device names a heap by its spec label: the spec name for the
 * generic heap, the share name for a share's heap. Heap names are
 * <spec>[-<share>][-contiguous][-protected] (HeapNames: share names have no
 * '-' and are neither "contiguous" nor "protected"); a share's alias, a name
 * from outside, has no label (the share's own heap covers it): NULL.
 */
static char *label_of(const char *path)
{
	const char *name = heap_name(path), *rest;
	size_t len = strlen(spec), n;

	if (strncmp(name, spec, len) || (name[len] && name[len] != '-'))
		return NULL;
	rest = name + len;
	n = *rest ? strcspn(rest + 1, "-") : 0;
	if (!n || (n == 10 && !strncmp(rest + 1, "contiguous", n)) ||
	    (n == 9 && !strncmp(rest + 1, "protected", n)))
		return strdup(spec);
	return strndup(rest + 1, n);
}

static const char *labels[MAX_HEAPS];	/* heaps[i]'s label, computed once */

static const char *heap_label(const char *path)
{
	int i;

	for (i = 0; i < nheaps; i++)
		if (heaps[i] == path)
			return labels[i];
	return spec;
}

static void check_ctl(struct worker *w, struct model *m, const char *cmd, int dev, const char *res)
{
	char v[40], a[40], place[16];
	long rc;
	unsigned long long mask;

	if (field(res, "rc", v, sizeof(v)) || field(res, "mask", a, sizeof(a)) ||
	    field(res, "place", place, sizeof(place))) {
		violation(w, "'%s': unreadable result '%s'", cmd, res);
		return;
	}
	rc = strtol(v, NULL, 10);
	mask = strtoull(a, NULL, 16);
	field(res, "alloc", a, sizeof(a));
	if (!allowed_errno(rc))
		violation(w, "'%s': errno outside the documented ones: %s", cmd, res);
	if (!strncmp(cmd, "new", 3)) {
		m->have = rc == 0;
		m->mask = mask;
		m->attached = m->mapped = 0;
		snprintf(m->alloc, sizeof(m->alloc), "%s", a);
		if (rc == 0 && strcmp(a, "-"))
			violation(w, "'%s': a new buffer is already backed: %s", cmd, res);
		return;
	}
	if (!m->have)
		return;
	if (mask & ~m->mask)
		violation(w, "'%s': the access mask widened: %s", cmd, res);
	if (strcmp(m->alloc, "-") && strcmp(m->alloc, a))
		violation(w, "'%s': the allocator changed once chosen: %s", cmd, res);
	/* the chosen allocator stays in the mask: no attach accepted that rejects it */
	if (strcmp(a, "-") && !(mask & alloc_bit(a)))
		violation(w, "'%s': the chosen allocator is not in the access mask: %s", cmd, res);
	if (!strncmp(cmd, "attach", 6)) {
		if ((m->attached >> dev & 1) && rc != -EBUSY)
			violation(w, "'%s': a second attach of one device is not EBUSY: %s", cmd, res);
		if (rc == 0) {
			m->attached |= 1ULL << dev;
			if (!mask)
				violation(w, "'%s': attach accepted with an empty mask: %s", cmd, res);
		}
	} else if (!strncmp(cmd, "map", 3)) {
		if (rc == 0) {
			if (m->mapped >> dev & 1)
				violation(w, "'%s': a second map of one attachment succeeded: %s", cmd, res);
			if (strcmp(place, "ok"))
				violation(w, "'%s': a map the kernel accepted breaks the allocator's promises: %s", cmd, res);
			if (!strcmp(a, "-"))
				violation(w, "'%s': mapped without a chosen allocator: %s", cmd, res);
			m->mapped |= 1ULL << dev;
		}
	} else if (!strncmp(cmd, "unmap", 5)) {
		if (rc == 0)
			m->mapped &= ~(1ULL << dev);
	} else if (!strncmp(cmd, "detach", 6)) {
		if (rc == 0)
			m->attached &= ~(1ULL << dev);
	} else if (rc == 0 && strcmp(place, "ok")) {
		violation(w, "'%s': CPU access left pages that break the allocator's promises: %s", cmd, res);
	}
	m->mask = mask;
	snprintf(m->alloc, sizeof(m->alloc), "%s", a);
}

static void *ctl_thread(void *arg)
{
	static const char *const dirs[] = { "", " to", " from" };
	static const unsigned long lens[] = { PAGE, 3 * PAGE, 1UL << 20, 5UL << 20 };
	struct worker *w = arg;
	struct model m = { 0 };
	char cmd[96], res[160];
	int fd, dev = 0, op, rc;

	fd = open(ctl_path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		violation(w, "open %s: %s", ctl_path, strerror(errno));
		return NULL;
	}
	while (time_left()) {
		op = pick(w, 10);
		if (op == 0 || !m.have) {
			snprintf(cmd, sizeof(cmd), "new %s %lu", heap_label(heaps[pick(w, nheaps)]),
				 lens[pick(w, 4)]);
		} else if (op <= 3) {
			dev = pick(w, ndevs);
			snprintf(cmd, sizeof(cmd), "attach %s", devs[dev]);
		} else if (op <= 5) {
			dev = pick(w, ndevs);
			snprintf(cmd, sizeof(cmd), "map %s%s", devs[dev], dirs[pick(w, 3)]);
		} else if (op == 6) {
			dev = pick(w, ndevs);
			snprintf(cmd, sizeof(cmd), "unmap %s", devs[dev]);
		} else if (op == 7) {
			dev = pick(w, ndevs);
			snprintf(cmd, sizeof(cmd), "detach %s", devs[dev]);
		} else {
			snprintf(cmd, sizeof(cmd), "%s", op == 8 ? "vmap" : "sync");
		}
		rc = ctl_cmd(fd, cmd, res, sizeof(res));
		w->ops++;
		if (rc) {
			violation(w, "'%s': control I/O failed: %s", cmd, strerror(-rc));
			break;
		}
		check_ctl(w, &m, cmd, dev, res);
	}
	close(fd);
	return NULL;
}

/* ---- fill: many buffers alive at once, each where its allocator promised ---- */

/*
 * Before the random load, for each heap: up to FILL one-page buffers alive at
 * once, each on its own control file and backed by a vmap, until the heap
 * runs out (ENOMEM, ENOSPC) or refuses CPU access (EPERM, protected memory).
 * Every buffer backed must report place=ok: one-page buffers of an allocator
 * with a 1 MiB alignment take a 1 MiB block each, so a 32 MiB region is full
 * after 32 of them, and a module that then backs buffers elsewhere (the DMA
 * API's silent fallback from a full CMA area to the buddy allocator) is caught
 * deterministically, not only when the random load happens to fill it.
 */
#define FILL 64

static void fill_heap(struct worker *w, const char *heap)
{
	char cmd[96], res[160] = "", v[40] = "-", place[16];
	int fds[FILL], fd, n = 0, held = 0;
	long rc;

	snprintf(cmd, sizeof(cmd), "new %s %lu", heap_label(heap), PAGE);
	while (n < FILL) {
		fd = open(ctl_path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			violation(w, "fill %s: open %s: %s", heap, ctl_path, strerror(errno));
			break;
		}
		fds[n++] = fd;
		if (ctl_cmd(fd, cmd, res, sizeof(res)) || field(res, "rc", v, sizeof(v)) ||
		    strtol(v, NULL, 10) || ctl_cmd(fd, "vmap", res, sizeof(res)) ||
		    field(res, "rc", v, sizeof(v)) || field(res, "place", place, sizeof(place))) {
			violation(w, "fill %s: buffer %d not created or unreadable: %s", heap, n - 1, res);
			break;
		}
		rc = strtol(v, NULL, 10);
		if (rc == -ENOMEM || rc == -ENOSPC || rc == -EPERM)
			break;
		if (rc) {
			violation(w, "fill %s: vmap of buffer %d: errno outside the documented ones: %s",
				  heap, n - 1, res);
			break;
		}
		if (strcmp(place, "ok"))
			violation(w, "fill %s: buffer %d of %d alive at once breaks the allocator's promises: %s",
				  heap, n, FILL, res);
		held++;
	}
	while (n > 0)
		close(fds[--n]);
	printf("@@CENSPEC STRESS FILL heap=%s held=%d of %d%s%s\n", heap_name(heap), held, FILL,
	       held < FILL ? " then rc=" : "", held < FILL ? v : "");
	fflush(stdout);
}

/* Whether any buffer of the fill phase contradicted the model. */
static int fill_heaps(void)
{
	struct worker w = { .proc = -1, .index = -1 };
	int i;

	for (i = 0; i < nheaps; i++)
		fill_heap(&w, heaps[i]);
	return w.violations != 0;
}

/* ---- heap threads: shared buffers, use racing release ---------------------- */

static int heap_alloc(const char *path, unsigned long len)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	int heap = open(path, O_RDWR | O_CLOEXEC), rc;

	if (heap < 0)
		return -errno;
	rc = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) < 0 ? -errno : (int)d.fd;
	close(heap);
	return rc;
}

/* Takes a reference of the buffer in slot i (its own fd), or -1. */
static int take(int i)
{
	int fd = __atomic_exchange_n(&ring[i], -1, __ATOMIC_ACQ_REL), d, expect = -1;

	if (fd < 0)
		return -1;
	d = dup(fd);
	if (!__atomic_compare_exchange_n(&ring[i], &expect, fd, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		close(fd);
	return d;
}

static void use_buffer(struct worker *w, int fd)
{
	struct dma_buf_sync s;
	off_t size = lseek(fd, 0, SEEK_END);
	unsigned char *p;

	if (size <= 0)
		return;
	p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		if (errno != ENOMEM && errno != EPERM && errno != ENOSPC)
			violation(w, "mmap of a shared buffer: %s", strerror(errno));
		return;
	}
	s.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) == 0) {
		memset(p, (int)(w->ops & 0xff), (size_t)size);
		s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
		if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s))
			violation(w, "SYNC_END after a successful SYNC_START: %s", strerror(errno));
	}
	munmap(p, (size_t)size);
}

static void *heap_thread(void *arg)
{
	static const unsigned long lens[] = { PAGE, 5 * PAGE, 1UL << 20, 3UL << 20 };
	struct worker *w = arg;
	int fd, i, op;

	while (time_left()) {
		i = pick(w, RING);
		op = pick(w, 4);
		w->ops++;
		if (op == 0) {
			fd = heap_alloc(heaps[pick(w, nheaps)], lens[pick(w, 4)]);
			if (fd < 0) {
				if (fd != -ENOMEM && fd != -EINVAL)
					violation(w, "DMA_HEAP_IOCTL_ALLOC: %s", strerror(-fd));
				continue;
			}
			fd = __atomic_exchange_n(&ring[i], fd, __ATOMIC_ACQ_REL);
			if (fd >= 0)
				close(fd);	/* the release races other holders' use */
		} else if (op == 1) {
			fd = __atomic_exchange_n(&ring[i], -1, __ATOMIC_ACQ_REL);
			if (fd >= 0)
				close(fd);
		} else {
			fd = take(i);
			if (fd >= 0) {
				use_buffer(w, fd);
				close(fd);
			}
		}
	}
	return NULL;
}

static int run_process(int proc)
{
	struct worker w[CTL_THREADS + HEAP_THREADS];
	unsigned long ops = 0, violations = 0;
	int i;

	for (i = 0; i < RING; i++)
		ring[i] = -1;
	for (i = 0; i < CTL_THREADS + HEAP_THREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].proc = proc;
		w[i].index = i;
		w[i].rng = (seed * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)proc << 32) ^ (uint64_t)(i + 1) * 0xbf58476d1ce4e5b9ULL;
		if (!w[i].rng)
			w[i].rng = 1;
		if (pthread_create(&w[i].tid, NULL, i < CTL_THREADS ? ctl_thread : heap_thread, &w[i])) {
			printf("@@CENSPEC STRESS VIOLATION proc=%d pthread_create failed\n", proc);
			return 1;
		}
	}
	for (i = 0; i < CTL_THREADS + HEAP_THREADS; i++) {
		pthread_join(w[i].tid, NULL);
		ops += w[i].ops;
		violations += w[i].violations;
	}
	for (i = 0; i < RING; i++)
		if (ring[i] >= 0)
			close(ring[i]);
	printf("@@CENSPEC STRESS proc=%d ops=%lu violations=%lu\n", proc, ops, violations);
	fflush(stdout);
	return violations ? 1 : 0;
}

int main(int argc, char **argv)
{
	int i = 1, p, status, bad = 0;
	pid_t pids[PROCS];
	char *end;

	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (!strcmp(argv[i], "--seed"))
			seed = strtoull(argv[i + 1], &end, 0);
		else if (!strcmp(argv[i], "--seconds"))
			seconds = strtod(argv[i + 1], &end);
		else
			end = argv[i];
		if (*end) {
			fprintf(stderr, "usage: heap_stress [--seed N] [--seconds S] MODULE CTL HEAP...\n");
			return 2;
		}
	}
	if (argc - i < 3) {
		fprintf(stderr, "usage: heap_stress [--seed N] [--seconds S] MODULE CTL HEAP...\n");
		return 2;
	}
	spec = strndup(argv[i], strlen(argv[i]) - (strlen(argv[i]) > 5 &&
			!strcmp(argv[i] + strlen(argv[i]) - 5, "_test") ? 5 : 0));
	ctl_path = argv[i + 1];
	for (i += 2; i < argc && nheaps < MAX_HEAPS; i++) {
		heaps[nheaps] = argv[i];
		labels[nheaps] = label_of(argv[i]);
		if (labels[nheaps])
			nheaps++;	/* an alias is its share's heap again */
	}
	if (!strcmp(ctl_path, "-") || load_devices()) {
		printf("@@CENSPEC STRESS VIOLATION no stand-in devices from %s (a test build's control device)\n", ctl_path);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t_end);
	t_end.tv_sec += (time_t)seconds;
	t_end.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (t_end.tv_nsec >= 1000000000L) {
		t_end.tv_sec++;
		t_end.tv_nsec -= 1000000000L;
	}
	printf("@@CENSPEC STRESS start seed=%llu seconds=%g procs=%d threads=%d devices=%d heaps=%d\n",
	       seed, seconds, PROCS, CTL_THREADS + HEAP_THREADS, ndevs, nheaps);
	fflush(stdout);
	bad = fill_heaps();
	for (p = 0; p < PROCS; p++) {
		pids[p] = fork();
		if (pids[p] == 0)
			_exit(run_process(p));
		if (pids[p] < 0)
			bad = 1;
	}
	for (p = 0; p < PROCS; p++)
		if (pids[p] > 0 && (waitpid(pids[p], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)))
			bad = 1;
	printf("@@CENSPEC STRESS SUMMARY seed=%llu %s\n", seed, bad ? "FAILED" : "consistent with the model");
	fflush(stdout);
	return bad;
}
