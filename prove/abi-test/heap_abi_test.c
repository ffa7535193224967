// SPDX-License-Identifier: GPL-2.0
/*
 * heap_abi_test - userspace ABI test for censpec dma-buf heaps, and the
 * replayer for the control device of the test build. Built static so that
 * it runs in the bare initramfs of boot-guest.sh.
 *
 * Usage:
 *   heap_abi_test [--expect NAME=WHAT]... [--max-len NAME=BYTES]...
 *                 [--max-contig BYTES] [--quick] [--contract] HEAP_PATH...
 *       Runs the ABI tests on each heap (e.g. /dev/dma_heap/rpi4_camera).
 *       --expect NAME=WHAT: what the spec predicts for CPU access to the
 *       buffers of heap NAME (the last part of its path), asserted:
 *         any        every size the test uses can be backed
 *         BYTES      a buffer of more than BYTES cannot be backed (only
 *                    contiguous allocators in the mask): its mmap must fail
 *                    with ENOMEM, and every smaller one must succeed
 *         BYTES:protected  the same, but a larger buffer would fall back to
 *                    a protected allocator: its mmap must fail with EPERM
 *         protected  its memory is protected: mmap and DMA_BUF_IOCTL_SYNC
 *                    must fail with EPERM
 *       --max-len NAME=BYTES: heap NAME allocates at most BYTES (a share's
 *       max_size): a longer buffer must be refused with EINVAL, and the
 *       fixed-size tests use buffers of at most BYTES.
 *       --max-contig BYTES (a heap with no --expect): an ENOMEM from alloc
 *       or mmap of a buffer larger than BYTES counts as "skipped".
 *       --quick: no sizes above 4 MiB.
 *       --contract: only the ioctl's contract and error cases, which
 *       upstream's dma-heap core gives every heap (a control run on the
 *       kernel's own heaps shows these expectations are upstream's).
 *   heap_abi_test --replay CTL_PATH REPLAY_FILE
 *       Writes each command line of REPLAY_FILE to CTL_PATH (one fd for the
 *       whole file, one write() per command), reads the result line back and
 *       prints it. See prove/guest/README.md for both formats.
 *
 * Output lines start with "@@CENSPEC ". Exit status: 0 all passed, 1 a test
 * failed (or a replay I/O error happened), 2 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#define PAGE 4096UL
#define MIB (1024UL * 1024UL)
#define NBUFS 64

static const char *heap_path;
static unsigned long long max_contig; /* 0: no ENOMEM is acceptable */

#define MAX_EXPECT 64
#define NO_LIMIT (~0ULL)
/* The spec's prediction for one heap (--expect). */
struct heap_expect {
	const char *name;
	unsigned long long limit;	/* largest buffer CPU access can back */
	int beyond;			/* the mmap errno above limit */
	int protected_mem;		/* CPU access refused with EPERM */
};
static struct heap_expect expects[MAX_EXPECT];
static int n_expects;
static const struct heap_expect *expect_now; /* of heap_path, or NULL */

/* The longest buffer one heap allocates (--max-len). */
struct heap_max {
	const char *name;
	unsigned long long len;
};
static struct heap_max maxes[MAX_EXPECT];
static int n_maxes;
static unsigned long long max_len_now = NO_LIMIT; /* of heap_path */
static int quick;
static int contract_only;
static int n_pass, n_fail, n_skip;

static void report(const char *verdict, const char *test, const char *fmt, ...)
{
	va_list ap;

	printf("@@CENSPEC ABI %s %s %s", heap_path, verdict, test);
	if (fmt && *fmt) {
		putchar(' ');
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	fflush(stdout);
}

#define PASS(t, ...) do { n_pass++; report("PASS", t, __VA_ARGS__); } while (0)
#define FAIL(t, ...) do { n_fail++; report("FAIL", t, __VA_ARGS__); } while (0)
#define SKIP(t, ...) do { n_skip++; report("SKIP", t, __VA_ARGS__); } while (0)

/* A fixed-size test buffer of @len bytes, shortened to the heap's max_size. */
static unsigned long long fit(unsigned long long len)
{
	return len < max_len_now ? len : max_len_now;
}

static int open_heap(void)
{
	return open(heap_path, O_RDWR | O_CLOEXEC);
}

/* Returns the dma-buf fd, or -errno. */
static int heap_alloc(int heap, unsigned long long len, unsigned int fd_flags,
		      unsigned long long heap_flags)
{
	struct dma_heap_allocation_data d;

	memset(&d, 0, sizeof(d));
	d.len = len;
	d.fd_flags = fd_flags;
	d.heap_flags = heap_flags;
	d.fd = 0; /* upstream rejects a nonzero input fd with EINVAL */
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		return -errno;
	if (d.len != len || d.fd_flags != fd_flags || d.heap_flags != heap_flags)
		return -EPROTO; /* the kernel must not change the inputs */
	if ((int)d.fd < 0)
		return -EBADF;
	return (int)d.fd;
}

static int buf_sync(int fd, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &s) < 0 ? -errno : 0;
}

static unsigned char pattern(unsigned long seed, size_t off)
{
	uint64_t x = (seed + 1) * 0x9e3779b97f4a7c15ULL ^ (off / 8);

	x ^= x >> 29;
	return (unsigned char)(x >> (8 * (off & 7)));
}

/* An ENOMEM for a large buffer on a heap declared contiguous is acceptable. */
static int enomem_ok(int err, unsigned long long len)
{
	return !expect_now && err == -ENOMEM && max_contig && len > max_contig;
}

/* The errno the spec predicts for CPU access to a buffer of @len, or 0. */
static int refusal_predicted(unsigned long long len)
{
	return expect_now && len > expect_now->limit ? expect_now->beyond : 0;
}

/*
 * Whether CPU access to a buffer of @len failing with @err is the refusal the
 * spec predicts here (no allocator of the heap's mask can back @len on this
 * target: a numeric --expect below @len, e.g. 0 where the heap's only
 * allocator names a region the target lacks).
 */
static int refused_as_predicted(unsigned long long len, int err)
{
	return refusal_predicted(len) && err == refusal_predicted(len);
}

static void fill(unsigned char *p, size_t len, unsigned long seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pattern(seed, i);
}

/* Returns the first mismatching offset, or len. */
static size_t check(const unsigned char *p, size_t len, unsigned long seed,
		    size_t base)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pattern(seed, base + i))
			return i;
	return len;
}

static size_t first_nonzero(const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return i;
	return len;
}

static off_t buf_size(int fd)
{
	return lseek(fd, 0, SEEK_END);
}

/*
 * Reports the physical range behind a mapping (needs CAP_SYS_ADMIN for the
 * PFNs of /proc/self/pagemap; the guest runs as root). Informational only:
 * which range is right depends on the allocator the spec picked.
 */
static void phys_info(const char *name, const unsigned char *p, size_t len)
{
	uint64_t e, lo = UINT64_MAX, hi = 0, prev = 0;
	size_t i, npages = len / PAGE;
	int fd, contiguous = 1;

	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (i = 0; i < npages; i++) {
		off_t off = (off_t)(((uintptr_t)p / PAGE + i) * sizeof(e));

		if (pread(fd, &e, sizeof(e), off) != sizeof(e) || !(e >> 63) ||
		    !(e & ((1ULL << 55) - 1))) {
			close(fd);
			return; /* not present, or PFNs hidden */
		}
		e &= (1ULL << 55) - 1;
		if (i && e != prev + 1)
			contiguous = 0;
		prev = e;
		if (e < lo)
			lo = e;
		if (e > hi)
			hi = e;
	}
	close(fd);
	if (npages)
		printf("@@CENSPEC ABI %s INFO phys %s lo=0x%llx hi=0x%llx contiguous=%s\n",
		       heap_path, name, (unsigned long long)(lo * PAGE),
		       (unsigned long long)((hi + 1) * PAGE), contiguous ? "yes" : "no");
}

/* A buffer longer than the heap's max_size: the alloc must fail with EINVAL. */
static void test_over_max(int heap, const char *name, unsigned long long len)
{
	int fd = heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0);

	if (fd == -EINVAL) {
		PASS(name, "EINVAL: longer than the heap's max_size %llu", max_len_now);
		return;
	}
	if (fd >= 0)
		close(fd);
	FAIL(name, "alloc of %llu bytes: %s; the heap's max_size is %llu, want EINVAL", len,
	     fd >= 0 ? "succeeded" : strerror(-fd), max_len_now);
}

/*
 * Allocates LEN bytes, checks size and zero fill, writes a pattern between
 * SYNC_START/END, unmaps, maps again and reads it back. Returns 0 on pass.
 */
static void test_rw(int heap, unsigned long long len, unsigned long seed)
{
	char name[64];
	size_t maplen = (len + PAGE - 1) & ~(PAGE - 1);
	unsigned char *p;
	off_t sz;
	size_t bad;
	int fd, err;

	snprintf(name, sizeof(name), "rw-%llu", len);
	if (len > max_len_now) {
		test_over_max(heap, name, len);
		return;
	}
	fd = heap_alloc(heap, len, O_RDWR | O_CLOEXEC, 0);
	if (fd < 0) {
		if (enomem_ok(fd, len))
			SKIP(name, "alloc ENOMEM above --max-contig %llu", max_contig);
		else
			FAIL(name, "alloc: %s", strerror(-fd));
		return;
	}
	sz = buf_size(fd);
	if (sz < (off_t)len || sz % (off_t)PAGE) {
		FAIL(name, "size via lseek(SEEK_END) is %lld, want >= %llu and page aligned",
		     (long long)sz, len);
		goto out;
	}
	p = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		err = -errno;
		if (refusal_predicted(len) == ENOMEM && err == -ENOMEM)
			PASS(name, "mmap ENOMEM: no allocator of the mask backs more than %llu bytes",
			     expect_now->limit);
		else if (refusal_predicted(len) == EPERM && err == -EPERM)
			PASS(name, "mmap EPERM: beyond %llu bytes only protected memory is left",
			     expect_now->limit);
		else if (enomem_ok(err, len))
			SKIP(name, "mmap ENOMEM above --max-contig %llu", max_contig);
		else
			FAIL(name, "mmap %zu: %s", maplen, strerror(-err));
		goto out;
	}
	if (refusal_predicted(len)) {
		FAIL(name, "mmap %zu succeeded; the spec predicts %s above %llu bytes", maplen,
		     strerror(refusal_predicted(len)), expect_now->limit);
		munmap(p, maplen);
		goto out;
	}
	err = buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	if (err) {
		FAIL(name, "SYNC_START|RW: %s", strerror(-err));
		munmap(p, maplen);
		goto out;
	}
	bad = first_nonzero(p, maplen);
	if (bad != maplen) {
		FAIL(name, "new buffer not zeroed at offset %zu (0x%02x)", bad, p[bad]);
		buf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
		munmap(p, maplen);
		goto out;
	}
	fill(p, maplen, seed);
	phys_info(name, p, maplen);
	err = buf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	munmap(p, maplen);
	if (err) {
		FAIL(name, "SYNC_END|RW: %s", strerror(-err));
		goto out;
	}
	p = mmap(NULL, maplen, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		FAIL(name, "second mmap: %s", strerror(errno));
		goto out;
	}
	err = buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	bad = check(p, maplen, seed, 0);
	if (!err)
		err = buf_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	if (err)
		FAIL(name, "SYNC READ: %s", strerror(-err));
	else if (bad != maplen)
		FAIL(name, "read back differs at offset %zu", bad);
	else if (maplen >= 2 * PAGE) {
		/* A mapping at a page offset must show that page. */
		unsigned char *q = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE);

		if (q == MAP_FAILED)
			FAIL(name, "mmap at offset 4096: %s", strerror(errno));
		else if (check(q, PAGE, seed, PAGE) != PAGE)
			FAIL(name, "mmap at offset 4096 shows the wrong page");
		else
			PASS(name, "size=%lld", (long long)sz);
		if (q != MAP_FAILED)
			munmap(q, PAGE);
	} else {
		PASS(name, "size=%lld", (long long)sz);
	}
	munmap(p, maplen);
out:
	close(fd);
}

/*
 * Whether backing buffer #@i failing with @err is the heap running out: only
 * on a heap whose allocators are all bounded (a numeric --expect: contiguous
 * memory, a CMA area or a region, where each buffer takes a block of at least
 * the allocator's alignment) and only after it held at least one buffer.
 */
static int heap_full(int i, int err)
{
	return i > 0 && expect_now && expect_now->limit != NO_LIMIT &&
	       (err == ENOMEM || err == ENOSPC);
}

static void test_many(int heap)
{
	int fds[NBUFS];
	unsigned char *maps[NBUFS];
	size_t lens[NBUFS];
	int i, n = 0, ok = 1, full = 0, refused = 0;

	for (i = 0; i < NBUFS; i++) {
		lens[i] = fit(PAGE * (1 + (i % 16)));
		fds[i] = heap_alloc(heap, lens[i], O_RDWR | O_CLOEXEC, 0);
		if (fds[i] < 0) {
			FAIL("many", "alloc #%d (%zu bytes): %s", i, lens[i], strerror(-fds[i]));
			ok = 0;
			break;
		}
		n++;
		maps[i] = mmap(NULL, lens[i], PROT_READ | PROT_WRITE, MAP_SHARED, fds[i], 0);
		if (maps[i] == MAP_FAILED) {
			int err = errno;

			close(fds[i]);
			n--;
			if (heap_full(i, err)) {
				full = err;
				break;
			}
			if (refused_as_predicted(lens[i], err)) {
				refused = err;
				break;
			}
			FAIL("many", "mmap #%d: %s", i, strerror(err));
			ok = 0;
			break;
		}
		if (refusal_predicted(lens[i])) {
			FAIL("many", "mmap #%d (%zu bytes) succeeded; the spec predicts %s above %llu bytes",
			     i, lens[i], strerror(refusal_predicted(lens[i])), expect_now->limit);
			munmap(maps[i], lens[i]);
			close(fds[i]);
			n--;
			ok = 0;
			break;
		}
		buf_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		fill(maps[i], lens[i], 1000 + i);
		buf_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	}
	/* Every buffer must still hold its own pattern (no shared pages). */
	for (i = 0; ok && i < n; i++) {
		size_t bad;

		buf_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		bad = check(maps[i], lens[i], 1000 + i, 0);
		buf_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		if (bad != lens[i]) {
			FAIL("many", "buffer #%d differs at offset %zu", i, bad);
			ok = 0;
		}
	}
	for (i = 0; i < n; i++) {
		munmap(maps[i], lens[i]);
		close(fds[i]);
	}
	if (ok && full)
		PASS("many", "%d buffers alive at once, then %s: the heap's contiguous memory is full",
		     n, strerror(full));
	else if (ok && refused)
		PASS("many", "%d buffers alive, then %s as predicted: nothing over %llu bytes here",
		     n, strerror(refused), expect_now->limit);
	else if (ok)
		PASS("many", "%d buffers alive at once", NBUFS);
}

static void expect_errno(int heap, const char *name, unsigned long long len,
			 unsigned int fd_flags, unsigned long long heap_flags,
			 int want1, int want2)
{
	int fd = heap_alloc(heap, len, fd_flags, heap_flags);

	if (fd >= 0) {
		FAIL(name, "succeeded, want %s", strerror(want1));
		close(fd);
	} else if (-fd == want1 || -fd == want2) {
		PASS(name, "%s", strerror(-fd));
	} else {
		FAIL(name, "got %s, want %s%s%s", strerror(-fd), strerror(want1),
		     want2 ? " or " : "", want2 ? strerror(want2) : "");
	}
}

static void test_errors(int heap)
{
	struct dma_heap_allocation_data d;
	int fd;

	expect_errno(heap, "len-0", 0, O_RDWR | O_CLOEXEC, 0, EINVAL, 0);
	/*
	 * A huge length is the heap's to refuse, not the core's: the kernel's
	 * own system heap of 7.2 tries it until the OOM killer ends the caller.
	 */
	if (!contract_only)
		expect_errno(heap, "len-2^62", 1ULL << 62, O_RDWR | O_CLOEXEC, 0, EINVAL, ENOMEM);
	expect_errno(heap, "len-max", ~0ULL, O_RDWR | O_CLOEXEC, 0, EINVAL, ENOMEM);
	expect_errno(heap, "fd_flags-nonblock", PAGE, O_RDWR | O_NONBLOCK, 0, EINVAL, 0);
	expect_errno(heap, "fd_flags-all", PAGE, 0xffffffffU, 0, EINVAL, 0);
	expect_errno(heap, "heap_flags-1", PAGE, O_RDWR | O_CLOEXEC, 1, EINVAL, 0);
	expect_errno(heap, "heap_flags-63", PAGE, O_RDWR | O_CLOEXEC, 1ULL << 63, EINVAL, 0);

	memset(&d, 0, sizeof(d));
	d.len = PAGE;
	d.fd_flags = O_RDWR | O_CLOEXEC;
	d.fd = 3;
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) == 0) {
		FAIL("fd-nonzero-input", "succeeded, want EINVAL");
		close((int)d.fd);
	} else if (errno == EINVAL) {
		PASS("fd-nonzero-input", "EINVAL");
	} else {
		FAIL("fd-nonzero-input", "got %s, want EINVAL", strerror(errno));
	}

	fd = heap_alloc(heap, fit(2 * PAGE), O_RDWR | O_CLOEXEC, 0);
	if (fd < 0) {
		FAIL("buf-errors", "alloc: %s", strerror(-fd));
		return;
	}
	{
		int e1 = buf_sync(fd, DMA_BUF_SYNC_START | 0x100);
		int e2 = buf_sync(fd, DMA_BUF_SYNC_START);
		void *p = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
		int e3 = p == MAP_FAILED ? errno : 0;

		if (p != MAP_FAILED)
			munmap(p, 3 * PAGE);
		if (e1 != -EINVAL)
			FAIL("sync-bad-flags", "got %s, want EINVAL", e1 ? strerror(-e1) : "success");
		else if (e2 != -EINVAL)
			FAIL("sync-bad-flags", "no direction: got %s, want EINVAL",
			     e2 ? strerror(-e2) : "success");
		else
			PASS("sync-bad-flags", "EINVAL");
		if (e3 == EINVAL)
			PASS("mmap-beyond-size", "EINVAL");
		else
			FAIL("mmap-beyond-size", "got %s, want EINVAL", e3 ? strerror(e3) : "success");
	}
	close(fd);
}

/* An fd the kernel returned: open, and closed here. */
static int returned_fd_ok(unsigned int fd)
{
	int ok = (int)fd > 2 && fcntl((int)fd, F_GETFD) >= 0;

	if ((int)fd > 2)
		close((int)fd);
	return ok;
}

/* ioctl(CMD, ARG): 0, or errno. */
static int heap_ioctl(int heap, unsigned long cmd, void *arg)
{
	return ioctl(heap, cmd, arg) < 0 ? errno : 0;
}

static void expect_ioctl_errno(const char *name, int err, int want)
{
	if (err == want)
		PASS(name, "%s", strerror(want));
	else
		FAIL(name, "got %s, want %s", err ? strerror(err) : "success", strerror(want));
}

/*
 * The ioctl as upstream's dma-heap core serves it (drivers/dma-buf/dma-heap.c),
 * which the kernel's own heaps show too: the command is found by _IOC_NR()
 * alone (-EINVAL past the last), the argument is read at the size the caller
 * encoded, the rest zero-filled, and written back at that size.
 */
static void test_ioctl_contract(int heap)
{
	struct { __u64 len; __u32 fd; __u32 fd_flags; } older;
	struct {
		__u64 len; __u32 fd; __u32 fd_flags; __u64 heap_flags; __u64 extra[3];
	} newer;
	struct dma_heap_allocation_data d;
	int err;

	memset(&older, 0, sizeof(older));
	older.len = fit(PAGE);
	older.fd_flags = O_RDWR | O_CLOEXEC;
	err = heap_ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, older), &older);
	if (err)
		FAIL("ioctl-older-struct", "%s", strerror(err));
	else if (!returned_fd_ok(older.fd))
		FAIL("ioctl-older-struct", "returned fd %u is not open", older.fd);
	else
		PASS("ioctl-older-struct", "");

	memset(&newer, 0, sizeof(newer));
	newer.len = fit(PAGE);
	newer.fd_flags = O_RDWR | O_CLOEXEC;
	newer.extra[0] = 0xffffffff;
	newer.extra[1] = 0x88888888;
	newer.extra[2] = 0x11111111;
	err = heap_ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, newer), &newer);
	if (err)
		FAIL("ioctl-newer-struct", "%s", strerror(err));
	else if (!returned_fd_ok(newer.fd))
		FAIL("ioctl-newer-struct", "returned fd %u is not open", newer.fd);
	else if (newer.extra[0] != 0xffffffff || newer.extra[1] != 0x88888888 ||
		 newer.extra[2] != 0x11111111)
		FAIL("ioctl-newer-struct", "the fields beyond the kernel's struct changed");
	else
		PASS("ioctl-newer-struct", "");

	memset(&newer, 0, sizeof(newer));
	newer.len = fit(PAGE);
	newer.fd_flags = O_RDWR | O_CLOEXEC;
	newer.heap_flags = 1;
	err = heap_ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, newer), &newer);
	if (!err)
		returned_fd_ok(newer.fd);
	expect_ioctl_errno("ioctl-newer-heap_flags", err, EINVAL);

	memset(&d, 0, sizeof(d));
	d.len = fit(PAGE);
	d.fd_flags = O_RDWR | O_CLOEXEC;
	err = heap_ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, 0x1, struct dma_heap_allocation_data), &d);
	expect_ioctl_errno("ioctl-unknown-nr", err, EINVAL);

	/* Only the number counts: another type with number 0 allocates. */
	memset(&d, 0, sizeof(d));
	d.len = fit(PAGE);
	d.fd_flags = O_RDWR | O_CLOEXEC;
	err = heap_ioctl(heap, _IOWR('X', 0x0, struct dma_heap_allocation_data), &d);
	if (err)
		FAIL("ioctl-nr-only", "%s", strerror(err));
	else if (!returned_fd_ok(d.fd))
		FAIL("ioctl-nr-only", "returned fd %u is not open", d.fd);
	else
		PASS("ioctl-nr-only", "");

	/* Without the write direction nothing is read: a zero length. */
	memset(&d, 0, sizeof(d));
	d.len = fit(PAGE);
	d.fd_flags = O_RDWR | O_CLOEXEC;
	err = heap_ioctl(heap, _IOR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data), &d);
	expect_ioctl_errno("ioctl-no-input", err, EINVAL);
	err = heap_ioctl(heap, _IO(DMA_HEAP_IOC_MAGIC, 0x0), NULL);
	expect_ioctl_errno("ioctl-no-argument", err, EINVAL);
}

/* An mmap of protected memory (@p its result): refused with EPERM, nothing mapped. */
static void expect_protected_mmap(const char *name, void *p)
{
	if (p != MAP_FAILED) {
		munmap(p, PAGE);
		FAIL(name, "mmap of protected memory succeeded, want EPERM");
	} else if (errno != EPERM) {
		FAIL(name, "mmap of protected memory: %s, want EPERM", strerror(errno));
	} else {
		PASS(name, "EPERM: protected memory");
	}
}

static void test_fd_flags(int heap)
{
	int fd, fl, fdfl;
	void *p;

	fd = heap_alloc(heap, fit(PAGE), O_RDWR | O_CLOEXEC, 0);
	if (fd < 0) {
		FAIL("fd-rdwr-cloexec", "alloc: %s", strerror(-fd));
	} else {
		fl = fcntl(fd, F_GETFL);
		fdfl = fcntl(fd, F_GETFD);
		if ((fl & O_ACCMODE) != O_RDWR || !(fdfl & FD_CLOEXEC))
			FAIL("fd-rdwr-cloexec", "F_GETFL 0x%x F_GETFD 0x%x", fl, fdfl);
		else
			PASS("fd-rdwr-cloexec", "");
		close(fd);
	}
	fd = heap_alloc(heap, fit(PAGE), O_RDWR, 0);
	if (fd < 0) {
		FAIL("fd-no-cloexec", "alloc: %s", strerror(-fd));
	} else {
		fdfl = fcntl(fd, F_GETFD);
		if (fdfl & FD_CLOEXEC)
			FAIL("fd-no-cloexec", "FD_CLOEXEC set without O_CLOEXEC");
		else
			PASS("fd-no-cloexec", "");
		close(fd);
	}
	/* Upstream heaps give the dma-buf file the access mode of fd_flags. */
	fd = heap_alloc(heap, fit(PAGE), O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		FAIL("fd-rdonly", "alloc: %s", strerror(-fd));
		return;
	}
	fl = fcntl(fd, F_GETFL);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p != MAP_FAILED) {
		munmap(p, PAGE);
		FAIL("fd-rdonly", "writable shared mmap of an O_RDONLY buffer succeeded (F_GETFL 0x%x)", fl);
	} else if ((fl & O_ACCMODE) != O_RDONLY) {
		FAIL("fd-rdonly", "F_GETFL 0x%x, want O_RDONLY", fl);
	} else {
		p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
		if (expect_now && expect_now->protected_mem) {
			expect_protected_mmap("fd-rdonly", p);
		} else if (p == MAP_FAILED && refused_as_predicted(PAGE, errno)) {
			PASS("fd-rdonly", "read-only mmap %s as predicted", strerror(errno));
		} else if (p == MAP_FAILED) {
			FAIL("fd-rdonly", "read-only mmap: %s", strerror(errno));
		} else if (refusal_predicted(PAGE)) {
			munmap(p, PAGE);
			FAIL("fd-rdonly", "read-only mmap succeeded; the spec predicts %s",
			     strerror(refusal_predicted(PAGE)));
		} else {
			munmap(p, PAGE);
			PASS("fd-rdonly", "");
		}
	}
	close(fd);
}

static void test_reopen(int *heap)
{
	unsigned long long len = fit(3 * PAGE);
	size_t maplen = (len + PAGE - 1) & ~(PAGE - 1);
	unsigned char *p;
	int fd, err;

	/* A buffer outlives the heap fd it came from. */
	fd = heap_alloc(*heap, len, O_RDWR | O_CLOEXEC, 0);
	close(*heap);
	*heap = open_heap();
	if (fd < 0) {
		FAIL("reopen", "alloc: %s", strerror(-fd));
		return;
	}
	if (*heap < 0) {
		FAIL("reopen", "reopen %s: %s", heap_path, strerror(errno));
		close(fd);
		return;
	}
	p = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED && refused_as_predicted(maplen, errno)) {
		err = 0; /* it outlived the heap fd: its exporter answered as predicted */
	} else if (p == MAP_FAILED) {
		FAIL("reopen", "mmap after heap close: %s", strerror(errno));
		close(fd);
		return;
	} else if (refusal_predicted(maplen)) {
		munmap(p, maplen);
		FAIL("reopen", "mmap succeeded; the spec predicts %s", strerror(refusal_predicted(maplen)));
		close(fd);
		return;
	} else {
		fill(p, maplen, 77);
		err = check(p, maplen, 77, 0) == maplen ? 0 : 1;
		munmap(p, maplen);
	}
	close(fd);
	fd = heap_alloc(*heap, fit(PAGE), O_RDWR | O_CLOEXEC, 0);
	if (err)
		FAIL("reopen", "buffer content lost after heap close");
	else if (fd < 0)
		FAIL("reopen", "alloc after reopen: %s", strerror(-fd));
	else
		PASS("reopen", "");
	if (fd >= 0)
		close(fd);
}

static void info_exporter(int heap)
{
	char path[64], line[256];
	FILE *f;
	int fd = heap_alloc(heap, fit(PAGE), O_RDWR | O_CLOEXEC, 0);

	if (fd < 0)
		return;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "exp_name:", 9)) {
			line[strcspn(line, "\n")] = '\0';
			printf("@@CENSPEC ABI %s INFO exporter %s\n", heap_path,
			       line + 9 + strspn(line + 9, " \t"));
		}
	}
	if (f)
		fclose(f);
	close(fd);
}

/* A protected heap: buffers are created, CPU access to them is refused. */
static void test_protected(int heap)
{
	static const unsigned long long lens[] = { PAGE, MIB };
	unsigned long i;
	char name[64];
	void *p;
	int fd, err;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		snprintf(name, sizeof(name), "protected-%llu", lens[i]);
		if (lens[i] > max_len_now) {
			test_over_max(heap, name, lens[i]);
			continue;
		}
		fd = heap_alloc(heap, lens[i], O_RDWR | O_CLOEXEC, 0);
		if (fd < 0) {
			FAIL(name, "alloc: %s", strerror(-fd));
			continue;
		}
		p = mmap(NULL, lens[i], PROT_READ, MAP_SHARED, fd, 0);
		if (p != MAP_FAILED) {
			FAIL(name, "mmap of protected memory succeeded");
			munmap(p, lens[i]);
		} else if (errno != EPERM) {
			FAIL(name, "mmap: %s, want EPERM", strerror(errno));
		} else {
			err = buf_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
			if (err == -EPERM)
				PASS(name, "mmap and SYNC_START refused with EPERM");
			else
				FAIL(name, "SYNC_START: %s, want EPERM", err ? strerror(-err) : "success");
		}
		close(fd);
	}
}

static const struct heap_expect *expect_of(const char *path)
{
	const char *base = strrchr(path, '/');
	int i;

	base = base ? base + 1 : path;
	for (i = 0; i < n_expects; i++)
		if (!strcmp(expects[i].name, base))
			return &expects[i];
	return NULL;
}

/* NAME=BYTES of --max-len */
static int parse_max_len(char *arg)
{
	char *eq = strchr(arg, '='), *end;

	if (!eq || eq == arg || n_maxes == MAX_EXPECT)
		return -1;
	*eq = '\0';
	maxes[n_maxes].name = arg;
	maxes[n_maxes].len = strtoull(eq + 1, &end, 0);
	if (*end || end == eq + 1 || !maxes[n_maxes].len)
		return -1;
	n_maxes++;
	return 0;
}

static unsigned long long max_len_of(const char *path)
{
	const char *base = strrchr(path, '/');
	int i;

	base = base ? base + 1 : path;
	for (i = 0; i < n_maxes; i++)
		if (!strcmp(maxes[i].name, base))
			return maxes[i].len;
	return NO_LIMIT;
}

/* NAME=any|protected|BYTES|BYTES:protected */
static int parse_expect(char *arg)
{
	char *eq = strchr(arg, '='), *end;
	struct heap_expect *e;

	if (!eq || eq == arg || n_expects == MAX_EXPECT)
		return -1;
	*eq = '\0';
	e = &expects[n_expects];
	e->name = arg;
	e->limit = NO_LIMIT;
	e->beyond = ENOMEM;
	if (!strcmp(eq + 1, "protected")) {
		e->protected_mem = 1;
	} else if (strcmp(eq + 1, "any")) {
		e->limit = strtoull(eq + 1, &end, 0);
		if (!strcmp(end, ":protected"))
			e->beyond = EPERM;
		else if (*end)
			return -1;
		if (end == eq + 1)
			return -1;
	}
	n_expects++;
	return 0;
}

static int run_heap(const char *path)
{
	static const unsigned long long sizes[] = {
		PAGE, PAGE + 1, 12345, 64 * 1024, MIB, 3 * MIB + 1,
		4 * MIB, 8 * MIB, 16 * MIB,
	};
	unsigned long i;
	int heap;

	heap_path = path;
	expect_now = expect_of(path);
	max_len_now = max_len_of(path);
	n_pass = n_fail = n_skip = 0;
	heap = open_heap();
	if (heap < 0) {
		FAIL("open", "%s", strerror(errno));
	} else if (contract_only) {
		PASS("open", "");
		test_errors(heap);
		test_ioctl_contract(heap);
		test_fd_flags(heap);
		close(heap);
	} else if (expect_now && expect_now->protected_mem) {
		PASS("open", "");
		test_protected(heap);
		test_errors(heap);
		test_ioctl_contract(heap);
		close(heap);
	} else {
		PASS("open", "");
		info_exporter(heap);
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			if (quick && sizes[i] > 4 * MIB)
				continue;
			test_rw(heap, sizes[i], i);
		}
		test_many(heap);
		test_errors(heap);
		test_ioctl_contract(heap);
		test_fd_flags(heap);
		test_reopen(&heap);
		if (heap >= 0)
			close(heap);
	}
	printf("@@CENSPEC ABI %s SUMMARY %d passed, %d failed, %d skipped\n",
	       path, n_pass, n_fail, n_skip);
	fflush(stdout);
	return n_fail ? 1 : 0;
}

/* ---- replay of the control-device line protocol ---------------------- */

/* Is TOK ("key=value") one of the space-separated words of RES? */
static int has_token(const char *res, const char *tok, size_t toklen)
{
	const char *p = res;

	while (*p) {
		size_t n;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n == toklen && !strncmp(p, tok, n))
			return 1;
		p += n;
	}
	return 0;
}

/* Checks each word of WANT against RES; prints an X line. 0: all found. */
static int expect(int lineno, const char *want, const char *res)
{
	const char *p = want;

	while (*p) {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t");
		if (n && !has_token(res, p, n)) {
			printf("@@CENSPEC X %d FAIL want %.*s got %s\n", lineno, (int)n, p, res);
			return 1;
		}
		p += n;
	}
	printf("@@CENSPEC X %d ok %s\n", lineno, want);
	return 0;
}

static char *trim(char *s)
{
	char *e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static int replay(const char *ctl, const char *file)
{
	char line[512], cmd[520], res[4096];
	FILE *in = fopen(file, "r");
	int fd, lineno = 0, ncmd = 0, nerr = 0, nmis = 0;

	if (!in) {
		printf("@@CENSPEC REPLAY %s ERROR open replay: %s\n", file, strerror(errno));
		return 1;
	}
	fd = open(ctl, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("@@CENSPEC REPLAY %s ERROR open %s: %s\n", file, ctl, strerror(errno));
		fclose(in);
		return 1;
	}
	printf("@@CENSPEC REPLAY %s BEGIN ctl=%s\n", file, ctl);
	while (fgets(line, sizeof(line), in)) {
		char *s, *want = NULL, *arrow;
		size_t n = 0;
		ssize_t r = 0;
		int reads, werr = 0;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		s = trim(line);
		if (!*s)
			continue;
		if (*s == '#') {
			printf("@@CENSPEC M %d %s\n", lineno, trim(s + 1));
			fflush(stdout);
			continue;
		}
		arrow = strstr(s, "=>");
		if (arrow) {
			*arrow = '\0';
			want = trim(arrow + 2);
			s = trim(s);
		}
		ncmd++;
		printf("@@CENSPEC C %d %s\n", lineno, s);
		fflush(stdout);
		n = (size_t)snprintf(cmd, sizeof(cmd), "%s\n", s);
		if (write(fd, cmd, n) < 0) {
			werr = errno;
			snprintf(res, sizeof(res), "rc=-%d mask=- alloc=- place=- write=failed", werr);
		} else {
			n = 0;
			for (reads = 0; reads < 64 && n < sizeof(res) - 1; reads++) {
				r = read(fd, res + n, sizeof(res) - 1 - n);
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0)
					break;
				n += (size_t)r;
			}
			res[n] = '\0';
			res[strcspn(res, "\r\n")] = '\0';
			if (r < 0) {
				printf("@@CENSPEC R %d ERR read errno=%d %s\n", lineno, errno, strerror(errno));
				nerr++;
				continue;
			}
			if (!*res) {
				printf("@@CENSPEC R %d ERR empty\n", lineno);
				nerr++;
				continue;
			}
		}
		printf("@@CENSPEC R %d %s\n", lineno, res);
		if (want && *want)
			nmis += expect(lineno, want, res);
		fflush(stdout);
	}
	fclose(in);
	close(fd);
	printf("@@CENSPEC REPLAY %s END lines=%d commands=%d io_errors=%d mismatches=%d\n",
	       file, lineno, ncmd, nerr, nmis);
	fflush(stdout);
	return nerr || nmis ? 1 : 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: heap_abi_test [--expect NAME=any|protected|BYTES[:protected]]... [--max-len NAME=BYTES]...\n"
		"                     [--max-contig BYTES] [--quick] [--contract] HEAP_PATH...\n"
		"       heap_abi_test --replay CTL_PATH REPLAY_FILE\n");
	return 2;
}

int main(int argc, char **argv)
{
	int i, rc = 0, nheaps = 0;
	char *end;

	if (argc == 4 && !strcmp(argv[1], "--replay"))
		return replay(argv[2], argv[3]);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expect") && i + 1 < argc) {
			if (parse_expect(argv[++i]))
				return usage();
		} else if (!strcmp(argv[i], "--max-len") && i + 1 < argc) {
			if (parse_max_len(argv[++i]))
				return usage();
		} else if (!strcmp(argv[i], "--max-contig") && i + 1 < argc) {
			max_contig = strtoull(argv[++i], &end, 0);
			if (*end)
				return usage();
		} else if (!strcmp(argv[i], "--quick")) {
			quick = 1;
		} else if (!strcmp(argv[i], "--contract")) {
			contract_only = 1;
		} else if (argv[i][0] == '-') {
			return usage();
		} else {
			rc |= run_heap(argv[i]);
			nheaps++;
		}
	}
	if (!nheaps)
		return usage();
	return rc;
}
